// A milestone reminder whose moment has come, as every channel that sends reminders sees it (email, SMS, the
// `coordinator.milestone.due` webhook). Each channel plans its own row for it inside the scheduler's transaction, keyed
// by `reminderId` so that a reminder fired twice (a crash between claim and commit) is sent once.
import type { EntityManager } from 'typeorm';

export interface DueReminder {
  /** Stable for one (milestone, kind, due date): the idempotency key of every channel's row. */
  reminderId: string;
  coordinatorId: string;
  weddingId: string;
  milestoneId: string;
  milestoneTitle: string;
  /** YYYY-MM-DD, the milestone's due date. */
  dueDate: string;
  /** YYYY-MM-DD. */
  weddingDate: string;
  coupleName: string;
  /** `lead`: REMINDER_LEAD_DAYS before the due date; `due-day`: on it. */
  kind: 'lead' | 'due-day';
  /** Its moment had already passed when the milestone was created or moved: sent at the next 09:00, marked late. */
  late: boolean;
  /** The instant it was scheduled for (09:00 in MARKETPLACE_TIME_ZONE). */
  scheduledFor: Date;
  /** When it fired (later than scheduledFor when the service was down at that moment): "due in N days" counts from it. */
  firedAt: Date;
}

export interface ReminderChannel {
  readonly channel: string;
  /** Inserts this channel's message for the reminder (none when the coordinator has the channel off). */
  plan(em: EntityManager, reminder: DueReminder): Promise<number>;
  wake(): void;
}

/** Nest token: the ReminderChannel[] the reminder scheduler fires into (app.module.ts lists them). */
export const REMINDER_CHANNELS = Symbol('REMINDER_CHANNELS');
