import { DEFAULT_PACK, LEGAL_RULES } from './packs';
import { PlanItem } from './plan-item';
import { checkTemplateItems, withLegalItems } from './template-items';

const at = (key: string) => `items[${DEFAULT_PACK.findIndex((it) => it.key === key)}] (${key})`;

const custom = (over: Partial<PlanItem> & Pick<PlanItem, 'key'>): PlanItem => ({
  title: over.key,
  description: '',
  category: 'planning',
  anchor: 'wedding',
  offsetDays: -30,
  window: null,
  minDurationDays: 0,
  dependsOn: [],
  appliesTo: [],
  months: [],
  legal: false,
  ...over,
});

describe('checkTemplateItems', () => {
  it('accepts the default pack as it ships, in its order', () => {
    const result = checkTemplateItems(DEFAULT_PACK);
    expect(result.errors).toEqual([]);
    expect(result.items!.map((it) => it.key)).toEqual(DEFAULT_PACK.map((it) => it.key));
  });

  it('lets a coordinator reword a legal item and move its offset', () => {
    const items = DEFAULT_PACK.map((it) => (it.key === 'pmoc' ? { ...it, title: 'PMOC (Makati)', offsetDays: -100 } : it));
    expect(checkTemplateItems(items).items!.find((it) => it.key === 'pmoc')).toMatchObject({ title: 'PMOC (Makati)', offsetDays: -100 });
  });

  it('puts back legal items a template left out, after what they depend on', () => {
    const items = checkTemplateItems([custom({ key: 'consultation', anchor: 'booking', offsetDays: 2 }), custom({ key: 'cake' })]).items!;
    const keys = items.map((it) => it.key);
    expect(keys).toEqual(expect.arrayContaining([...LEGAL_RULES.keys()]));
    expect(keys.indexOf('licence-application')).toBeGreaterThan(keys.indexOf('pmoc'));
    expect(keys.indexOf('licence-release')).toBeGreaterThan(keys.indexOf('licence-application'));
    expect(items.find((it) => it.key === 'psa-documents')!.dependsOn).toEqual(['consultation']);
    expect(items.find((it) => it.key === 'canonical-interview')!.dependsOn).toEqual([]);
  });

  it.each([
    [
      'a legal window changed',
      DEFAULT_PACK.map((it) => (it.key === 'licence-application' ? { ...it, window: { earliestDaysBefore: 130, latestDaysBefore: 5 } } : it)),
      `${at('licence-application')}: window of a legal item is a rule and cannot be changed`,
    ],
    [
      'a legal duration changed',
      DEFAULT_PACK.map((it) => (it.key === 'banns' ? { ...it, minDurationDays: 7 } : it)),
      `${at('banns')}: minDurationDays of a legal item is a rule and cannot be changed`,
    ],
    [
      'the licence no longer waiting on its papers',
      DEFAULT_PACK.map((it) => (it.key === 'licence-application' ? { ...it, dependsOn: ['pmoc'] } : it)),
      `${at('licence-application')}: a legal item keeps its dependency on “psa-documents”`,
    ],
    ['a hand-made legal item', [...DEFAULT_PACK, custom({ key: 'notary', legal: true })], 'items[26] (notary): legal items come from the rules in code'],
    ['a key used twice', [...DEFAULT_PACK, custom({ key: 'rehearsal' })], 'items[26] (rehearsal): the key is used twice'],
    ['a dependency below', [custom({ key: 'a', dependsOn: ['b'] }), custom({ key: 'b' })], 'items[0] (a): dependsOn names “b”, which is not an item above it'],
    ['a due date after the wedding', [custom({ key: 'thanks', offsetDays: 10 })], 'items[0] (thanks): offsetDays must be 0 or less against the wedding'],
    ['before the booking', [custom({ key: 'call', anchor: 'booking', offsetDays: -2 })], 'items[0] (call): offsetDays must be 0 or more against the booking'],
    [
      'a window upside down',
      [custom({ key: 'w', window: { earliestDaysBefore: 10, latestDaysBefore: 20 } })],
      'items[0] (w): window.earliestDaysBefore must be at least window.latestDaysBefore',
    ],
  ])('refuses %s', (_case, items, error) => {
    const result = checkTemplateItems(items);
    expect(result.items).toBeNull();
    expect(result.errors.some((e) => e.startsWith(error))).toBe(true);
  });

  it('withLegalItems leaves a complete template alone', () => {
    expect(withLegalItems(DEFAULT_PACK)).toEqual(DEFAULT_PACK);
  });
});
