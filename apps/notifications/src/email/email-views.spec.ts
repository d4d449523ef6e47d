import { randomUUID } from 'node:crypto';
import type { CoordinatorWeddingCreated } from '@wedding/contracts';
import { formatAmount, formatDate, formatShortDate, weddingCreatedView } from './email-views';

describe('formatting', () => {
  it.each([
    ['2030-06-15', 'Saturday, 15 June 2030', '15 Jun 2030'],
    ['2028-02-29', 'Tuesday, 29 February 2028', '29 Feb 2028'],
    ['2027-01-01', 'Friday, 1 January 2027', '1 Jan 2027'],
  ])('%s reads as %p and %p in every time zone', (date, long, short) => {
    expect(formatDate(date)).toBe(long);
    expect(formatShortDate(date)).toBe(short);
  });

  it.each([
    [75000, '75,000'],
    [1_500_000, '1,500,000'],
    [1234.5, '1,234.50'],
    [0.07, '0.07'],
    [150, '150'],
  ])('%p → %p', (amount, text) => {
    expect(formatAmount(amount)).toBe(text);
  });
});

describe('weddingCreatedView', () => {
  const weddingId = randomUUID();
  const event = (fields: Partial<CoordinatorWeddingCreated> = {}) =>
    ({
      weddingId,
      client: 'created',
      coupleName: 'John & Jane',
      weddingDate: '2030-06-15',
      milestones: [
        { id: randomUUID(), title: 'Rehearsal', dueDate: '2030-06-14', compressed: false },
        { id: randomUUID(), title: 'Design & Decor', dueDate: '2030-03-17', compressed: true },
        { id: randomUUID(), title: 'File the marriage licence application', dueDate: '2030-06-01', compressed: true, flag: 'a licence cannot be had in time: 14 days left' },
      ],
      ...fields,
    }) as CoordinatorWeddingCreated;

  it('links to the wedding page of the dashboard, with or without its trailing slash', () => {
    for (const dashboard of ['http://127.0.0.1:3002/dashboard/', 'http://127.0.0.1:3002/dashboard']) {
      expect(weddingCreatedView(event(), dashboard).weddingUrl).toBe(`http://127.0.0.1:3002/dashboard/weddings/${weddingId}`);
    }
  });

  it('lists the milestones by due date and marks the compressed ones and what cannot be done in time', () => {
    const view = weddingCreatedView(event(), 'http://x/dashboard/');
    expect(view.milestones).toEqual([
      { title: 'Design & Decor', dueDate: '17 Mar 2030', compressed: true, flag: null },
      { title: 'File the marriage licence application', dueDate: '1 Jun 2030', compressed: true, flag: 'a licence cannot be had in time: 14 days left' },
      { title: 'Rehearsal', dueDate: '14 Jun 2030', compressed: false, flag: null },
    ]);
    expect(view.anyCompressed).toBe(true);
  });

  it.each([
    [{ budget: 75000, budgetRange: '50k-100k' }, '75,000 (the couple said “50k-100k”)'],
    [{ budget: 120000.5 }, '120,000.50'],
    [{ budget: null, budgetRange: 'flexible' }, '“flexible” (no figure could be read from it)'],
    [{}, 'not given'],
  ])('budget %p reads %p', (fields, text) => {
    expect(weddingCreatedView(event(fields), 'http://x/').budget).toBe(text);
  });

  it('says TBD for a venue not given, "not given" for guests, and whether the client is new', () => {
    const view = weddingCreatedView(event({ client: 'matched', venue: '  ' }), 'http://x/');
    expect(view).toMatchObject({ venue: 'TBD', guestCount: 'not given', clientIsNew: false });
    expect(weddingCreatedView(event({ venue: 'Manila Cathedral', guestCount: 1500 }), 'http://x/')).toMatchObject({
      venue: 'Manila Cathedral',
      guestCount: '1,500',
      clientIsNew: true,
    });
  });
});
