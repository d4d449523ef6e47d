import { budgetView, perGuestChanges, StoredBudget } from './budget-view';
import { PHILIPPINE_DEFAULT_TEMPLATE } from './philippine-default-template';
import { splitBudget } from './split-budget';

const stored = (changes: Partial<StoredBudget> = {}): StoredBudget => ({
  weddingId: 'w1',
  total: 800_000,
  templateId: 't1',
  lines: [...PHILIPPINE_DEFAULT_TEMPLATE],
  actuals: {},
  revision: 3,
  updatedAt: new Date('2026-12-06T00:00:00Z'),
  ...changes,
});

describe('budgetView', () => {
  it('splits the stored total for the wedding’s guest count, with the actuals beside the planned figures', () => {
    const view = budgetView(stored({ actuals: { catering: 230_000.1, souvenirs: 0.2 } }), 150);
    expect(view).toMatchObject({ weddingId: 'w1', total: 800_000, guestCount: 150, currency: 'PHP', templateId: 't1', revision: 3 });
    expect(view.plannedTotal).toBe(800_000);
    // Through centavos: 230,000.10 + 0.20 is 230,000.30, not 230000.30000000002.
    expect(view.actualTotal).toBe(230_000.3);
    expect(view.lines.find((line) => line.category === 'catering')).toMatchObject({ planned: 221_760, actual: 230_000.1 });
    expect(view.lines.find((line) => line.category === 'styling')!.actual).toBeNull();
  });

  it('keeps an actual whose category the lines no longer have, as a line with nothing planned', () => {
    const view = budgetView(stored({ actuals: { cake: 12_000 } }), 150);
    expect(view.lines.at(-1)).toEqual({
      category: 'cake',
      label: 'cake',
      basis: 'fixed',
      planned: 0,
      actual: 12_000,
      note: 'not in this budget’s template any more; the actual is kept',
    });
    expect(view.plannedTotal).toBe(800_000);
    expect(view.actualTotal).toBe(12_000);
  });

  it('has no input for the booking’s fee: the total is the stored one, whatever the wedding’s `budget` says', () => {
    // A wedding booked with budgetRange "50k-100k" has budget 75,000 (the coordinator's fee); the view never sees it.
    const view = budgetView(stored({ total: 1_200_000 }), 200);
    expect(view.total).toBe(1_200_000);
    expect(view.plannedTotal).toBe(1_200_000);
    expect(view.lines.some((line) => line.planned === 75_000)).toBe(false);
  });
});

describe('perGuestChanges', () => {
  it('names the per-guest lines a new guest count moved', () => {
    const before = splitBudget(800_000, 150, PHILIPPINE_DEFAULT_TEMPLATE);
    expect(perGuestChanges(before, splitBudget(800_000, 180, PHILIPPINE_DEFAULT_TEMPLATE))).toBe(
      'Catering ₱221,760 → ₱266,112; Souvenirs ₱18,000 → ₱21,600',
    );
    expect(perGuestChanges(before, before)).toBe('');
  });
});
