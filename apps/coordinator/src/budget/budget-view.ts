// What GET /weddings/:id/budget answers: the split of the stored total for the wedding's guest count, planned beside
// actual per category. Pure, so the wedding's other figures (its `budget`, the coordinator's fee) visibly play no part.
import { BudgetBasis, BudgetCategory, BudgetSplit, BudgetTemplateLine, formatPesos, splitBudget } from './split-budget';

export interface BudgetLineView {
  category: BudgetCategory;
  label: string;
  basis: BudgetBasis;
  planned: number;
  actual: number | null;
  note?: string;
}

export interface BudgetView {
  weddingId: string;
  total: number;
  guestCount: number;
  currency: 'PHP';
  templateId: string | null;
  revision: number;
  updatedAt: Date;
  feasible: boolean;
  problems: string[];
  lines: BudgetLineView[];
  plannedTotal: number;
  actualTotal: number;
}

export interface StoredBudget {
  weddingId: string;
  total: number;
  templateId: string | null;
  lines: BudgetTemplateLine[];
  actuals: Record<string, number>;
  revision: number;
  updatedAt: Date;
}

/**
 * The stored budget split for `guestCount` guests. An actual whose category the current lines no longer have (the
 * template was changed) is kept and shown as a line of its own with nothing planned.
 */
export function budgetView(budget: StoredBudget, guestCount: number): BudgetView {
  const split = splitBudget(budget.total, guestCount, budget.lines);
  const planned = split.lines.map((line) => ({ ...line, actual: budget.actuals[line.category] ?? null }));
  const orphans = Object.entries(budget.actuals)
    .filter(([category]) => !split.lines.some((line) => line.category === category))
    .map(([category, actual]) => ({
      category: category as BudgetCategory,
      label: category,
      basis: 'fixed' as const,
      planned: 0,
      actual,
      note: 'not in this budget’s template any more; the actual is kept',
    }));
  const lines = [...planned, ...orphans];
  return {
    weddingId: budget.weddingId,
    total: budget.total,
    guestCount,
    currency: 'PHP',
    templateId: budget.templateId,
    revision: budget.revision,
    updatedAt: budget.updatedAt,
    feasible: split.feasible,
    problems: split.problems,
    lines,
    plannedTotal: split.plannedTotal,
    actualTotal: addPesos(lines.map((line) => line.actual ?? 0)),
  };
}

/** "Catering ₱221,760 → ₱266,112; Souvenirs ₱18,000 → ₱21,600": the per-guest lines a new guest count changed. */
export function perGuestChanges(before: BudgetSplit, after: BudgetSplit): string {
  return after.lines
    .map((line, index) => ({ line, previous: before.lines[index] }))
    .filter(({ line, previous }) => line.basis === 'per-guest' && previous && previous.planned !== line.planned)
    .map(({ line, previous }) => `${line.label} ${formatPesos(previous.planned)} → ${formatPesos(line.planned)}`)
    .join('; ');
}

/** Sums pesos through whole centavos, so 0.1 + 0.2 is 0.3. */
export const addPesos = (amounts: number[]) => amounts.reduce((sum, amount) => sum + Math.round(amount * 100), 0) / 100;
