// Budget figures as the coordinator types them: an amount of pesos from a field, a split line's one figure (its
// share, per-guest or fixed amount, by its basis), and what is wrong with a split before it is sent (the API's
// rules: each line the figure of its basis, the shares adding up to 100%, one line per category).
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

/** The line with `figure` as its basis's figure, and no other (the API refuses a figure of another basis). */
export function withLineFigure(line: BudgetTemplateLine, figure: number): BudgetTemplateLine {
  const { share: _share, perGuest: _perGuest, fixed: _fixed, vatAndServiceCharge, ...rest } = line;
  const field = line.basis === 'share' ? 'share' : line.basis === 'per-guest' ? 'perGuest' : 'fixed';
  return { ...rest, [field]: figure, ...(line.basis === 'per-guest' && vatAndServiceCharge !== undefined ? { vatAndServiceCharge } : {}) };
}

export function budgetTemplateProblems(lines: BudgetTemplateLine[]): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    const figure = lineFigure(line);
    const called = line.label.trim() || line.category;
    if (!line.label.trim()) problems.push(`${line.category} needs a label.`);
    if (!Number.isFinite(figure) || figure < 0) problems.push(`${called} needs a figure, 0 or more.`);
    // As the API's amount rule: only whole centavos survive toFixed(2) unchanged (33.33 × 100 is not 3333 in floats).
    else if (Number(figure.toFixed(2)) !== figure) problems.push(`${called}: at most two decimal places.`);
  }
  // Shares are percents of what the per-guest and fixed lines leave: together, all of it.
  const shareLines = lines.filter((line) => line.basis === 'share');
  const shares = Math.round(shareLines.reduce((sum, line) => sum + (lineFigure(line) || 0), 0) * 100) / 100;
  if (shareLines.length === 0) problems.push('At least one line must be a share of the total, to take what is left.');
  else if (shares !== 100) problems.push(`The shares add up to ${shares}%, not 100%.`);
  const categories = lines.map((line) => line.category);
  for (const category of new Set(categories.filter((c, i) => categories.indexOf(c) !== i))) problems.push(`Two lines are both ${category}.`);
  return problems;
}
