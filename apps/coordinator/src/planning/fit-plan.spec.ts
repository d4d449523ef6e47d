import { addDays, daysBetween, fitPlan, FittedPlan } from './fit-plan';
import { DEFAULT_PACK } from './packs';
import { PlanItem, WEDDING_TYPES, WeddingType } from './plan-item';

const WEDDING = '2027-03-20';

/** The default pack fitted for a wedding booked `days` before it, planned from the booking date. */
const fitted = (weddingType: WeddingType, days: number, weddingDate = WEDDING) =>
  fitPlan({ items: DEFAULT_PACK, weddingType, weddingDate, bookedOn: addDays(weddingDate, -days), today: addDays(weddingDate, -days) });

/** Each item as [key, days before the wedding it is due, flagged]. */
const schedule = (plan: FittedPlan) =>
  Object.fromEntries(plan.items.map((it) => [it.key, [daysBetween(it.dueDate, WEDDING), it.flag !== null]]));

describe('fitPlan: the Catholic plan for shorter and shorter runways', () => {
  it('fits as the template says with 200 days: nothing compressed, consultation first, rehearsal last', () => {
    const plan = fitted('catholic', 200);
    expect(plan.scale).toBe(1);
    expect(plan.flags).toEqual([]);
    expect(plan.items.every((it) => !it.compressed)).toBe(true);
    expect(schedule(plan)).toEqual({
      consultation: [197, false],
      'venue-selection': [180, false],
      'church-reservation': [180, false],
      'vendor-booking': [150, false],
      'psa-documents': [140, false],
      pmoc: [130, false],
      'baptismal-confirmation': [120, false],
      'canonical-interview': [100, false],
      'pre-cana': [90, false],
      'design-decor': [90, false],
      'licence-application': [90, false],
      banns: [45, false],
      'licence-release': [45, false],
      'final-details': [14, false],
      rehearsal: [1, false],
    });
  });

  it('squeezes every lead time by half with 90 days (the longest is 180), keeping the order', () => {
    const plan = fitted('catholic', 90);
    expect(plan.scale).toBe(0.5);
    expect(plan.flags).toEqual([]);
    expect(schedule(plan)).toEqual({
      consultation: [88, false],
      'venue-selection': [88, false],
      'church-reservation': [88, false],
      'vendor-booking': [75, false],
      'psa-documents': [70, false],
      pmoc: [65, false],
      'baptismal-confirmation': [60, false],
      'canonical-interview': [50, false],
      'pre-cana': [45, false],
      'design-decor': [45, false],
      'licence-application': [45, false],
      banns: [23, false],
      'licence-release': [23, false],
      'final-details': [7, false],
      rehearsal: [1, false],
    });
  });

  it('still fits with 45 days: the canonical interview is pulled earlier so the banns get their three Sundays', () => {
    const plan = fitted('catholic', 45);
    expect(plan.flags).toEqual([]);
    const days = schedule(plan);
    expect(days['canonical-interview']).toEqual([28, false]);
    expect(days.banns).toEqual([7, false]);
    // Filed at most 21 days before; claimed after the ten days' posting and at least a week before.
    expect(days['licence-application']).toEqual([23, false]);
    expect(days['licence-release']).toEqual([11, false]);
  });

  it('with 30 days the licence still fits, but the banns cannot: certificates (7 days) and three Sundays (21) need more', () => {
    const plan = fitted('catholic', 30);
    expect(plan.flags).toEqual(['the banns cannot be published on three Sundays in time: 30 days left']);
    const days = schedule(plan);
    expect(days['licence-application']).toEqual([21, false]);
    expect(days['licence-release']).toEqual([8, false]);
    expect(days.banns).toEqual([7, true]);
    expect(days.consultation).toEqual([30, false]);
  });

  it('with 14 days flags the licence in plain words, due today rather than silently in the past', () => {
    const plan = fitted('catholic', 14);
    expect(plan.flags).toEqual([
      'a licence cannot be had in time: 14 days left',
      'the banns cannot be published on three Sundays in time: 14 days left',
    ]);
    const application = plan.items.find((it) => it.key === 'licence-application')!;
    expect(application).toMatchObject({ dueDate: addDays(WEDDING, -14), flag: 'a licence cannot be had in time: 14 days left', legal: true });
    expect(schedule(plan).rehearsal).toEqual([1, false]);
  });
});

