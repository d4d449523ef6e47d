// The SMS texts: short (one 160-character SMS where the names allow), the couple's name and the date, no more personal
// data than the message needs. Pure, so the spec shows every text.
import type { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import type { DueReminder } from '../reminders/due-reminder';

const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });

/** "2030-06-15" → "15 Jun 2030". */
function calendarDay(date: string): string {
  return dateFormat.format(new Date(`${date}T00:00:00Z`));
}

function shortened(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}

export function weddingCreatedText(event: Pick<CoordinatorWeddingCreated, 'coupleName' | 'weddingDate'>): string {
  return `New wedding: ${shortened(event.coupleName, 50)}, ${calendarDay(event.weddingDate)}. Details in your Wedding Coordinator dashboard.`;
}

export function integrationFailedText(event: Pick<CoordinatorIntegrationFailed, 'coupleName' | 'eventDate'>): string {
  const who = event.coupleName ? ` from ${shortened(event.coupleName, 50)}` : '';
  const when = event.eventDate ? ` (${calendarDay(event.eventDate.slice(0, 10))})` : '';
  return `A booking${who}${when} could not be added to your weddings automatically. Please check your email.`;
}

export function reminderText(reminder: Pick<DueReminder, 'milestoneTitle' | 'coupleName' | 'dueDate' | 'kind' | 'late'>): string {
  const lead = reminder.late ? 'Late reminder' : 'Reminder';
  const due = reminder.kind === 'due-day' && !reminder.late ? 'today' : calendarDay(reminder.dueDate);
  return `${lead}: "${shortened(reminder.milestoneTitle, 60)}" for ${shortened(reminder.coupleName, 40)} is due ${due}.`;
}
