// An event becomes its notifications in one transaction with its inbox record: a redelivered or duplicated event
// records nothing new, and the unique key (event, channel, recipient, template) would refuse a second row anyway. The
// dispatcher is woken once the rows are committed.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { activeTraceContext } from '@wedding/infrastructure';
import { recordInboxMessage } from '@wedding/messaging';
import { NotificationsConfig } from '../config';
import { EmailDispatcher } from '../delivery/email-dispatcher';
import { composeSubject } from '../email/compose-email';
import { messageIdFor } from '../email/mail-from';
import { MilestoneProjection, Rescheduled } from '../reminders/milestone-projection';
import { NotificationSettings, settingsFromRow } from '../settings/notification-settings';
import { EVENT_CHANNELS, EventChannel, IntakeEvent } from './event-channels';
import { PlannedNotification, planIntegrationFailed, planWeddingCreated } from './plan-notifications';

interface EventSubject {
  eventId: string;
  eventType: string;
  coordinatorId: string;
  bookingId: string;
  weddingId: string | null;
}

@Injectable()
export class NotificationIntakeService {
  private readonly logger = new Logger(NotificationIntakeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: EmailDispatcher,
    private readonly config: NotificationsConfig,
    @Inject(EVENT_CHANNELS) private readonly channels: EventChannel[],
    private readonly projection: MilestoneProjection,
  ) {}

  async weddingCreated(event: CoordinatorWeddingCreated): Promise<void> {
    const subject = { ...this.subjectOf(event, CoordinatorWeddingCreated.type), weddingId: event.weddingId };
    await this.expand(
      subject,
      { type: CoordinatorWeddingCreated.type, event },
      (settings) => planWeddingCreated(event, settings),
      // The wedding's milestones and their reminders, once with the rest.
      (em) => this.projection.weddingCreated(em, event),
    );
  }

  async integrationFailed(event: CoordinatorIntegrationFailed): Promise<void> {
    await this.expand(
      this.subjectOf(event, CoordinatorIntegrationFailed.type),
      { type: CoordinatorIntegrationFailed.type, event },
      (settings) => planIntegrationFailed(event, settings),
    );
  }

  private subjectOf(event: CoordinatorWeddingCreated | CoordinatorIntegrationFailed, eventType: string): EventSubject {
    return { eventId: event.eventId, eventType, coordinatorId: event.coordinatorId, bookingId: event.bookingId, weddingId: null };
  }

  private async expand(
    subject: EventSubject,
    intake: IntakeEvent,
    plan: (settings: NotificationSettings) => PlannedNotification[],
    project?: (em: EntityManager) => Promise<Rescheduled | undefined>,
  ): Promise<void> {
    const created = await this.dataSource.transaction(async (em) => {
      // 1. Record the message: a redelivery or a duplicate publish stops here.
      if (!(await recordInboxMessage(em, subject.eventId, subject.eventType))) return undefined;
      // The milestone reminders' projection, for a new wedding.
      const reminders = await project?.(em);
      // 2. The coordinator's settings decide who is told.
      const [row] = await em.query(
        `SELECT email_enabled, email_address, couple_confirmation_enabled FROM notification_settings WHERE coordinator_id = $1`,
        [subject.coordinatorId],
      );
      // 3. One row per email, each with its Message-ID for good.
      const emails = await this.insertNotifications(em, subject, intake.event, plan(settingsFromRow(row)));
      // 4. The other channels' rows (webhook deliveries, SMS), in the same transaction.
      const others: Record<string, number> = {};
      for (const channel of this.channels) others[channel.channel] = await channel.plan(em, intake);
      return { emails, others, reminders };
    });
    if (created === undefined) {
      this.logger.log({ msg: 'event already expanded', eventId: subject.eventId, type: subject.eventType });
      return;
    }
    if (created.emails.length > 0) this.dispatcher.wake();
    for (const channel of this.channels) if (created.others[channel.channel] > 0) channel.wake();
    this.logger.log({
      msg: 'event expanded',
      eventId: subject.eventId,
      type: subject.eventType,
      notifications: created.emails,
      ...created.others,
      ...(created.reminders && { reminders: created.reminders }),
    });
  }

  private async insertNotifications(
    em: EntityManager,
    subject: EventSubject,
    event: object,
    planned: PlannedNotification[],
  ): Promise<string[]> {
    if (planned.length === 0) return [];
    const context = { dashboardUrl: this.config.dashboardUrl };
    const rows = planned.map((p) => {
      const id = randomUUID();
      return { ...p, id, subject: composeSubject(p.template, event, context), messageId: messageIdFor(id, this.config.mailFrom) };
    });
    // The delivery's trace context: each email is sent, later, as part of the booking's trace.
    const traced = activeTraceContext();
    const inserted: { template: string }[] = await em.query(
      `INSERT INTO notifications (id, coordinator_id, event_id, event_type, booking_id, wedding_id, channel, recipient,
                                  template, subject, payload, message_id, traceparent, tracestate)
       SELECT n.id, $1, $2, $3, $4, $5, n.channel, n.recipient, n.template, n.subject, $6::jsonb, n.message_id, $13, $14
         FROM unnest($7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
                AS n (id, channel, recipient, template, subject, message_id)
       ON CONFLICT (event_id, channel, recipient, template) WHERE resend_of IS NULL DO NOTHING
       RETURNING template`,
      [
        subject.coordinatorId,
        subject.eventId,
        subject.eventType,
        subject.bookingId,
        subject.weddingId,
        JSON.stringify(event),
        rows.map((r) => r.id),
        rows.map((r) => r.channel),
        rows.map((r) => r.recipient),
        rows.map((r) => r.template),
        rows.map((r) => r.subject),
        rows.map((r) => r.messageId),
        traced.traceparent,
        traced.tracestate,
      ],
    );
    return inserted.map((r) => r.template);
  }
}
