// The rules a template's items must keep, beyond their shapes (the DTO checks those): keys unique, offsets on the right
// side of their anchor, dependencies on items above, and legal items exactly as the rules in code say — left out, they
// are put back (a plan never loses the licence because a template forgot it); changed, the request is refused.
import { LEGAL_RULES } from './packs';
import { PlanItem } from './plan-item';

export type CheckedItems = { items: PlanItem[]; errors: [] } | { items: null; errors: string[] };

export function checkTemplateItems(given: readonly PlanItem[]): CheckedItems {
  const errors: string[] = [];
  const seen = new Set<string>();
  given.forEach((it, index) => {
    const at = `items[${index}] (${it.key})`;
    if (seen.has(it.key)) errors.push(`${at}: the key is used twice`);
    if (it.anchor === 'wedding' && it.offsetDays > 0) errors.push(`${at}: offsetDays must be 0 or less against the wedding (nothing is due after it)`);
    if (it.anchor === 'booking' && it.offsetDays < 0) errors.push(`${at}: offsetDays must be 0 or more against the booking`);
    if (it.window && it.window.earliestDaysBefore < it.window.latestDaysBefore) {
      errors.push(`${at}: window.earliestDaysBefore must be at least window.latestDaysBefore`);
    }
    for (const key of it.dependsOn) {
      if (!seen.has(key)) errors.push(`${at}: dependsOn names “${key}”, which is not an item above it`);
    }
    const rule = LEGAL_RULES.get(it.key);
    if (rule) errors.push(...legalChanges(at, it, rule));
    else if (it.legal) errors.push(`${at}: legal items come from the rules in code (${[...LEGAL_RULES.keys()].join(', ')})`);
    seen.add(it.key);
  });
  return errors.length > 0 ? { items: null, errors } : { items: withLegalItems(given), errors: [] };
}

/**
 * What a template may not change in a legal item: its window, duration, types and months, and its dependencies on
 * other legal items (the licence waits on its papers). Its words, category, offset and other dependencies are free.
 */
function legalChanges(at: string, it: PlanItem, rule: PlanItem): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const fixed: [string, unknown, unknown][] = [
    ['legal', it.legal, true],
    ['window', windowDays(it), windowDays(rule)],
    ['minDurationDays', it.minDurationDays, rule.minDurationDays],
    ['appliesTo', [...it.appliesTo].sort(), [...rule.appliesTo].sort()],
    ['months', [...it.months].sort(), [...rule.months].sort()],
  ];
  const dropped = rule.dependsOn.filter((key) => LEGAL_RULES.has(key) && !it.dependsOn.includes(key));
  return [
    ...fixed
      .filter(([, actual, expected]) => !same(actual, expected))
      .map(([field]) => `${at}: ${field} of a legal item is a rule and cannot be changed`),
    ...dropped.map((key) => `${at}: a legal item keeps its dependency on “${key}”`),
  ];
}

/** The template's items with every legal rule it left out put back, after the last item it depends on. */
export function withLegalItems(given: readonly PlanItem[]): PlanItem[] {
  const items = [...given];
  for (const rule of LEGAL_RULES.values()) {
    if (items.some((it) => it.key === rule.key)) continue;
    const present = new Set(items.map((it) => it.key));
    const dependsOn = rule.dependsOn.filter((key) => present.has(key));
    const after = Math.max(-1, ...dependsOn.map((key) => items.findIndex((it) => it.key === key)));
    items.splice(after + 1, 0, { ...rule, dependsOn });
  }
  return items;
}

const windowDays = (it: PlanItem) => (it.window ? [it.window.earliestDaysBefore, it.window.latestDaysBefore] : null);
