// A wedding's total budget split into planned lines: per-guest lines (with VAT and service charge where the template
// says so) and fixed lines first, then shares of what is left. Whole centavos that add up exactly to the total.

export const BUDGET_CATEGORIES = [
  'reception-venue',
  'catering',
  'photo-video',
  'styling',
  'attire',
  'hair-makeup',
  'coordination',
  'music',
  'lights-sound',
  'ceremony',
  'documents',
  'invitations',
  'cake',
  'rings',
  'transport',
  'souvenirs',
  'contingency',
] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export const BUDGET_BASES = ['share', 'per-guest', 'fixed'] as const;
export type BudgetBasis = (typeof BUDGET_BASES)[number];

/** 12 % VAT (National Internal Revenue Code, sec. 106 and 108) on top of a 10 % service charge, in thousandths. */
export const VAT_PERCENT = 12;
export const SERVICE_CHARGE_PERCENT = 10;
const TAXED_PER_MILLE = BigInt((100 + VAT_PERCENT) * (100 + SERVICE_CHARGE_PERCENT) / 10); // 1232

/** One line of a split template; amounts in pesos, `share` in percent of what per-guest and fixed lines leave. */
export interface BudgetTemplateLine {
  category: BudgetCategory;
  label: string;
  basis: BudgetBasis;
  share?: number;
  perGuest?: number;
  fixed?: number;
  /** Per-guest lines only: the price is before 12 % VAT and 10 % service charge (a caterer's or hotel's quote). */
  vatAndServiceCharge?: boolean;
}

export interface PlannedLine {
  category: BudgetCategory;
  label: string;
  basis: BudgetBasis;
  /** Pesos, whole centavos. */
  planned: number;
  note: string;
}

export interface BudgetSplit {
  feasible: boolean;
  /** In plain words; empty when the split works. */
  problems: string[];
  lines: PlannedLine[];
  /** Equals the total when feasible; more than it when per-guest and fixed lines alone exceed it. */
  plannedTotal: number;
}

/**
 * Splits `total` pesos for `guestCount` guests along the template's lines. Per-guest lines are price × guests (× 1.12 ×
 * 1.10 when taxed), rounded half up to the centavo; fixed lines are their amount; share lines divide the rest by
 * largest remainder, so the lines add up to the total to the centavo. When per-guest and fixed lines exceed the total
 * the split is infeasible: they keep their amounts, the shares get nothing, and `problems` says why.
 * The template must pass `templateProblems` first.
 */
export function splitBudget(total: number, guestCount: number, template: readonly BudgetTemplateLine[]): BudgetSplit {
  const totalCentavos = centavos(total);
  const guests = BigInt(guestCount);
  const amounts = template.map((line): bigint | null => {
    if (line.basis === 'per-guest') {
      const perMille = line.vatAndServiceCharge ? TAXED_PER_MILLE : 1000n;
      return divideHalfUp(centavos(line.perGuest ?? 0) * guests * perMille, 1000n);
    }
    if (line.basis === 'fixed') return centavos(line.fixed ?? 0);
    return null;
  });
  const committed = amounts.reduce<bigint>((sum, amount) => sum + (amount ?? 0n), 0n);
  const left = totalCentavos - committed;
  const feasible = left >= 0n;
  const shares = largestRemainder(
    feasible ? left : 0n,
    template.map((line) => (line.basis === 'share' ? basisPoints(line.share ?? 0) : 0n)),
  );
  const lines = template.map((line, index): PlannedLine => {
    const planned = amounts[index] ?? shares[index];
    return { category: line.category, label: line.label, basis: line.basis, planned: pesos(planned), note: noteOf(line, guestCount, left) };
  });
  const plannedCentavos = lines.reduce((sum, line) => sum + centavos(line.planned), 0n);
  return {
    feasible,
    problems: feasible ? [] : infeasibility(template, amounts, guestCount, totalCentavos, committed),
    lines,
    plannedTotal: pesos(plannedCentavos),
  };
}

