// Budget figures as the coordinator types them: an amount of pesos from a field, a split line's one figure (its
// share, per-guest or fixed amount, by its basis), and what is wrong with a split before it is sent.
import { BudgetTemplateLine } from '../api/types';

/** Pesos from what was typed ("150,000", "₱ 1 200.50"); undefined when it is not an amount of whole centavos. */
export function parseAmount(text: string): number | undefined {
  const cleaned = text.replace(/[₱,\s]/g, '').replace(/^PHP/i, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** The figure that counts for the line's basis. */
export function lineFigure(line: BudgetTemplateLine): number {
  const figure = line.basis === 'share' ? line.share : line.basis === 'per-guest' ? line.perGuest : line.fixed;
  return figure ?? Number.NaN;
}

/** The line with `figure` as its basis's figure, and no other. */
export function withLineFigure(line: BudgetTemplateLine, figure: number): BudgetTemplateLine {
  const { share: _share, perGuest: _perGuest, fixed: _fixed, ...rest } = line;
  const field = line.basis === 'share' ? 'share' : line.basis === 'per-guest' ? 'perGuest' : 'fixed';
  return { ...rest, [field]: figure };
}

export function budgetTemplateProblems(lines: BudgetTemplateLine[]): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    const figure = lineFigure(line);
    const called = line.label.trim() || line.category;
    if (!line.label.trim()) problems.push(`${line.category} needs a label.`);
    if (!Number.isFinite(figure) || figure < 0) problems.push(`${called} needs a figure, 0 or more.`);
    else if (Math.round(figure * 100) !== figure * 100) problems.push(`${called}: at most two decimal places.`);
  }
  const shares = lines.filter((line) => line.basis === 'share').reduce((sum, line) => sum + (lineFigure(line) || 0), 0);
  if (shares > 100) problems.push(`The shares add up to ${Math.round(shares * 100) / 100}%, more than the whole total.`);
  return problems;
}
