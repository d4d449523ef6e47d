import { randomUUID } from 'node:crypto';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import type { DueReminder } from '../reminders/due-reminder';
import { deliveryBody, integrationFailedMessage, MAX_BODY_BYTES, milestoneDueMessage, weddingCreatedMessage } from './webhook-payload';

const wedding = (fields: Partial<CoordinatorWeddingCreated> = {}): CoordinatorWeddingCreated =>
  Object.assign(new CoordinatorWeddingCreated(), {
    eventId: randomUUID(),
    occurredAt: '2030-01-02T03:04:05.000Z',
    coordinatorId: randomUUID(),
    bookingId: randomUUID(),
    clientId: randomUUID(),
    client: 'created',
    weddingId: randomUUID(),
    weddingDate: '2030-06-15',
    coupleName: 'John & Jane',
    contactEmail: 'couple@example.com',
    contactPhone: '+639171234567',
    coordinatorEmail: 'coordinator@example.com',
    budget: 75000,
    venue: 'Manila Cathedral',
    milestones: [{ id: randomUUID(), title: 'Book the venue', dueDate: '2030-01-15', compressed: false }],
    ...fields,
  });

describe('webhook payloads', () => {
  it('carries ids, the couple, the date and the milestones, and no contact details', () => {
    const event = wedding();
    const message = weddingCreatedMessage(event);
    expect(message).toEqual({
      type: 'coordinator.wedding.created',
      timestamp: '2030-01-02T03:04:05.000Z',
      data: {
        coordinatorId: event.coordinatorId,
        bookingId: event.bookingId,
        clientId: event.clientId,
        weddingId: event.weddingId,
        coupleName: 'John & Jane',
        weddingDate: '2030-06-15',
        milestones: [{ id: event.milestones[0].id, title: 'Book the venue', dueDate: '2030-01-15' }],
      },
    });
    const body = deliveryBody(message, 'standard');
    for (const personal of ['couple@example.com', '+639171234567', 'coordinator@example.com', '75000', 'Cathedral']) {
      expect(body).not.toContain(personal);
    }
  });

  it.each(['é', '💍'])('stays under 20 KB for the largest wedding the contract allows (titles of %s), cutting titles only then', (char) => {
    const milestones = Array.from({ length: 50 }, () => ({ id: randomUUID(), title: char.repeat(200), dueDate: '2030-01-15', compressed: true }));
    const message = weddingCreatedMessage(wedding({ coupleName: 'ñ'.repeat(200), milestones }));
    const body = deliveryBody(message, 'standard');
    expect(Buffer.byteLength(body)).toBeGreaterThan(10_000);
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY_BYTES);
    expect((message.data.milestones as { title: string }[])[0].title).toBe(`${char.repeat(59)}…`);
    const usual = weddingCreatedMessage(wedding({ milestones: milestones.slice(0, 10) }));
    expect((usual.data.milestones as { title: string }[])[0].title).toBe(char.repeat(200));
  });

  it('says a failed integration without the reason text (it may quote the booking)', () => {
    const event = Object.assign(new CoordinatorIntegrationFailed(), {
      eventId: randomUUID(),
      occurredAt: '2030-01-02T03:04:05.000Z',
      bookingId: randomUUID(),
      coordinatorId: randomUUID(),
      reason: 'contactEmail couple@example.com rejected',
      reasonCode: 'invalid_booking',
      attempts: 1,
      coupleName: 'Ana & Ben',
      eventDate: '2030-02-03',
    });
    const message = integrationFailedMessage(event);
    expect(message.data).toEqual({
      coordinatorId: event.coordinatorId,
      bookingId: event.bookingId,
      coupleName: 'Ana & Ben',
      weddingDate: '2030-02-03',
      reasonCode: 'invalid_booking',
      attempts: 1,
    });
    expect(deliveryBody(message, 'slack')).toBe(
      JSON.stringify({
        text: `A booking could not be set up automatically: Ana &amp; Ben on Sunday, 3 February 2030; please set it up by hand (booking ${event.bookingId})`,
      }),
    );
  });

  it('tells a due milestone, late or not, as Slack text', () => {
    const reminder: DueReminder = {
      reminderId: randomUUID(),
      coordinatorId: randomUUID(),
      weddingId: randomUUID(),
      milestoneId: randomUUID(),
      milestoneTitle: 'Final <fitting>',
      dueDate: '2030-05-01',
      weddingDate: '2030-06-15',
      coupleName: 'John & Jane',
      kind: 'lead',
      late: true,
      scheduledFor: new Date('2030-04-28T01:00:00Z'),
      firedAt: new Date('2030-04-28T01:00:00Z'),
    };
    const message = milestoneDueMessage(reminder);
    expect(message).toMatchObject({ type: 'coordinator.milestone.due', timestamp: '2030-04-28T01:00:00.000Z' });
    expect(JSON.parse(deliveryBody(message, 'slack')).text).toBe(
      'Late reminder: “Final &lt;fitting&gt;” for the wedding of John &amp; Jane is due on Wednesday, 1 May 2030',
    );
    expect(JSON.parse(deliveryBody(milestoneDueMessage({ ...reminder, kind: 'due-day', late: false }), 'slack')).text).toBe(
      'Reminder: “Final &lt;fitting&gt;” for the wedding of John &amp; Jane is due today',
    );
  });
});
