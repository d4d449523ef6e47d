// The one writer of webhook deliveries: a notifications row (channel 'webhook', recipient = the endpoint's id) per
// endpoint subscribed to the event, enabled or paused by its coordinator (a paused one's wait for it), with the exact body it sends and its `webhook-id` for good — the same on
// every attempt, so a receiver deduplicates retries. Planned inside the caller's transaction: the intake's (an event)
// or the reminder scheduler's (a due milestone). The unique key (event, channel, recipient, template) makes it once.
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isUUID } from 'class-validator';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { activeTraceContext } from '@wedding/infrastructure';
import type { EventChannel, IntakeEvent } from '../intake/event-channels';
import type { DueReminder, ReminderChannel } from '../reminders/due-reminder';
import {
  deliveryBody,
  integrationFailedMessage,
  milestoneDueMessage,
  weddingCreatedMessage,
  WebhookFormat,
  WebhookMessage,
} from './webhook-payload';
import { WebhookDispatcher } from './webhook-dispatcher';

export interface WebhookSubject {
  coordinatorId: string;
  /** The event's id, or the reminder's: one delivery per endpoint for it. */
  eventId: string;
  bookingId: string | null;
  weddingId: string | null;
  message: WebhookMessage;
}

/** The Standard Webhooks id of a delivery: `msg_` and its row's id. */
export const webhookIdFor = (notificationId: string) => `msg_${notificationId.replace(/-/g, '')}`;

/** A reminder's key as the uuid the notifications table keys events by (itself when it already is one). */
export function eventIdOf(key: string): string {
  if (isUUID(key)) return key;
  const hex = createHash('sha256').update(`reminder:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Inserts the subject's deliveries; returns how many are new. */
export async function planWebhookDeliveries(em: EntityManager, subject: WebhookSubject): Promise<number> {
  const endpoints: { id: string; format: WebhookFormat }[] = await em.query(
    `SELECT id, format FROM webhook_endpoints
      WHERE coordinator_id = $1 AND (enabled OR disabled_reason IS NULL) AND $2 = ANY (events)`,
    [subject.coordinatorId, subject.message.type],
  );
  if (endpoints.length === 0) return 0;
  const ids = endpoints.map(() => randomUUID());
  // The delivery's trace context: each attempt is part of the event's trace.
  const traced = activeTraceContext();
  const inserted = await em.query(
    `INSERT INTO notifications (id, coordinator_id, event_id, event_type, booking_id, wedding_id, channel, recipient,
                                template, subject, payload, message_id, traceparent, tracestate)
     SELECT n.id, $1, $2, $3, $4, $5, 'webhook', n.recipient, n.template, $3, to_jsonb(n.body), n.message_id, $11, $12
       FROM unnest($6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[]) AS n (id, recipient, template, body, message_id)
     ON CONFLICT (event_id, channel, recipient, template) WHERE resend_of IS NULL DO NOTHING
     RETURNING id`,
    [
      subject.coordinatorId,
      subject.eventId,
      subject.message.type,
      subject.bookingId,
      subject.weddingId,
      ids,
      endpoints.map((e) => e.id),
      // A Slack endpoint's delivery is its own template: it is another body.
      endpoints.map((e) => (e.format === 'slack' ? 'slack' : subject.message.type)),
      endpoints.map((e) => deliveryBody(subject.message, e.format)),
      ids.map(webhookIdFor),
      traced.traceparent,
      traced.tracestate,
    ],
  );
  return inserted.length;
}

/** `coordinator.wedding.created` and `coordinator.integration.failed`, planned in the intake's transaction. */
@Injectable()
export class WebhookEventChannel implements EventChannel {
  readonly channel = 'webhook';

  constructor(private readonly dispatcher: WebhookDispatcher) {}

  plan(em: EntityManager, intake: IntakeEvent): Promise<number> {
    if (intake.type === CoordinatorWeddingCreated.type) {
      const { event } = intake;
      return planWebhookDeliveries(em, {
        coordinatorId: event.coordinatorId,
        eventId: event.eventId,
        bookingId: event.bookingId,
        weddingId: event.weddingId,
        message: weddingCreatedMessage(event),
      });
    }
    const event: CoordinatorIntegrationFailed = intake.event;
    return planWebhookDeliveries(em, {
      coordinatorId: event.coordinatorId,
      eventId: event.eventId,
      bookingId: event.bookingId,
      weddingId: null,
      message: integrationFailedMessage(event),
    });
  }

  wake(): void {
    this.dispatcher.wake();
  }
}

/** `coordinator.milestone.due`, planned in the reminder scheduler's transaction. */
@Injectable()
export class WebhookReminderChannel implements ReminderChannel {
  readonly channel = 'webhook';

  constructor(private readonly dispatcher: WebhookDispatcher) {}

  plan(em: EntityManager, reminder: DueReminder): Promise<number> {
    return planWebhookDeliveries(em, {
      coordinatorId: reminder.coordinatorId,
      eventId: eventIdOf(reminder.reminderId),
      bookingId: null,
      weddingId: reminder.weddingId,
      message: milestoneDueMessage(reminder),
    });
  }

  wake(): void {
    this.dispatcher.wake();
  }
}
