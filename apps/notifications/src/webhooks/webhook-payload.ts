// What a webhook delivery says: `{ type, timestamp, data }` with the ids, the couple's name, the wedding date and the
// milestones — no contact details, no budget — or, for a Slack endpoint, one short line of text. Pure functions.
import type { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { formatDate } from '../email/email-views';
import type { DueReminder } from '../reminders/due-reminder';

export const WEBHOOK_EVENT_TYPES = ['coordinator.wedding.created', 'coordinator.integration.failed', 'coordinator.milestone.due'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const WEBHOOK_FORMATS = ['standard', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
/** The issue's bound on a delivery's body; the largest event the contracts allow stays under it (see the spec). */
export const MAX_BODY_BYTES = 20 * 1024;

export interface WebhookMessage {
  type: WebhookEventType;
  /** When what it tells happened (ISO 8601); `webhook-timestamp` is the attempt's own time. */
  timestamp: string;
  data: Record<string, unknown>;
}

/** In the rare wedding whose 50 long milestone titles would pass MAX_BODY_BYTES, the titles are cut to this. */
const SHORT_TITLE = 60;
const shorten = (title: string) => {
  const chars = Array.from(title);
  return chars.length > SHORT_TITLE ? `${chars.slice(0, SHORT_TITLE - 1).join('')}…` : title;
};

export function weddingCreatedMessage(event: CoordinatorWeddingCreated): WebhookMessage {
  const message = fullWeddingCreatedMessage(event);
  if (Buffer.byteLength(JSON.stringify(message)) <= MAX_BODY_BYTES) return message;
  return fullWeddingCreatedMessage({ ...event, milestones: event.milestones.map((m) => ({ ...m, title: shorten(m.title) })) });
}

function fullWeddingCreatedMessage(event: CoordinatorWeddingCreated): WebhookMessage {
  return {
    type: 'coordinator.wedding.created',
    timestamp: event.occurredAt,
    data: {
      coordinatorId: event.coordinatorId,
      bookingId: event.bookingId,
      clientId: event.clientId,
      weddingId: event.weddingId,
      coupleName: event.coupleName,
      weddingDate: event.weddingDate,
      milestones: event.milestones.map((m) => ({ id: m.id, title: m.title, dueDate: m.dueDate })),
    },
  };
}

export function integrationFailedMessage(event: CoordinatorIntegrationFailed): WebhookMessage {
  return {
    type: 'coordinator.integration.failed',
    timestamp: event.occurredAt,
    data: {
      coordinatorId: event.coordinatorId,
      bookingId: event.bookingId,
      coupleName: event.coupleName ?? null,
      weddingDate: event.eventDate ?? null,
      reasonCode: event.reasonCode ?? 'internal_error',
      attempts: event.attempts,
    },
  };
}

export function milestoneDueMessage(reminder: DueReminder): WebhookMessage {
  return {
    type: 'coordinator.milestone.due',
    timestamp: reminder.scheduledFor.toISOString(),
    data: {
      reminderId: reminder.reminderId,
      coordinatorId: reminder.coordinatorId,
      weddingId: reminder.weddingId,
      coupleName: reminder.coupleName,
      weddingDate: reminder.weddingDate,
      milestone: { id: reminder.milestoneId, title: reminder.milestoneTitle, dueDate: reminder.dueDate },
      kind: reminder.kind,
      late: reminder.late,
    },
  };
}

/** Slack reads &, < and > as markup. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The short line a Slack channel shows. */
export function slackText(message: WebhookMessage): string {
  const d = message.data as Record<string, any>;
  switch (message.type) {
    case 'coordinator.wedding.created':
      return `New wedding: ${slackEscape(d.coupleName)} on ${formatDate(d.weddingDate)} (${d.milestones.length} milestones)`;
    case 'coordinator.integration.failed':
      return (
        `A booking could not be set up automatically: ${slackEscape(d.coupleName ?? 'a couple')}` +
        `${d.weddingDate ? ` on ${formatDate(d.weddingDate)}` : ''}; please set it up by hand (booking ${d.bookingId})`
      );
    case 'coordinator.milestone.due':
      return (
        `${d.late ? 'Late reminder: ' : 'Reminder: '}“${slackEscape(d.milestone.title)}” for the wedding of ` +
        `${slackEscape(d.coupleName)} is due ${d.kind === 'due-day' ? 'today' : `on ${formatDate(d.milestone.dueDate)}`}`
      );
  }
}

/** The exact bytes sent: the JSON message, or Slack's `{ text }`. */
export function deliveryBody(message: WebhookMessage, format: WebhookFormat): string {
  return JSON.stringify(format === 'slack' ? { text: slackText(message) } : message);
}
