// A milestone reminder by email, to the coordinator: a notifications row planned in the scheduler's transaction,
// keyed by the reminder (a reminder fired twice plans one email), as the coordinator's email settings say.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { calendarDate } from '@wedding/contracts';
import { activeTraceContext } from '@wedding/infrastructure';
import { NotificationsConfig } from '../config';
import { EmailDispatcher } from '../delivery/email-dispatcher';
import { composeEmail } from '../email/compose-email';
import type { MilestoneDueEmail } from '../email/email-views';
import { messageIdFor } from '../email/mail-from';
import { settingsFromRow } from '../settings/notification-settings';
import { DueReminder, ReminderChannel } from './due-reminder';
import { daysBetween } from './reminder-schedule';

/** The notifications' event type for a reminder (the name of the matching webhook event). */
export const MILESTONE_DUE = 'coordinator.milestone.due';

@Injectable()
export class EmailReminderChannel implements ReminderChannel {
  readonly channel = 'email';

  constructor(
    private readonly dispatcher: EmailDispatcher,
    private readonly config: NotificationsConfig,
  ) {}

  async plan(em: EntityManager, reminder: DueReminder): Promise<number> {
    const [settingsRow] = await em.query(
      `SELECT email_enabled, email_address, couple_confirmation_enabled FROM notification_settings WHERE coordinator_id = $1`,
      [reminder.coordinatorId],
    );
    const settings = settingsFromRow(settingsRow);
    if (!settings.email.enabled) return 0;
    // The settings' address, else the one the marketplace gave with the coordinator's latest booked wedding.
    const [known] = await em.query(`SELECT email FROM coordinator_addresses WHERE coordinator_id = $1`, [reminder.coordinatorId]);
    const recipient: string | undefined = settings.email.address ?? known?.email;
    if (!recipient) return 0;

    const payload: MilestoneDueEmail = {
      reminderId: reminder.reminderId,
      weddingId: reminder.weddingId,
      milestoneTitle: reminder.milestoneTitle,
      dueDate: reminder.dueDate,
      weddingDate: reminder.weddingDate,
      coupleName: reminder.coupleName,
      kind: reminder.kind,
      late: reminder.late,
      // Counted from the day it is sent, in the marketplace's calendar.
      daysLeft: daysBetween(calendarDate(reminder.firedAt, this.config.timeZone), reminder.dueDate),
    };
    const id = randomUUID();
    const { subject } = composeEmail('milestone-due', payload, { dashboardUrl: this.config.dashboardUrl });
    const traced = activeTraceContext();
    const inserted: unknown[] = await em.query(
      `INSERT INTO notifications (id, coordinator_id, event_id, event_type, booking_id, wedding_id, channel, recipient,
                                  template, subject, payload, message_id, traceparent, tracestate)
       VALUES ($1, $2, $3, $4, NULL, $5, 'email', $6, 'milestone-due', $7, $8::jsonb, $9, $10, $11)
       ON CONFLICT (event_id, channel, recipient, template) WHERE resend_of IS NULL DO NOTHING
       RETURNING id`,
      [
        id,
        reminder.coordinatorId,
        reminder.reminderId,
        MILESTONE_DUE,
        reminder.weddingId,
        recipient,
        subject,
        JSON.stringify(payload),
        messageIdFor(id, this.config.mailFrom),
        traced.traceparent,
        traced.tracestate,
      ],
    );
    return inserted.length;
  }

  wake(): void {
    this.dispatcher.wake();
  }
}
