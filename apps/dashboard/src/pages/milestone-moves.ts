// What a date change did to a wedding's milestones: which due dates moved, from when to when, and which are now
// compressed (due earlier than their lead time, because the wedding is too close).

export interface DueMilestone {
  id: string;
  title: string;
  dueDate: string;
  compressed: boolean;
  completed: boolean;
}

export interface MilestoneMove {
  id: string;
  title: string;
  from: string;
  to: string;
  compressed: boolean;
}

export function milestoneMoves(before: DueMilestone[], after: DueMilestone[]): MilestoneMove[] {
  const previous = new Map(before.map((milestone) => [milestone.id, milestone]));
  return after.flatMap((milestone) => {
    const was = previous.get(milestone.id);
    if (!was || (was.dueDate === milestone.dueDate && was.compressed === milestone.compressed)) return [];
    return [{ id: milestone.id, title: milestone.title, from: was.dueDate, to: milestone.dueDate, compressed: milestone.compressed }];
  });
}
