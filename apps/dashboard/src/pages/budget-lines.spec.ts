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
});

describe('budgetTemplateProblems', () => {
  it.each([
    [[line({}), line({ category: 'food', label: 'Food', share: 80 })], []],
    [[line({ label: ' ' })], ['venue needs a label.']],
    [[line({ share: Number.NaN })], ['Venue needs a figure, 0 or more.']],
    [[line({ share: -1 })], ['Venue needs a figure, 0 or more.']],
    [[line({ share: 1.005 })], ['Venue: at most two decimal places.']],
    [[line({ share: 60 }), line({ category: 'food', label: 'Food', share: 50.5 })], ['The shares add up to 110.5%, more than the whole total.']],
  ])('%#', (lines, problems) => expect(budgetTemplateProblems(lines)).toEqual(problems));
});