/** What is wrong with a template's lines, in words (empty when it can be used). */
export function templateProblems(template: readonly BudgetTemplateLine[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const line of template) {
    if (seen.has(line.category)) problems.push(`category ${line.category} appears more than once`);
    seen.add(line.category);
    const expected = { share: 'share', 'per-guest': 'perGuest', fixed: 'fixed' }[line.basis];
    for (const field of ['share', 'perGuest', 'fixed'] as const) {
      if (field === expected && line[field] === undefined) problems.push(`${line.category}: a ${line.basis} line needs ${field}`);
      if (field !== expected && line[field] !== undefined) problems.push(`${line.category}: ${field} is only for ${basisOfField[field]} lines`);
    }
    if (line.vatAndServiceCharge !== undefined && line.basis !== 'per-guest') {
      problems.push(`${line.category}: vatAndServiceCharge is only for per-guest lines`);
    }
  }
  const shareLines = template.filter((line) => line.basis === 'share');
  if (shareLines.length === 0) problems.push('at least one share line is needed to take what per-guest and fixed lines leave');
  const shareTotal = shareLines.reduce((sum, line) => sum + basisPoints(line.share ?? 0), 0n);
  if (shareLines.length > 0 && shareTotal !== 10_000n) {
    problems.push(`the shares add up to ${Number(shareTotal) / 100}%, not 100%`);
  }
  return problems;
}

/** ₱214,200 or ₱1,234.50 — how the problems and notes write money. */
export function formatPesos(amount: number): string {
  const value = centavos(amount);
  const whole = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = value % 100n;
  return `₱${whole}${cents === 0n ? '' : `.${cents.toString().padStart(2, '0')}`}`;
}

const basisOfField = { share: 'share', perGuest: 'per-guest', fixed: 'fixed' } as const;

function noteOf(line: BudgetTemplateLine, guestCount: number, left: bigint): string {
  if (line.basis === 'per-guest') {
    const taxes = line.vatAndServiceCharge ? `, plus ${VAT_PERCENT}% VAT and ${SERVICE_CHARGE_PERCENT}% service charge` : '';
    return `${formatPesos(line.perGuest ?? 0)} per guest × ${guestCount} ${guestCount === 1 ? 'guest' : 'guests'}${taxes}`;
  }
  if (line.basis === 'fixed') return 'fixed amount';
  return `${line.share}% of ${formatPesos(pesos(left > 0n ? left : 0n))} left after per-guest and fixed lines`;
}

function infeasibility(
  template: readonly BudgetTemplateLine[],
  amounts: (bigint | null)[],
  guestCount: number,
  total: bigint,
  committed: bigint,
): string[] {
  const budget = formatPesos(pesos(total));
  const guests = `${guestCount} ${guestCount === 1 ? 'guest' : 'guests'}`;
  const alone = template.flatMap((line, index) => {
    const amount = amounts[index];
    if (amount === null || amount <= total) return [];
    const what = line.basis === 'per-guest' ? `${line.label} for ${guests}` : line.label;
    return [`${what} (${formatPesos(pesos(amount))}) alone exceeds the total budget of ${budget}`];
  });
  if (alone.length > 0) return alone;
  const named = template.filter((line) => line.basis !== 'share').map((line) => line.label);
  return [
    `${named.join(', ')} for ${guests} come to ${formatPesos(pesos(committed))}, ` +
      `${formatPesos(pesos(committed - total))} more than the total budget of ${budget}`,
  ];
}

/** Divides `amount` in the proportions of `weights` (basis points), to the centavo, by largest remainder. */
function largestRemainder(amount: bigint, weights: bigint[]): bigint[] {
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weightTotal === 0n) return weights.map(() => 0n);
  const parts = weights.map((weight) => ({ floor: (amount * weight) / weightTotal, rest: (amount * weight) % weightTotal }));
  let leftOver = amount - parts.reduce((sum, part) => sum + part.floor, 0n);
  // Ties go to the earlier line, so the same input always gives the same split.
  const order = parts.map((_, index) => index).filter((index) => weights[index] > 0n);
  order.sort((a, b) => (parts[b].rest > parts[a].rest ? 1 : parts[b].rest < parts[a].rest ? -1 : a - b));
  for (const index of order) {
    if (leftOver === 0n) break;
    parts[index].floor += 1n;
    leftOver -= 1n;
  }
  return parts.map((part) => part.floor);
}

const divideHalfUp = (numerator: bigint, denominator: bigint) => (numerator * 2n + denominator) / (denominator * 2n);
/** Amounts are validated to whole centavos (IsAmount); rounding only removes float noise such as 0.1 + 0.2. */
const centavos = (pesosAmount: number) => BigInt(Math.round(pesosAmount * 100));
const pesos = (centavoAmount: bigint) => Number(centavoAmount) / 100;
const basisPoints = (percent: number) => BigInt(Math.round(percent * 100));