describe('fitPlan: rules that hold for every type and runway', () => {
  const cases = WEDDING_TYPES.flatMap((type) => [400, 200, 130, 90, 45, 30, 21, 14, 7, 1, 0].map((days) => [type, days] as const));

  it.each(cases)('%s, %i days: nothing before the start or after the wedding; dependencies and windows kept or flagged', (type, days) => {
    const plan = fitted(type, days);
    const start = addDays(WEDDING, -days);
    const due = new Map(plan.items.map((it) => [it.key, it.dueDate]));
    for (const it of plan.items) {
      const item = DEFAULT_PACK.find((p) => p.key === it.key)!;
      expect(it.dueDate >= start && it.dueDate <= WEDDING).toBe(true);
      if (it.flag) continue;
      for (const dep of item.dependsOn.filter((key) => due.has(key))) {
        expect(daysBetween(due.get(dep)!, it.dueDate)).toBeGreaterThanOrEqual(item.minDurationDays);
      }
      if (item.window) expect(daysBetween(it.dueDate, WEDDING)).toBeGreaterThanOrEqual(item.window.latestDaysBefore);
      if (item.window && days >= item.window.earliestDaysBefore) {
        expect(daysBetween(it.dueDate, WEDDING)).toBeLessThanOrEqual(item.window.earliestDaysBefore);
      }
    }
    expect(plan.items[0].key).toBe('consultation');
    expect(plan.daysLeft).toBe(days);
  });

  it.each(WEDDING_TYPES)('%s: the same request gives the same plan', (type) => {
    expect(fitted(type, 37)).toEqual(fitted(type, 37));
  });

  it('keeps the licence out of a Muslim plan (Family Code Art. 33) and puts in the mahr and the wali', () => {
    const keys = fitted('muslim', 200).items.map((it) => it.key);
    expect(keys).not.toContain('licence-application');
    expect(keys).toEqual(expect.arrayContaining(['muslim-mahr-witnesses', 'muslim-solemnizer']));
  });

  it.each([
    ['2027-06-12', true],
    ['2027-11-30', true],
    ['2027-12-01', false],
    ['2027-05-31', false],
  ])('a beach wedding on %s has a rain plan: %s', (weddingDate, rainPlan) => {
    const keys = fitted('beach-destination', 200, weddingDate).items.map((it) => it.key);
    expect(keys.includes('rain-plan')).toBe(rainPlan);
    expect(keys).toEqual(expect.arrayContaining(['licence-before-travel', 'venue-sworn-request']));
  });

  it('flags a licence for a beach wedding booked 14 days out, and the pick-up before travel still follows it', () => {
    const plan = fitted('beach-destination', 14);
    expect(plan.flags).toContain('a licence cannot be had in time: 14 days left');
    const due = new Map(plan.items.map((it) => [it.key, it.dueDate]));
    expect(due.get('licence-before-travel')! >= due.get('licence-release')!).toBe(true);
  });
});

describe('fitPlan: planning from today, and items already done', () => {
  it('never puts anything before today when the booking was long ago', () => {
    const plan = fitPlan({ items: DEFAULT_PACK, weddingType: 'civil', weddingDate: WEDDING, bookedOn: '2026-01-01', today: addDays(WEDDING, -20) });
    expect(plan.daysLeft).toBe(20);
    expect(plan.items.every((it) => it.dueDate >= addDays(WEDDING, -20))).toBe(true);
    expect(plan.flags).toEqual(['a licence cannot be had in time: 20 days left']);
  });

  it('marks items done, and what waited on them is no longer held up', () => {
    const done = new Set(['consultation', 'psa-documents', 'pmoc']);
    const plan = fitPlan({ items: DEFAULT_PACK, weddingType: 'civil', weddingDate: WEDDING, bookedOn: addDays(WEDDING, -25), today: addDays(WEDDING, -25), done });
    expect(plan.items.filter((it) => it.done).map((it) => it.key)).toEqual(['consultation', 'psa-documents', 'pmoc']);
    expect(plan.flags).toEqual([]);
    const application = plan.items.find((it) => it.key === 'licence-application')!;
    expect(daysBetween(application.dueDate, WEDDING)).toBeGreaterThanOrEqual(21);
  });

  it('says "1 day left" and flags an item that needs more days than there are', () => {
    const item: PlanItem = {
      key: 'cake',
      title: 'Cake tasting',
      description: '',
      category: 'food',
      anchor: 'wedding',
      offsetDays: -30,
      window: null,
      minDurationDays: 5,
      dependsOn: [],
      appliesTo: [],
      months: [],
      legal: false,
    };
    const plan = fitPlan({ items: [item], weddingType: 'garden', weddingDate: WEDDING, bookedOn: addDays(WEDDING, -1), today: addDays(WEDDING, -1) });
    expect(plan.items[0]).toMatchObject({
      dueDate: WEDDING,
      flag: '“Cake tasting” cannot be done in time: 1 day left, and it needs 5 days after what it waits on',
    });
  });
});
