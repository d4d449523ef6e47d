import { addDays, DEFAULT_MILESTONES, milestoneDueDate, planMilestones } from './milestones';

describe('planMilestones', () => {
  it('counts due dates back from the wedding, as in the seed example', () => {
    const plan = planMilestones('2025-12-31', '2025-06-01');
    expect(plan.map(({ title, dueDate, compressed }) => [title, dueDate, compressed])).toEqual([
      ['Initial Consultation', '2025-12-24', false],
      ['Venue Selection', '2025-12-01', false],
      ['Vendor Booking', '2025-11-01', false],
      ['Design & Decor', '2025-10-02', false],
      ['Final Details', '2025-12-17', false],
      ['Rehearsal', '2025-12-30', false],
    ]);
  });

  it('moves due dates that would be before the booking date up to it, and flags them', () => {
    const plan = planMilestones('2026-01-20', '2025-12-15');
    expect(plan.map(({ dueDate, compressed }) => [dueDate, compressed])).toEqual([
      ['2026-01-13', false],
      ['2025-12-21', false],
      ['2025-12-15', true],
      ['2025-12-15', true],
      ['2026-01-06', false],
      ['2026-01-19', false],
    ]);
  });

  it('keeps a due date that falls exactly on the booking date as it is', () => {
    const [consultation] = planMilestones('2026-03-08', '2026-03-01');
    expect(consultation).toMatchObject({ dueDate: '2026-03-01', compressed: false });
  });

  it('puts every milestone on the booking date for a wedding booked the day before', () => {
    const plan = planMilestones('2026-03-02', '2026-03-01');
    expect(plan.map(({ title, dueDate, compressed }) => [title, dueDate, compressed])).toEqual([
      ['Initial Consultation', '2026-03-01', true],
      ['Venue Selection', '2026-03-01', true],
      ['Vendor Booking', '2026-03-01', true],
      ['Design & Decor', '2026-03-01', true],
      ['Final Details', '2026-03-01', true],
      ['Rehearsal', '2026-03-01', false],
    ]);
  });

  // The booking date comes from the marketplace's calendar and the wedding date from the couple: a booking can be
  // dated on or even after its wedding (another time zone's "today"); no milestone is ever due after the wedding.
  it.each([
    [
      'the day before the wedding',
      '2026-03-02',
      '2026-03-01',
      ['2026-03-01', '2026-03-01', '2026-03-01', '2026-03-01', '2026-03-01', '2026-03-01'],
      [true, true, true, true, true, false],
    ],
    [
      'on the wedding day',
      '2026-03-02',
      '2026-03-02',
      ['2026-03-02', '2026-03-02', '2026-03-02', '2026-03-02', '2026-03-02', '2026-03-02'],
      [true, true, true, true, true, true],
    ],
    [
      'the day after the wedding',
      '2026-03-02',
      '2026-03-03',
      ['2026-03-02', '2026-03-02', '2026-03-02', '2026-03-02', '2026-03-02', '2026-03-02'],
      [true, true, true, true, true, true],
    ],
  ])('booked %s: every milestone due by the wedding date', (_case, wedding, bookedOn, dueDates, compressed) => {
    const plan = planMilestones(wedding, bookedOn);
    expect(plan.map((m) => m.dueDate)).toEqual(dueDates);
    expect(plan.map((m) => m.compressed)).toEqual(compressed);
    expect(plan.every((m) => m.dueDate <= wedding)).toBe(true);
  });

  it('gives every milestone a title, a description and its order', () => {
    const plan = planMilestones('2027-01-01', '2026-01-01');
    expect(plan).toHaveLength(6);
    plan.forEach((milestone, index) => {
      expect(milestone.title).toBe(DEFAULT_MILESTONES[index].title);
      expect(milestone.description.length).toBeGreaterThan(10);
      expect(milestone.sortOrder).toBe(index);
    });
  });
});

describe('milestoneDueDate', () => {
  it.each([
    // wedding, days before, not before, due date, compressed
    ['2027-06-30', 90, '2027-01-01', '2027-04-01', false],
    ['2027-06-30', 90, '2027-04-01', '2027-04-01', false],
    ['2027-06-30', 90, '2027-04-02', '2027-04-02', true],
    ['2027-03-01', 1, '2027-01-01', '2027-02-28', false],
    ['2028-03-01', 1, '2027-01-01', '2028-02-29', false],
    ['2027-01-01', 7, '2027-01-01', '2027-01-01', true],
    // notBefore after the wedding: due on the wedding date, never after it.
    ['2027-01-01', 1, '2027-01-05', '2027-01-01', true],
    ['2027-01-01', 90, '2027-01-02', '2027-01-01', true],
    ['2027-01-01', 0, '2027-01-01', '2027-01-01', false],
  ])('%s minus %i days, not before %s: %s (compressed: %s)', (wedding, daysBefore, notBefore, dueDate, compressed) => {
    expect(milestoneDueDate(wedding, daysBefore, notBefore)).toEqual({ dueDate, compressed });
  });
});

describe('addDays', () => {
  it.each([
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2026-01-05', -7, '2025-12-29'],
    ['2025-12-31', -90, '2025-10-02'],
    ['2025-12-31', 1, '2026-01-01'],
  ])('%s %+d days → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});
