// A wedding's guest count changed through PATCH /weddings/:id: its budget's per-guest lines follow (they are derived
// from the wedding's guest count); this counts the budget's revision up and says in the activity log what moved.
import { EntityManager } from 'typeorm';
import { logActivity } from '../activity/activity-log';
import { CoordinatorWedding } from '../weddings/wedding.entity';
import { perGuestChanges } from './budget-view';
import { splitBudget } from './split-budget';
import { WeddingBudget } from './wedding-budget.entity';

/** In the wedding's transaction, which holds its row lock; `wedding` is the row as it was before the change. */
export async function rescaleBudget(em: EntityManager, wedding: CoordinatorWedding, guestCount: number): Promise<void> {
  if (wedding.guestCount === guestCount) return;
  const budget = await em.findOneBy(WeddingBudget, { weddingId: wedding.id });
  if (!budget) return;
  await em.update(WeddingBudget, { weddingId: wedding.id }, { revision: budget.revision + 1 });
  const after = splitBudget(budget.total, guestCount, budget.lines);
  const moved = wedding.guestCount ? perGuestChanges(splitBudget(budget.total, wedding.guestCount, budget.lines), after) : '';
  await logActivity(em, [
    {
      coordinatorId: wedding.coordinatorId,
      weddingId: wedding.id,
      type: 'budget_changed',
      description:
        `Budget of ${wedding.coupleName} rescaled ${wedding.guestCount ? `from ${wedding.guestCount} ` : ''}to ${guestCount} guests` +
        (moved ? `: ${moved}` : '') +
        (after.feasible ? '' : `; ${after.problems.join('; ')}`),
      metadata: {
        weddingId: wedding.id,
        changes: { guestCount },
        previous: { guestCount: wedding.guestCount },
        feasible: after.feasible,
        source: 'manual',
      },
    },
  ]);
}
