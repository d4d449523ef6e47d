// The one writer of SMS rows in the notifications table, for every message that becomes an SMS (an event, a
// reminder): only to the coordinator's opted-in number, keyed like every notification by (event, channel, recipient,
// template) so that it is planned once, and due at once or at the end of the quiet hours. The one exception is the
// confirmation code, to a number not opted in yet (that is what it asks for), planned for its request.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { activeTraceContext } from '@wedding/infrastructure';
import { NotificationsConfig } from '../config';
import { parseQuietHours, quietHoursEnd } from './quiet-hours';
import { Clock } from '../clock';
import { CONFIRMATION_SUBJECT, SMS_CONFIRMATION_TEMPLATE } from './confirmation-code';
import { hasSmsConsent } from './sms-consents';

export interface PlannedSms {
  coordinatorId: string;
  eventId: string;
  eventType: string;
  bookingId: string | null;
  weddingId: string | null;
  template: 'sms-wedding-created' | 'sms-integration-failed' | 'sms-reminder' | typeof SMS_CONFIRMATION_TEMPLATE;
  text: string;
}

@Injectable()
export class SmsPlanner {
  private readonly quietHours;

  constructor(
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
  ) {
    this.quietHours = parseQuietHours(config.smsQuietHours) ?? null;
  }

  /** SMS is off without a provider. */
  get enabled(): boolean {
    return this.config.smsProviderUrl !== '';
  }

  /** The number SMS go to: the coordinator's, when SMS is on in its settings and the number is opted in. */
  async recipientFor(em: EntityManager, coordinatorId: string): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    const [settings] = await em.query(`SELECT sms_enabled, sms_phone FROM notification_settings WHERE coordinator_id = $1`, [coordinatorId]);
    if (!settings?.sms_enabled || !settings.sms_phone) return undefined;
    return (await hasSmsConsent(em, coordinatorId, settings.sms_phone)) ? (settings.sms_phone as string) : undefined;
  }

  /** Inserts the SMS to the coordinator's opted-in number; 0 when there is none or it was planned before. */
  async plan(em: EntityManager, sms: PlannedSms): Promise<number> {
    const recipient = await this.recipientFor(em, sms.coordinatorId);
    if (!recipient) return 0;
    return (await this.insert(em, recipient, sms)) ? 1 : 0;
  }

  /**
   * The SMS that will carry a confirmation request's code (minted by the dispatcher as it sends, never stored here:
   * the row keeps the text without it). Like any SMS it waits for the end of the quiet hours — the number is not known
   * to be the coordinator's yet — and counts against SMS_MAX_PER_DAY. Its id, or undefined when the service has no SMS.
   */
  async planConfirmation(em: EntityManager, request: { coordinatorId: string; confirmationId: string; phone: string }): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    return this.insert(em, request.phone, {
      coordinatorId: request.coordinatorId,
      eventId: request.confirmationId,
      eventType: 'sms.confirmation',
      bookingId: null,
      weddingId: null,
      template: SMS_CONFIRMATION_TEMPLATE,
      text: CONFIRMATION_SUBJECT,
    });
  }

  private async insert(em: EntityManager, recipient: string, sms: PlannedSms): Promise<string | undefined> {
    const now = this.clock.now();
    const id = randomUUID();
    const traced = activeTraceContext();
    const inserted = await em.query(
      `INSERT INTO notifications (id, coordinator_id, event_id, event_type, booking_id, wedding_id, channel, recipient,
                                  template, subject, payload, message_id, due_at, traceparent, tracestate)
       VALUES ($1, $2, $3, $4, $5, $6, 'sms', $7, $8, $9, $10::jsonb, $11, $12, $13, $14)
       ON CONFLICT (event_id, channel, recipient, template) WHERE resend_of IS NULL DO NOTHING
       RETURNING id`,
      [
        id,
        sms.coordinatorId,
        sms.eventId,
        sms.eventType,
        sms.bookingId,
        sms.weddingId,
        recipient,
        sms.template,
        sms.text,
        JSON.stringify({ text: sms.text }),
        `sms.${id}`,
        quietHoursEnd(now, this.quietHours, this.config.timeZone) ?? now,
        traced.traceparent,
        traced.tracestate,
      ],
    );
    return inserted[0]?.id;
  }
}
