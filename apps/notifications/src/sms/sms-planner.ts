// The one writer of SMS rows in the notifications table, for every message that becomes an SMS (an event, a
// reminder): only to the coordinator's opted-in number, keyed like every notification by (event, channel, recipient,
// template) so that it is planned once, and due at once or at the end of the quiet hours.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { activeTraceContext } from '@wedding/infrastructure';
import { NotificationsConfig } from '../config';
import { parseQuietHours, quietHoursEnd } from './quiet-hours';
import { Clock } from '../clock';
import { hasSmsConsent } from './sms-consents';

export interface PlannedSms {
  coordinatorId: string;
  eventId: string;
  eventType: string;
  bookingId: string | null;
  weddingId: string | null;
  template: 'sms-wedding-created' | 'sms-integration-failed' | 'sms-reminder';
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
    return inserted.length;
  }
}
