import { FittedItem } from './fit-plan';
import { CurrentMilestone, diffPlan, doneKeys, planDigest } from './plan-diff';

const milestone = (over: Partial<CurrentMilestone> & Pick<CurrentMilestone, 'id'>): CurrentMilestone => ({
  key: null,
  source: 'plan',
  completed: false,
  title: 'Item',
  dueDate: '2027-03-01',
  flag: null,
  ...over,
});

const item = (key: string, dueDate: string, over: Partial<FittedItem> = {}): FittedItem => ({
  key,
  title: key,
  description: '',
  category: 'planning',
  legal: false,
  idealDate: dueDate,
  dueDate,
  compressed: false,
  flag: null,
  done: false,
  sortOrder: 0,
  ...over,
});

describe('diffPlan', () => {
  const current = [
    milestone({ id: 'm1', key: 'venue', title: 'venue', dueDate: '2027-01-01' }),
    milestone({ id: 'm2', key: 'licence', title: 'licence', dueDate: '2027-02-01' }),
    milestone({ id: 'm3', key: 'rain-plan', title: 'rain-plan', dueDate: '2027-02-15' }),
    milestone({ id: 'm4', key: 'consultation', title: 'consultation', completed: true, dueDate: '2026-12-01' }),
    milestone({ id: 'm5', key: null, source: 'manual', title: 'Lola’s visit', dueDate: '2027-02-10' }),
  ];

  it('moves, adds and removes only open plan milestones; completed and hand-made ones are kept', () => {
    const plan = [
      item('consultation', '2026-12-20', { done: true }),
      item('venue', '2027-01-01'),
      item('licence', '2027-01-20', { flag: 'a licence cannot be had in time: 14 days left' }),
      item('banns', '2027-02-05'),
    ];
    expect(diffPlan(current, plan).map(({ item: _item, ...change }) => change)).toEqual([
      { kind: 'keep', key: 'venue', title: 'venue', milestoneId: 'm1', flag: null },
      {
        kind: 'move',
        key: 'licence',
        title: 'licence',
        milestoneId: 'm2',
        from: { dueDate: '2027-02-01' },
        to: { dueDate: '2027-01-20' },
        flag: 'a licence cannot be had in time: 14 days left',
      },
      { kind: 'remove', key: 'rain-plan', title: 'rain-plan', milestoneId: 'm3', from: { dueDate: '2027-02-15' } },
      { kind: 'keep', key: 'consultation', title: 'consultation', milestoneId: 'm4', flag: null },
      { kind: 'keep', key: null, title: 'Lola’s visit', milestoneId: 'm5', flag: null },
      { kind: 'add', key: 'banns', title: 'banns', to: { dueDate: '2027-02-05' }, flag: null },
    ]);
  });

  it('never re-adds an item completed before, nor removes a completed one the new plan lacks', () => {
    const changes = diffPlan(current, [item('venue', '2027-01-01')]);
    expect(changes.find((c) => c.key === 'consultation')!.kind).toBe('keep');
    expect(changes.filter((c) => c.kind === 'add')).toEqual([]);
    expect(doneKeys(current)).toEqual(new Set(['consultation']));
  });

  it('names the state it was made from: another due date or completion gives another digest', () => {
    const digest = planDigest('2027-03-20', 'civil', current);
    expect(planDigest('2027-03-20', 'civil', [...current].reverse())).toBe(digest);
    expect(planDigest('2027-03-20', 'civil', current.map((m) => (m.id === 'm1' ? { ...m, completed: true } : m)))).not.toBe(digest);
    expect(planDigest('2027-03-21', 'civil', current)).not.toBe(digest);
    expect(planDigest('2027-03-20', 'catholic', current)).not.toBe(digest);
  });
});
