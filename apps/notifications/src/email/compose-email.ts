// A notification's email: subject, plain text and HTML from its template files (every value escaped in the HTML part,
// none in the text part), and for a new wedding its calendar as an attachment.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated, parseEvent, weddingCalendar } from '@wedding/contracts';
import type { NotificationTemplate } from '../intake/plan-notifications';
import {
  coupleConfirmationView,
  endpointDisabledView,
  integrationFailedView,
  MilestoneDueEmail,
  milestoneDueView,
  weddingCreatedView,
} from './email-views';

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
  /** Where a reply goes, when not to the sender (the couple's reply reaches the coordinator). */
  replyTo?: string;
  attachments: { filename: string; content: string; contentType: string }[];
}

export interface CompositionContext {
  dashboardUrl: string;
}

const TEMPLATE_DIR = path.join(__dirname, 'templates');
const templates = new Map<string, string>();

function template(name: NotificationTemplate, part: 'subject' | 'text' | 'html'): string {
  const file = `${name}.${part}.mustache`;
  let text = templates.get(file);
  if (text === undefined) {
    text = readFileSync(path.join(TEMPLATE_DIR, file), 'utf8');
    templates.set(file, text);
  }
  return text;
}

const asIs = (value: unknown) => String(value);

function render(name: NotificationTemplate, view: object): Pick<ComposedEmail, 'subject' | 'text' | 'html'> {
  return {
    // One line, whatever a name holds: a header cannot be split by the values in it.
    subject: Mustache.render(template(name, 'subject'), view, {}, { escape: asIs }).replace(/\s+/g, ' ').trim(),
    text: Mustache.render(template(name, 'text'), view, {}, { escape: asIs }),
    html: Mustache.render(template(name, 'html'), view),
  };
}

/** `payload` is the event the notification was planned from, as stored; it is read against its contract again. */
export function composeEmail(name: NotificationTemplate, payload: unknown, context: CompositionContext): ComposedEmail {
  switch (name) {
    case 'wedding-created': {
      const event = parseEvent(CoordinatorWeddingCreated, payload);
      const calendar = weddingCalendar({
        name: `Wedding of ${event.coupleName}`,
        weddings: [
          { id: event.weddingId, coupleName: event.coupleName, weddingDate: event.weddingDate, venue: event.venue?.trim() || 'TBD', status: 'planning' },
        ],
        milestones: event.milestones.map((m) => ({ ...m, weddingId: event.weddingId, coupleName: event.coupleName })),
        dashboardUrl: context.dashboardUrl,
      });
      return {
        ...render(name, weddingCreatedView(event, context.dashboardUrl)),
        attachments: [{ filename: 'wedding.ics', content: calendar, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
      };
    }
    case 'couple-confirmation': {
      const event = parseEvent(CoordinatorWeddingCreated, payload);
      return { ...render(name, coupleConfirmationView(event)), replyTo: event.coordinatorEmail ?? undefined, attachments: [] };
    }
    case 'integration-failed': {
      const event = parseEvent(CoordinatorIntegrationFailed, payload);
      return { ...render(name, integrationFailedView(event, context.dashboardUrl)), attachments: [] };
    }
    case 'webhook-disabled':
      return { ...render(name, endpointDisabledView(payload, context.dashboardUrl)), attachments: [] };
    case 'milestone-due':
      return { ...render(name, milestoneDueView(payload as MilestoneDueEmail, context.dashboardUrl)), attachments: [] };
  }
}
