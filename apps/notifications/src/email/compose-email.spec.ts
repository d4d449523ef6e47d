import { randomUUID } from 'node:crypto';
import { sync as ical, VEvent } from 'node-ical';
import { composeEmail } from './compose-email';

const weddingId = randomUUID();
const event = (fields: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  occurredAt: '2026-11-24T01:02:03.000Z',
  coordinatorId: randomUUID(),
  bookingId: randomUUID(),
  clientId: randomUUID(),
  client: 'created',
  weddingId,
  weddingDate: '2030-06-15',
  coupleName: 'John & Jane',
  contactEmail: 'jj@example.ph',
  coordinatorBusinessName: 'Ayos Events',
  coordinatorEmail: 'hello@ayos.ph',
  milestones: [
    { id: randomUUID(), title: 'Design & Decor', dueDate: '2030-03-17', compressed: false },
    { id: randomUUID(), title: 'Rehearsal', dueDate: '2030-06-14', compressed: true },
  ],
  ...fields,
});
const context = { dashboardUrl: 'http://127.0.0.1:3002/dashboard/' };

describe('composeEmail', () => {
  it('escapes what the couple typed in the HTML part, and keeps it as typed in the text and the subject', () => {
    const name = '<script>alert("x")</script> & <b>Co</b>';
    const email = composeEmail('wedding-created', event({ coupleName: name, venue: '<img src=x onerror=alert(1)>' }), context);
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).not.toContain('<b>Co</b>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).toContain(name);
    expect(email.subject).toBe(`New wedding: ${name} on Saturday, 15 June 2030`);
  });

  it('keeps the subject on one line, whatever a name holds', () => {
    const email = composeEmail('couple-confirmation', event({ coordinatorBusinessName: 'Ayos\r\nBcc: x@evil.example' }), context);
    expect(email.subject).toBe('Your booking request reached Ayos Bcc: x@evil.example');
    expect(email.replyTo).toBe('hello@ayos.ph');
  });

  it('attaches the wedding day and each milestone as all-day events, linked to the wedding page', () => {
    const [attachment] = composeEmail('wedding-created', event(), context).attachments;
    expect(attachment).toMatchObject({ filename: 'wedding.ics', contentType: expect.stringMatching(/^text\/calendar/) });
    const events = Object.values(ical.parseICS(attachment.content)).filter((e): e is VEvent => e?.type === 'VEVENT');
    expect(events.map((e) => [e.summary, e.start.toLocaleDateString('en-CA'), e.datetype]).sort()).toEqual([
      ['Design & Decor due: John & Jane', '2030-03-17', 'date'],
      ['Rehearsal due: John & Jane', '2030-06-14', 'date'],
      ['Wedding: John & Jane', '2030-06-15', 'date'],
    ]);
    const url = (e: VEvent) => (typeof e.url === 'string' ? e.url : (e.url as unknown as { val: string }).val);
    expect(events.map(url)).toEqual(events.map(() => `http://127.0.0.1:3002/dashboard/weddings/${weddingId}`));
  });

  it('refuses a stored payload that breaks its contract rather than sending nonsense', () => {
    expect(() => composeEmail('wedding-created', { coupleName: 'x' }, context)).toThrow('invalid coordinator.wedding.created');
  });
});

describe('composeEmail: a milestone reminder', () => {
  const reminder = (fields: Record<string, unknown> = {}) => ({
    reminderId: randomUUID(),
    weddingId,
    milestoneTitle: 'Venue Selection',
    dueDate: '2030-05-16',
    weddingDate: '2030-06-15',
    coupleName: 'John & Jane',
    kind: 'lead',
    late: false,
    daysLeft: 3,
    ...fields,
  });

  it.each([
    ['lead days before', {}, 'Venue Selection for John & Jane is due in 3 days, on Thursday, 16 May 2030'],
    ['the day before', { daysLeft: 1 }, 'Venue Selection for John & Jane is due tomorrow, Thursday, 16 May 2030'],
    ['on the day', { kind: 'due-day', daysLeft: 0 }, 'Venue Selection for John & Jane is due today, Thursday, 16 May 2030'],
    ['late, on a later day', { kind: 'due-day', daysLeft: -1, late: true }, 'Late reminder: Venue Selection for John & Jane was due yesterday, on Thursday, 16 May 2030'],
    ['late, days after', { kind: 'due-day', daysLeft: -4, late: true }, 'Late reminder: Venue Selection for John & Jane was due 4 days ago, on Thursday, 16 May 2030'],
  ])('%s', (_case, fields: Record<string, unknown>, subject) => {
    const email = composeEmail('milestone-due', reminder(fields), context);
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(`${subject.replace('Late reminder: ', '').replace(' for John & Jane', ' for the wedding of John & Jane')}.`);
    expect(email.text).toContain(`${context.dashboardUrl}weddings/${weddingId}`);
    expect(email.text).toContain('Wedding date: Saturday, 15 June 2030');
    expect(/This reminder is late/.test(email.text)).toBe(fields.late === true);
    expect(/This reminder is late/.test(email.html)).toBe(fields.late === true);
    expect(email.attachments).toEqual([]);
  });

  it('escapes the names in the HTML part', () => {
    const email = composeEmail('milestone-due', reminder({ coupleName: '<b>J</b>', milestoneTitle: '<i>x</i>' }), context);
    expect(email.html).not.toMatch(/<b>J|<i>x/);
    expect(email.html).toContain('&lt;b&gt;J');
  });

  it('refuses a stored payload it cannot read', () => {
    expect(() => composeEmail('milestone-due', { weddingId }, context)).toThrow(/without milestoneTitle/);
  });
});
