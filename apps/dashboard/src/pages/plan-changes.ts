// A re-plan's preview as the coordinator reads it before confirming: what is added, moved, removed and kept, in
// that order, each group by due date, and one sentence that counts them.
import { PlanChange, PlanChangeKind } from '../api/types';

export const CHANGE_KINDS: PlanChangeKind[] = ['add', 'move', 'remove', 'keep'];

const dueOf = (change: PlanChange) => change.to?.dueDate ?? change.from?.dueDate ?? '';

/** The changes of each kind, by due date (then title). */
export function groupPlanChanges(changes: PlanChange[]): Record<PlanChangeKind, PlanChange[]> {
  const groups: Record<PlanChangeKind, PlanChange[]> = { add: [], move: [], remove: [], keep: [] };
  for (const change of changes) groups[change.kind]?.push(change);
  for (const kind of CHANGE_KINDS)
    groups[kind].sort((a, b) => dueOf(a).localeCompare(dueOf(b)) || a.title.localeCompare(b.title));
  return groups;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 milestones added, 3 moved, 1 removed; 4 kept as they are." or "Nothing changes: …" */
export function summarizePlanChanges(changes: PlanChange[]): string {
  const groups = groupPlanChanges(changes);
  const kept = groups.keep.length;
  const keptWords = `${count(kept, 'milestone')} kept as ${kept === 1 ? 'it is' : 'they are'}`;
  const changed = [
    groups.add.length && `${groups.add.length} added`,
    groups.move.length && `${groups.move.length} moved`,
    groups.remove.length && `${groups.remove.length} removed`,
  ].filter(Boolean);
  if (changed.length === 0) return `Nothing changes: ${keptWords}.`;
  return `${count(changes.length - kept, 'milestone')} change (${changed.join(', ')}); ${keptWords}.`;
}

/** Whether applying this preview would change anything. */
export const planChangesAnything = (changes: PlanChange[]) => changes.some((change) => change.kind !== 'keep');
