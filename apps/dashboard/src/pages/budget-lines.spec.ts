import { BudgetTemplateLine } from '../api/types';
import { budgetTemplateProblems, lineFigure, parseAmount, withLineFigure } from './budget-lines';

describe('parseAmount', () => {
  it.each([
    ['150000', 150000],
    ['150,000', 150000],
    ['₱ 1 200.50', 1200.5],
    ['PHP 99.9', 99.9],
    ['0', 0],
    ['', undefined],
    ['-5', undefined],
    ['1.234', undefined],
    ['1e6', undefined],
    ['abc', undefined],
  ])('%j → %j', (text, amount) => expect(parseAmount(text)).toBe(amount));
});

const line = (changes: Partial<BudgetTemplateLine>): BudgetTemplateLine => ({ category: 'venue', label: 'Venue', basis: 'share', share: 20, ...changes });

describe('a split line’s figure', () => {
  it.each([
    [line({}), 20],
    [line({ basis: 'per-guest', share: undefined, perGuest: 1500 }), 1500],
    [line({ basis: 'fixed', share: undefined, fixed: 30000 }), 30000],
    [line({ basis: 'fixed' }), Number.NaN],
  ])('%j → %d', (l, figure) => expect(lineFigure(l)).toBe(figure));
  it('keeps only the figure of its basis', () => {
    expect(withLineFigure(line({ basis: 'fixed' }), 5000)).toEqual({ category: 'venue', label: 'Venue', basis: 'fixed', fixed: 5000 });
  });
  it('keeps VAT and service charge on a per-guest line only', () => {
    const catering = line({ basis: 'per-guest', share: undefined, perGuest: 1200, vatAndServiceCharge: true });
    expect(withLineFigure(catering, 1300)).toEqual({ category: 'venue', label: 'Venue', basis: 'per-guest', perGuest: 1300, vatAndServiceCharge: true });
    expect(withLineFigure({ ...catering, basis: 'fixed' }, 9000)).toEqual({ category: 'venue', label: 'Venue', basis: 'fixed', fixed: 9000 });
  });
});

describe('budgetTemplateProblems', () => {
  it.each([
    [[line({}), line({ category: 'food', label: 'Food', share: 80 })], []],
    [[line({ share: 33.33 }), line({ category: 'a', share: 33.33 }), line({ category: 'b', share: 33.34 })], []],
    [[line({ label: ' ', share: 100 })], ['venue needs a label.']],
    [[line({ share: Number.NaN }), line({ category: 'food', share: 100 })], ['Venue needs a figure, 0 or more.']],
    [[line({ share: -1 }), line({ category: 'food', share: 101 })], ['Venue needs a figure, 0 or more.']],
    [[line({ share: 1.005 }), line({ category: 'food', label: 'Food', share: 98.995 })], ['Venue: at most two decimal places.', 'Food: at most two decimal places.']],
    [[line({ share: 60 }), line({ category: 'food', label: 'Food', share: 50.5 })], ['The shares add up to 110.5%, not 100%.']],
    [[line({ share: 90 })], ['The shares add up to 90%, not 100%.']],
    [[line({ basis: 'fixed', share: undefined, fixed: 10 })], ['At least one line must be a share of the total, to take what is left.']],
    [[line({ share: 50 }), line({ share: 50 })], ['Two lines are both venue.']],
  ])('%#', (lines, problems) => expect(budgetTemplateProblems(lines)).toEqual(problems));
});
