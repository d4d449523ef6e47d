// A planning template as the coordinator edits it: how an item's timing reads, a key for a new item, and what is
// wrong with a draft before it is sent (the API has the last word; this only says it sooner and in place).
import { TemplateItem, WeddingType, WEDDING_TYPE_LABELS } from '../api/types';

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** "180 days before the wedding", "3 days after the booking", "on the wedding day" */
export function describeOffset(anchor: TemplateItem['anchor'], offsetDays: number): string {
  const what = anchor === 'wedding' ? 'the wedding' : 'the booking';
  if (offsetDays === 0) return anchor === 'wedding' ? 'on the wedding day' : 'on the day of the booking';
  return offsetDays < 0 ? `${days(-offsetDays)} before ${what}` : `${days(offsetDays)} after ${what}`;
}

/** "between 120 and 15 days before the wedding", or that it has none. */
export function describeWindow(window: TemplateItem['window']): string {
  if (!window) return 'no hard window';
  return `between ${window.earliestDaysBefore} and ${days(window.latestDaysBefore)} before the wedding`;
}

/** "every type", or the types by name. */
export function describeAppliesTo(types: WeddingType[]): string {
  return types.length === 0 ? 'every type' : types.map((type) => WEDDING_TYPE_LABELS[type]).join(', ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Jun–Nov", "Dec, Jan" (runs of months joined), "every month". */
export function describeMonths(months: number[]): string {
  const sorted = [...new Set(months)].filter((m) => m >= 1 && m <= 12).sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length === 12) return 'every month';
  const runs: [number, number][] = [];
  for (const month of sorted) {
    const last = runs.at(-1);
    if (last && last[1] === month - 1) last[1] = month;
    else runs.push([month, month]);
  }
  // A run into December goes on into January: the rainy season, or Christmas to New Year.
  if (runs.length > 1 && runs[0][0] === 1 && runs.at(-1)![1] === 12) runs[0][0] = runs.pop()![0];
  return runs.map(([from, to]) => (from === to ? MONTHS[from - 1] : `${MONTHS[from - 1]}–${MONTHS[to - 1]}`)).join(', ');
}

/** A key for a new item from its title, unlike any key in use: "Book the photographer" → "book-the-photographer". */
export function newItemKey(title: string, taken: string[]): string {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'item';
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** What stops a draft from being saved, each in words naming the item; none when it may be sent. */
export function templateDraftProblems(name: string, items: TemplateItem[]): string[] {
  const problems: string[] = [];
  if (!name.trim()) problems.push('The template needs a name.');
  const keys = new Set(items.map((item) => item.key));
  items.forEach((item, index) => {
    const called = item.title.trim() ? `“${item.title.trim()}”` : `Item ${index + 1}`;
    if (!item.title.trim()) problems.push(`${called} needs a title.`);
    if (!item.category.trim()) problems.push(`${called} needs a category.`);
    if (!Number.isInteger(item.offsetDays)) problems.push(`${called}: the offset must be a whole number of days.`);
    else if (item.anchor === 'wedding' && item.offsetDays > 0) problems.push(`${called}: nothing is due after the wedding (the offset must be 0 or less).`);
    else if (item.anchor === 'booking' && item.offsetDays < 0) problems.push(`${called}: nothing is due before the booking (the offset must be 0 or more).`);
    if (!Number.isInteger(item.minDurationDays) || item.minDurationDays < 0)
      problems.push(`${called}: the minimum duration must be a whole number of days, 0 or more.`);
    if (item.window) {
      const { earliestDaysBefore: earliest, latestDaysBefore: latest } = item.window;
      if (!Number.isInteger(earliest) || !Number.isInteger(latest) || latest < 0)
        problems.push(`${called}: the window needs whole numbers of days, 0 or more.`);
      else if (earliest < latest) problems.push(`${called}: the window's earliest day must be at least as far before the wedding as its latest.`);
    }
    const above = new Set(items.slice(0, index).map((other) => other.key));
    for (const key of item.dependsOn) {
      if (key === item.key) problems.push(`${called} cannot depend on itself.`);
      else if (!keys.has(key)) problems.push(`${called} depends on an item that is no longer in the template (${key}).`);
      else if (!above.has(key)) problems.push(`${called} depends on ${key}, which comes after it.`);
    }
  });
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.key)) problems.push(`Two items share the key ${item.key}.`);
    seen.add(item.key);
  }
  return problems;
}

/** The draft without `index`, and without it in the other items' dependencies. */
export function removeItem(items: TemplateItem[], index: number): TemplateItem[] {
  const key = items[index]?.key;
  return items.filter((_, i) => i !== index).map((item) => ({ ...item, dependsOn: item.dependsOn.filter((k) => k !== key) }));
}
