// What a re-plan would change in a wedding's milestones: only open milestones made by the plan move, appear or go;
// completed and hand-made ones are listed as kept, untouched. The preview shows this list; the apply writes it.
import { createHash } from 'node:crypto';
import { FittedItem } from './fit-plan';

export interface CurrentMilestone {
  id: string;
  key: string | null;
  source: 'plan' | 'manual';
  completed: boolean;
  title: string;
  dueDate: string;
  flag: string | null;
}

export interface PlanChange {
  kind: 'add' | 'move' | 'remove' | 'keep';
  key: string | null;
  title: string;
  milestoneId?: string;
  from?: { dueDate: string };
  to?: { dueDate: string };
  flag?: string | null;
  /** For an add or a move: the plan's item, to write. */
  item?: FittedItem;
}

/** A milestone the plan may change: made by it (with its key), and still open. */
export const isReplannable = (m: CurrentMilestone) => m.source === 'plan' && !m.completed && m.key !== null;

/** Keys of the plan's milestones already completed: the new plan counts them done and does not add them again. */
export const doneKeys = (current: readonly CurrentMilestone[]) =>
  new Set(current.filter((m) => m.source === 'plan' && m.completed && m.key).map((m) => m.key!));

export function diffPlan(current: readonly CurrentMilestone[], plan: readonly FittedItem[]): PlanChange[] {
  const planned = new Map(plan.filter((it) => !it.done).map((it) => [it.key, it]));
  const present = new Set(current.flatMap((m) => (m.key ? [m.key] : [])));
  const changes: PlanChange[] = current.map((m): PlanChange => {
    const kept: PlanChange = { kind: 'keep', key: m.key, title: m.title, milestoneId: m.id, flag: m.flag };
    if (!isReplannable(m)) return kept;
    const item = planned.get(m.key!);
    if (!item) return { kind: 'remove', key: m.key, title: m.title, milestoneId: m.id, from: { dueDate: m.dueDate } };
    if (item.dueDate === m.dueDate && item.flag === m.flag && item.title === m.title) return kept;
    return {
      kind: 'move',
      key: m.key,
      title: item.title,
      milestoneId: m.id,
      from: { dueDate: m.dueDate },
      to: { dueDate: item.dueDate },
      flag: item.flag,
      item,
    };
  });
  for (const item of planned.values()) {
    if (!present.has(item.key)) {
      changes.push({ kind: 'add', key: item.key, title: item.title, to: { dueDate: item.dueDate }, flag: item.flag, item });
    }
  }
  return changes;
}

/** Names the state a preview was made from: the apply refuses (409) when the milestones changed since. */
export function planDigest(weddingDate: string, weddingType: string, current: readonly CurrentMilestone[]): string {
  const rows = [...current]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((m) => [m.id, m.key, m.source, m.completed, m.title, m.dueDate, m.flag]);
  return createHash('sha256').update(JSON.stringify([weddingDate, weddingType, rows])).digest('hex').slice(0, 32);
}
