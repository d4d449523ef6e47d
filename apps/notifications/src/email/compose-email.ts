// A notification's email: subject, plain text and HTML from its template files (every value escaped in the HTML part,
// none in the text part), and for a new wedding its calendar as an attachment.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated, EventContract, parseEvent, weddingCalendar } from '@wedding/contracts';
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

/** One line, whatever a name holds: a header cannot be split by the values in it. */
const renderSubject = (name: NotificationTemplate, view: object) =>
  Mustache.render(template(name, 'subject'), view, {}, { escape: asIs }).replace(/\s+/g, ' ').trim();

function render(name: NotificationTemplate, view: object): Pick<ComposedEmail, 'subject' | 'text' | 'html'> {
  return {
    subject: renderSubject(name, view),
    text: Mustache.render(template(name, 'text'), view, {}, { escape: asIs }),
    html: Mustache.render(template(name, 'html'), view),
  };
}

/**
 * The event read against its contract: a stored payload is read again; an instance of the contract is one the
 * consumer's parseEvent made a moment ago (the intake's), taken as it is rather than validated a second time.
 */
function read<T extends object>(contract: EventContract<T>, payload: unknown): T {
  return payload instanceof contract ? payload : parseEvent(contract, payload);
}

/** What the template shows, and the event it was made from (for the attachments and the reply address). */
function viewOf(name: NotificationTemplate, payload: unknown, context: CompositionContext) {
  switch (name) {
    case 'wedding-created': {
      const event = read(CoordinatorWeddingCreated, payload);
      return { event, view: weddingCreatedView(event, context.dashboardUrl) };
    }
    case 'couple-confirmation': {
      const event = read(CoordinatorWeddingCreated, payload);
      return { event, view: coupleConfirmationView(event) };
    }
    case 'integration-failed':
      return { view: integrationFailedView(read(CoordinatorIntegrationFailed, payload), context.dashboardUrl) };
    case 'webhook-disabled':
      return { view: endpointDisabledView(payload, context.dashboardUrl) };
    case 'milestone-due':
      return { view: milestoneDueView(payload as MilestoneDueEmail, context.dashboardUrl) };
  }
}

/**
 * The subject alone, which the intake stores with each notification: no bodies, no calendar (made again when the
 * email is sent). Throws like composeEmail on a payload that breaks its contract.
 */
export function composeSubject(name: NotificationTemplate, payload: unknown, context: CompositionContext): string {
  return renderSubject(name, viewOf(name, payload, context).view);
}

/** `payload` is the event the notification was planned from, as stored; it is read against its contract again. */
export function composeEmail(name: NotificationTemplate, payload: unknown, context: CompositionContext): ComposedEmail {
  const { event, view } = viewOf(name, payload, context);
  if (name === 'wedding-created' && event) {
    const calendar = weddingCalendar({
      name: `Wedding of ${event.coupleName}`,
      weddings: [
        { id: event.weddingId, coupleName: event.coupleName, weddingDate: event.weddingDate, venue: event.venue?.trim() || 'TBD', status: 'planning' },
      ],
      milestones: event.milestones.map((m) => ({ ...m, weddingId: event.weddingId, coupleName: event.coupleName })),
      dashboardUrl: context.dashboardUrl,
    });
    return {
      ...render(name, view),
      attachments: [{ filename: 'wedding.ics', content: calendar, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
    };
  }
  const replyTo = name === 'couple-confirmation' ? (event?.coordinatorEmail ?? undefined) : undefined;
  return { ...render(name, view), ...(replyTo !== undefined && { replyTo }), attachments: [] };
}
