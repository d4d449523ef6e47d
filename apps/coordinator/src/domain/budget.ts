// Turns the couple's free-text budget range into one figure in pesos for the wedding record.

import { MAX_AMOUNT } from '@wedding/contracts';

const AMOUNT = /(\d+(?:\.\d+)?)\s*(k|m|thousand|million)?\b/g;
const MULTIPLIER: Record<string, number> = { k: 1_000, thousand: 1_000, m: 1_000_000, million: 1_000_000 };

/**
 * "50k-100k" → 75000 (the midpoint; the seed took the first number), "100k+" → 100000, "under 50k" → 50000,
 * "flexible" → null. A range whose lower end has no unit borrows the upper end's ("50-100k" is 50k to 100k).
 * Returns null rather than 0 when there is nothing to go on.
 */
export function estimateBudget(range: string | null | undefined): number | null {
  if (!range) return null;
  const text = range.toLowerCase().replace(/(\d),(?=\d{3}\b)/g, '$1');
  const amounts = [...text.matchAll(AMOUNT)].slice(0, 2).map(([, digits, unit]) => ({ value: Number(digits), unit }));
  if (amounts.length === 0) return null;
  if (amounts.length === 2 && !amounts[0].unit && amounts[1].unit && amounts[0].value < amounts[1].value) {
    amounts[0].unit = amounts[1].unit;
  }
  const pesos = amounts.map(({ value, unit }) => value * (unit ? MULTIPLIER[unit] : 1));
  const estimate = Math.round(pesos.reduce((sum, value) => sum + value, 0) / pesos.length);
  // Nothing to go on, or more than the wedding's budget column holds (numeric(14, 2)): no estimate.
  return estimate > 0 && estimate <= MAX_AMOUNT ? estimate : null;
}

/** The booking's agreed amount when it has one, else the estimate from the range. */
export function weddingBudget(totalAmount: number | null | undefined, budgetRange: string | null | undefined) {
  return totalAmount != null && totalAmount > 0 ? totalAmount : estimateBudget(budgetRange);
}
