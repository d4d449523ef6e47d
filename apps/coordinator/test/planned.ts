// What the planning rules give for a wedding planned from the shipped pack (the unit specs pin the rules down); the
// end-to-end specs assert that the service wrote exactly that, through the whole pipeline.
import { addDays, FittedItem, fitPlan } from '../src/planning/fit-plan';
import { DEFAULT_PACK } from '../src/planning/packs';
import { WeddingType } from '../src/planning/plan-item';

export function planned(weddingType: WeddingType, weddingDate: string, plannedOn: string, today = plannedOn, done: string[] = []) {
  return fitPlan({ items: DEFAULT_PACK, weddingType, weddingDate, bookedOn: plannedOn, today, done: new Set(done) });
}

/** The order the API lists milestones in: by due date, then the template's order. */
export const byDueDate = (items: readonly FittedItem[]) =>
  [...items].sort((a, b) => (a.dueDate === b.dueDate ? a.sortOrder - b.sortOrder : a.dueDate < b.dueDate ? -1 : 1));

export { addDays };
