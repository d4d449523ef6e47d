import { PlanChange } from '../api/types';
import { groupPlanChanges, planChangesAnything, summarizePlanChanges } from './plan-changes';

const change = (kind: PlanChange['kind'], title: string, from?: string, to?: string): PlanChange => ({
  kind,
  key: title.toLowerCase(),
  title,
  ...(from ? { from: { dueDate: from } } : {}),
  ...(to ? { to: { dueDate: to } } : {}),
});

describe('groupPlanChanges', () => {
  it('puts each kind in its group, by due date then title', () => {
    const groups = groupPlanChanges([
      change('move', 'Venue', '2030-01-01', '2030-03-01'),
      change('add', 'Licence', undefined, '2030-05-01'),
      change('move', 'Caterer', '2030-02-01', '2030-02-15'),
      change('keep', 'Consultation', '2029-12-01'),
      change('add', 'Banns', undefined, '2030-05-01'),
      change('remove', 'Decor', '2030-04-01'),
    ]);
    expect(groups.add.map((c) => c.title)).toEqual(['Banns', 'Licence']);
    expect(groups.move.map((c) => c.title)).toEqual(['Caterer', 'Venue']);
    expect(groups.remove.map((c) => c.title)).toEqual(['Decor']);
    expect(groups.keep.map((c) => c.title)).toEqual(['Consultation']);
  });
});

describe('summarizePlanChanges', () => {
  it.each([
    [[], 'Nothing changes: 0 milestones kept as they are.', false],
    [[change('keep', 'A', '2030-01-01')], 'Nothing changes: 1 milestone kept as it is.', false],
    [[change('move', 'A', '2030-01-01', '2030-02-01'), change('keep', 'B', '2030-01-01')], '1 milestone change (1 moved); 1 milestone kept as it is.', true],
    [
      [change('add', 'A', undefined, '2030-01-01'), change('add', 'B', undefined, '2030-01-01'), change('remove', 'C', '2030-01-01'), change('move', 'D', '2030-01-01', '2030-01-02')],
      '4 milestones change (2 added, 1 moved, 1 removed); 0 milestones kept as they are.',
      true,
    ],
  ])('%#', (changes, words, anything) => {
    expect(summarizePlanChanges(changes)).toBe(words);
    expect(planChangesAnything(changes)).toBe(anything);
  });
});
