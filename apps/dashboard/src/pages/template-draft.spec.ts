import { TemplateItem } from '../api/types';
import { describeAppliesTo, describeMonths, describeOffset, describeWindow, newItemKey, removeItem, templateDraftProblems } from './template-draft';

const item = (changes: Partial<TemplateItem> = {}): TemplateItem => ({
  key: 'venue',
  title: 'Book the venue',
  description: '',
  category: 'venue',
  anchor: 'wedding',
  offsetDays: -300,
  window: null,
  minDurationDays: 0,
  dependsOn: [],
  appliesTo: [],
  months: [],
  legal: false,
  ...changes,
});

describe('describeOffset', () => {
  it.each([
    ['wedding', -180, '180 days before the wedding'],
    ['wedding', -1, '1 day before the wedding'],
    ['wedding', 0, 'on the wedding day'],
    ['booking', -2, '2 days before the booking'],
    ['booking', 3, '3 days after the booking'],
    ['booking', 0, 'on the day of the booking'],
  ] as const)('%s %i → %s', (anchor, offset, words) => expect(describeOffset(anchor, offset)).toBe(words));
});

describe('describeWindow and describeAppliesTo', () => {
  it.each([
    [null, 'no hard window'],
    [{ earliestDaysBefore: 120, latestDaysBefore: 15 }, 'between 120 and 15 days before the wedding'],
    [{ earliestDaysBefore: 1, latestDaysBefore: 1 }, 'between 1 and 1 day before the wedding'],
  ])('%j → %s', (window, words) => expect(describeWindow(window)).toBe(words));
  it.each([
    [[], 'every type'],
    [['catholic', 'chinese-filipino'], 'Catholic, Chinese-Filipino'],
  ] as const)('%j → %s', (types, words) => expect(describeAppliesTo([...types])).toBe(words));
});

describe('describeMonths', () => {
  it.each([
    [[], 'every month'],
    [[6, 7, 8, 9, 10, 11], 'Jun–Nov'],
    [[12, 1, 2], 'Dec–Feb'],
    [[1, 5, 12], 'Dec–Jan, May'],
    [[3], 'Mar'],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'every month'],
    [[0, 13, 5, 5], 'May'],
  ])('%j → %s', (months, words) => expect(describeMonths(months)).toBe(words));
});

describe('newItemKey', () => {
  it.each([
    ['Book the photographer', [], 'book-the-photographer'],
    ['  Pre-Cana seminar!  ', [], 'pre-cana-seminar'],
    ['Décor & flowers', [], 'decor-flowers'],
    ['!!!', [], 'item'],
    ['Venue', ['venue'], 'venue-2'],
    ['Venue', ['venue', 'venue-2'], 'venue-3'],
  ])('%j with %j taken → %s', (title, taken, key) => expect(newItemKey(title, taken)).toBe(key));
});

describe('templateDraftProblems', () => {
  it('accepts a sound draft', () => {
    expect(templateDraftProblems('Our plan', [item(), item({ key: 'decor', title: 'Decor', dependsOn: ['venue'] })])).toEqual([]);
  });
  it.each([
    ['no name', '  ', [item()], 'The template needs a name.'],
    ['no title', 'P', [item({ title: ' ' })], 'Item 1 needs a title.'],
    ['no category', 'P', [item({ category: '' })], '“Book the venue” needs a category.'],
    ['a fractional offset', 'P', [item({ offsetDays: 1.5 })], '“Book the venue”: the offset must be a whole number of days.'],
    ['a negative duration', 'P', [item({ minDurationDays: -1 })], '“Book the venue”: the minimum duration must be a whole number of days, 0 or more.'],
    [
      'a window the wrong way round',
      'P',
      [item({ window: { earliestDaysBefore: 10, latestDaysBefore: 30 } })],
      "“Book the venue”: the window's earliest day must be at least as far before the wedding as its latest.",
    ],
    ['a negative window', 'P', [item({ window: { earliestDaysBefore: 10, latestDaysBefore: -1 } })], '“Book the venue”: the window needs whole numbers of days, 0 or more.'],
    ['itself as a dependency', 'P', [item({ dependsOn: ['venue'] })], '“Book the venue” cannot depend on itself.'],
    ['a missing dependency', 'P', [item({ dependsOn: ['gone'] })], '“Book the venue” depends on an item that is no longer in the template (gone).'],
    ['a shared key', 'P', [item(), item({ title: 'Again' })], 'Two items share the key venue.'],
    ['a date after the wedding', 'P', [item({ offsetDays: 2 })], '“Book the venue”: nothing is due after the wedding (the offset must be 0 or less).'],
    ['a date before the booking', 'P', [item({ anchor: 'booking', offsetDays: -1 })], '“Book the venue”: nothing is due before the booking (the offset must be 0 or more).'],
    [
      'a dependency below it',
      'P',
      [item({ dependsOn: ['decor'] }), item({ key: 'decor', title: 'Decor' })],
      '“Book the venue” depends on decor, which comes after it.',
    ],
  ])('refuses %s', (_case, name, items, problem) => expect(templateDraftProblems(name, items)).toEqual([problem]));
});

describe('removeItem', () => {
  it('drops the item and the other items’ dependencies on it', () => {
    const items = [item(), item({ key: 'decor', title: 'Decor', dependsOn: ['venue', 'x'] })];
    expect(removeItem(items, 0)).toEqual([item({ key: 'decor', title: 'Decor', dependsOn: ['x'] })]);
  });
});
