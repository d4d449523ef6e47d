// What each email says, as plain values for its templates: dates in words, amounts with separators, the link to the
// wedding. Pure functions of the event; the templates (templates/*.mustache) only place them.
import {
  CoordinatorIntegrationFailed,
  CoordinatorWeddingCreated,
  IntegrationFailureReason,
  weddingPageUrl,
} from '@wedding/contracts';

// Built once: an Intl formatter costs far more to make than to use, and an email formats a dozen values.
const longDate = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const wholeAmount = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const amountWithCents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "2030-06-15" → "Saturday, 15 June 2030": a calendar date, the same in every time zone. */
export function formatDate(date: string): string {
  return longDate.format(new Date(`${date}T00:00:00Z`));
}

/** "2030-03-17" → "17 Mar 2030", for lists. */
export function formatShortDate(date: string): string {
  return shortDate.format(new Date(`${date}T00:00:00Z`));
}

/** 75000 → "75,000"; 1234.5 → "1,234.50". */
export function formatAmount(amount: number): string {
  return (Number.isInteger(amount) ? wholeAmount : amountWithCents).format(amount);
}

const NOT_GIVEN = 'not given';

export interface WeddingCreatedView {
  coupleName: string;
  weddingDate: string;
  clientIsNew: boolean;
  contactEmail: string | null;
  contactPhone: string | null;
  venue: string;
  guestCount: string;
  budget: string;
  milestones: { title: string; dueDate: string; compressed: boolean; flag: string | null }[];
  anyCompressed: boolean;
  weddingUrl: string;
  coordinatorName: string;
}

export function weddingCreatedView(event: CoordinatorWeddingCreated, dashboardUrl: string): WeddingCreatedView {
  const budget =
    event.budget != null
      ? `${formatAmount(event.budget)}${event.budgetRange ? ` (the couple said “${event.budgetRange}”)` : ''}`
      : event.budgetRange
        ? `“${event.budgetRange}” (no figure could be read from it)`
        : NOT_GIVEN;
  const milestones = [...event.milestones]
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
    .map((m) => ({ title: m.title, dueDate: formatShortDate(m.dueDate), compressed: m.compressed, flag: m.flag ?? null }));
  return {
    coupleName: event.coupleName,
    weddingDate: formatDate(event.weddingDate),
    clientIsNew: event.client === 'created',
    contactEmail: event.contactEmail ?? null,
    contactPhone: event.contactPhone ?? null,
    venue: event.venue?.trim() || 'TBD',
    guestCount: event.guestCount != null ? formatAmount(event.guestCount) : NOT_GIVEN,
    budget,
    milestones,
    anyCompressed: milestones.some((m) => m.compressed),
    weddingUrl: weddingPageUrl(dashboardUrl, event.weddingId),
    coordinatorName: event.coordinatorBusinessName ?? 'there',
  };
}

export interface CoupleConfirmationView {
  coupleName: string;
  weddingDate: string;
  coordinatorName: string;
  coordinatorEmail: string | null;
  coordinatorPhone: string | null;
}

export function coupleConfirmationView(event: CoordinatorWeddingCreated): CoupleConfirmationView {
  return {
    coupleName: event.coupleName,
    weddingDate: formatDate(event.weddingDate),
    coordinatorName: event.coordinatorBusinessName ?? 'your wedding coordinator',
    coordinatorEmail: event.coordinatorEmail ?? null,
    coordinatorPhone: event.coordinatorPhone ?? null,
  };
}

const REASONS: Record<IntegrationFailureReason, string> = {
  coordinator_unavailable: 'the coordinator service’s database stayed unreachable or busy through every retry',
  invalid_booking: 'the booking could not be set up as it was sent',
  internal_error: 'an unexpected error',
};

export interface IntegrationFailedView {
  coupleName: string;
  eventDate: string;
  contactEmail: string | null;
  contactPhone: string | null;
  bookingId: string;
  reasonSummary: string;
  reason: string;
  attempts: number;
  dashboardUrl: string;
}

export function integrationFailedView(event: CoordinatorIntegrationFailed, dashboardUrl: string): IntegrationFailedView {
  return {
    coupleName: event.coupleName ?? 'a couple',
    eventDate: event.eventDate ? formatDate(event.eventDate) : 'a date the event did not say',
    contactEmail: event.contactEmail ?? null,
    contactPhone: event.contactPhone ?? null,
    bookingId: event.bookingId,
    reasonSummary: REASONS[event.reasonCode ?? 'internal_error'],
    reason: event.reason,
    attempts: event.attempts,
    dashboardUrl,
  };
}

export interface EndpointDisabledView {
  endpointId: string;
  host: string;
  description: string | null;
  reason: string;
  dashboardUrl: string;
}

/** The stored notice of a disabled webhook endpoint (see webhooks/endpoint-disabled-notice.ts). */
export function endpointDisabledView(payload: unknown, dashboardUrl: string): EndpointDisabledView {
  const p = payload as Partial<EndpointDisabledView> | null;
  if (!p || typeof p.endpointId !== 'string' || typeof p.host !== 'string' || typeof p.reason !== 'string') {
    throw new Error('a webhook-disabled notice needs endpointId, host and reason');
  }
  return { endpointId: p.endpointId, host: p.host, description: p.description ?? null, reason: p.reason, dashboardUrl };
}

/** A milestone reminder's email, as stored with it (EmailReminderChannel): ids, the schedule, no contacts. */
export interface MilestoneDueEmail {
  reminderId: string;
  weddingId: string;
  milestoneTitle: string;
  dueDate: string;
  weddingDate: string;
  coupleName: string;
  kind: 'lead' | 'due-day';
  late: boolean;
  /** From the day it is sent to the due date (negative: overdue). */
  daysLeft: number;
}

export interface MilestoneDueView {
  milestoneTitle: string;
  coupleName: string;
  /** "is due in 3 days, on Thursday, 16 May 2030", "is due today", "was due 2 days ago, on …". */
  dueWhen: string;
  weddingDate: string;
  late: boolean;
  weddingUrl: string;
}

export function milestoneDueView(payload: MilestoneDueEmail, dashboardUrl: string): MilestoneDueView {
  for (const field of ['weddingId', 'milestoneTitle', 'dueDate', 'weddingDate', 'coupleName'] as const) {
    if (typeof payload?.[field] !== 'string') throw new Error(`a milestone reminder without ${field}`);
  }
  if (!Number.isInteger(payload.daysLeft)) throw new Error('a milestone reminder without daysLeft');
  const on = formatDate(payload.dueDate);
  const { daysLeft } = payload;
  const dueWhen =
    daysLeft > 1
      ? `is due in ${daysLeft} days, on ${on}`
      : daysLeft === 1
        ? `is due tomorrow, ${on}`
        : daysLeft === 0
          ? `is due today, ${on}`
          : `was due ${-daysLeft === 1 ? 'yesterday' : `${-daysLeft} days ago`}, on ${on}`;
  return {
    milestoneTitle: payload.milestoneTitle,
    coupleName: payload.coupleName,
    dueWhen,
    weddingDate: formatDate(payload.weddingDate),
    late: payload.late === true,
    weddingUrl: weddingPageUrl(dashboardUrl, payload.weddingId),
  };
}
