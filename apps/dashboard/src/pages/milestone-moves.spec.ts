import { DueMilestone, milestoneMoves } from './milestone-moves';

const milestone = (id: string, dueDate: string, extra: Partial<DueMilestone> = {}): DueMilestone => ({
  id,
  title: `Milestone ${id}`,
  dueDate,
  compressed: false,
  completed: false,
  ...extra,
});

describe('milestoneMoves', () => {
  it('lists the milestones whose due date moved, in the order of the new list', () => {
    const before = [milestone('a', '2030-05-01'), milestone('b', '2030-06-01'), milestone('c', '2030-04-01', { completed: true })];
    const after = [milestone('c', '2030-04-01', { completed: true }), milestone('a', '2030-05-11'), milestone('b', '2030-06-11')];
    expect(milestoneMoves(before, after)).toEqual([
      { id: 'a', title: 'Milestone a', from: '2030-05-01', to: '2030-05-11', compressed: false },
      { id: 'b', title: 'Milestone b', from: '2030-06-01', to: '2030-06-11', compressed: false },
    ]);
  });

  it('marks the ones that became compressed, and one that is no longer compressed though its date is the same', () => {
    const before = [milestone('a', '2030-05-01'), milestone('b', '2030-01-10', { compressed: true })];
    const after = [milestone('a', '2030-01-10', { compressed: true }), milestone('b', '2030-01-10')];
    expect(milestoneMoves(before, after)).toEqual([
      { id: 'a', title: 'Milestone a', from: '2030-05-01', to: '2030-01-10', compressed: true },
      { id: 'b', title: 'Milestone b', from: '2030-01-10', to: '2030-01-10', compressed: false },
    ]);
  });

  it('is empty when nothing moved', () => {
    const list = [milestone('a', '2030-05-01')];
    expect(milestoneMoves(list, list)).toEqual([]);
    expect(milestoneMoves([], list)).toEqual([]);
  });
});
