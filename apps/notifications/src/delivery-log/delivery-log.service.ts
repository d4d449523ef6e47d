// The coordinator's delivery log: every notification with its state and attempts, and a resend. Every query is scoped
// to the coordinator of the token: another coordinator's notification is not found.
import { ConflictException, GoneException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { activeTraceContext, LimitReachedException } from '@wedding/infrastructure';
import { NotificationsConfig } from '../config';
import { EmailDispatcher } from '../delivery/email-dispatcher';
import { messageIdFor } from '../email/mail-from';
import { webhookIdFor } from '../webhooks/webhook-deliveries';
import { SMS_CONFIRMATION_TEMPLATE } from '../sms/confirmation-code';
import { SmsDispatcher } from '../sms/sms-dispatcher';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { RESEND_WINDOW_MS, resendRefusal } from './resend-limits';

const ITEM = `
  n.id, n.channel, n.template, n.recipient, n.subject, n.status, n.attempts AS "attemptCount",
  n.event_id AS "eventId", n.event_type AS "eventType", n.booking_id AS "bookingId", n.wedding_id AS "weddingId",
  n.message_id AS "messageId", n.resend_of AS "resendOf",
  CASE WHEN n.status = 'pending' THEN n.due_at END AS "nextAttemptAt",
  n.last_error AS "lastError", n.sent_at AS "sentAt", n.created_at AS "createdAt", n.updated_at AS "updatedAt",
  n.scrubbed_at AS "scrubbedAt"`;

@Injectable()
export class DeliveryLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: EmailDispatcher,
    private readonly webhooks: WebhookDispatcher,
    private readonly sms: SmsDispatcher,
    private readonly config: NotificationsConfig,
  ) {}

  /** Newest first. */
  async list(coordinatorId: string, query: ListNotificationsQuery) {
    const rows: ({ total: string } & Record<string, unknown>)[] = await this.dataSource.query(
      `SELECT ${ITEM}, count(*) OVER () AS total
         FROM notifications n
        WHERE n.coordinator_id = $1
          AND ($2::text IS NULL OR n.channel = $2) AND ($3::text IS NULL OR n.status = $3)
          AND ($4::uuid IS NULL OR n.wedding_id = $4)
        ORDER BY n.created_at DESC, n.id
        LIMIT $5 OFFSET $6`,
      [coordinatorId, query.channel ?? null, query.status ?? null, query.weddingId ?? null, query.pageSize, (query.page - 1) * query.pageSize],
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && query.page > 1) {
      // Past the last page: the window gives no count, so ask for it.
      const [{ count }] = await this.dataSource.query(
        `SELECT count(*) FROM notifications n WHERE n.coordinator_id = $1
            AND ($2::text IS NULL OR n.channel = $2) AND ($3::text IS NULL OR n.status = $3) AND ($4::uuid IS NULL OR n.wedding_id = $4)`,
        [coordinatorId, query.channel ?? null, query.status ?? null, query.weddingId ?? null],
      );
      total = Number(count);
    }
    return { items: rows.map(({ total: _total, ...item }) => item), page: query.page, pageSize: query.pageSize, total };
  }

  /** The notification with every attempt: when, how long, the outcome and the server's reply. */
  async get(coordinatorId: string, id: string) {
    const [item] = await this.dataSource.query(`SELECT ${ITEM} FROM notifications n WHERE n.id = $1 AND n.coordinator_id = $2`, [
      id,
      coordinatorId,
    ]);
    if (!item) throw new NotFoundException(`notification ${id} not found`);
    const attempts = await this.dataSource.query(
      `SELECT attempt, started_at AS "startedAt", duration_ms AS "durationMs", outcome, smtp_code AS "smtpCode",
              http_status AS "httpStatus", reply
         FROM notification_attempts WHERE notification_id = $1 ORDER BY attempt`,
      [id],
    );
    return { ...item, attempts };
  }

  /**
   * Sends the notification again as a new one (its own Message-ID: a mail client that already has the first would
   * otherwise hide the copy; a webhook's own webhook-id: the receiver asked for it again), to the same recipient.
   * Refused while a send of it is still pending, once its recipient and content are gone (PERSONAL_DATA_RETENTION_DAYS),
   * and beyond the hourly limits (429, saying which and when it frees).
   */
  async resend(coordinatorId: string, id: string) {
    const resentId = randomUUID();
    let channel: string | undefined;
    await this.dataSource.transaction(async (em) => {
      // A coordinator's resends serialize here, so that two at once cannot both take the last one of the hour, on any
      // instance. Taken before any row lock, always in this order.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('resend:' || $1, 0))`, [coordinatorId]);
      const [original] = await em.query(
        `SELECT id, channel, template, COALESCE(resend_of, id) AS root, scrubbed_at FROM notifications WHERE id = $1 AND coordinator_id = $2 FOR UPDATE`,
        [id, coordinatorId],
      );
      if (!original) throw new NotFoundException(`notification ${id} not found`);
      if (original.scrubbed_at) {
        throw new GoneException(`notification ${id} can no longer be resent: its recipient and content were removed after PERSONAL_DATA_RETENTION_DAYS`);
      }
      // The code it carried was never kept, and a copy would confirm nothing: a new code is asked for instead.
      if (original.template === SMS_CONFIRMATION_TEMPLATE) {
        throw new ConflictException('a confirmation code is not resent; ask for a new one (POST /api/notifications/sms/confirmation)');
      }
      // Resends of one notification serialize on its first row.
      await em.query(`SELECT 1 FROM notifications WHERE id = $1 FOR UPDATE`, [original.root]);
      const [busy] = await em.query(
        `SELECT id FROM notifications WHERE (id = $1 OR resend_of = $1) AND status IN ('pending', 'sending') LIMIT 1`,
        [original.root],
      );
      if (busy) throw new ConflictException(`notification ${busy.id} is still being sent; resend it once it is sent or failed`);
      await this.refuseBeyondLimits(em, coordinatorId, original.root);
      const traced = activeTraceContext();
      channel = original.channel;
      const messageId = channel === 'webhook' ? webhookIdFor(resentId) : messageIdFor(resentId, this.config.mailFrom);
      await em.query(
        `INSERT INTO notifications (id, coordinator_id, event_id, event_type, booking_id, wedding_id, channel, recipient,
                                    template, subject, payload, message_id, resend_of, traceparent, tracestate)
         SELECT $1, coordinator_id, event_id, event_type, booking_id, wedding_id, channel, recipient, template, subject,
                payload, $2, $3, $5, $6
           FROM notifications WHERE id = $4`,
        // The resend is sent as part of this request's trace.
        [resentId, messageId, original.root, id, traced.traceparent, traced.tracestate],
      );
    });
    if (channel === 'webhook') this.webhooks.wake();
    else if (channel === 'sms') this.sms.wake();
    else this.dispatcher.wake();
    return this.get(coordinatorId, resentId);
  }

  /** The coordinator's resends of the last hour are its resend rows (the log's index by coordinator and time). */
  private async refuseBeyondLimits(em: EntityManager, coordinatorId: string, root: string): Promise<void> {
    // The database's clock, which dated the rows; read after the lock was granted (now() is the transaction's start).
    const [{ now }]: { now: Date }[] = await em.query(`SELECT clock_timestamp() AS now`);
    const rows: { resend_of: string; created_at: Date }[] = await em.query(
      `SELECT resend_of, created_at FROM notifications
        WHERE coordinator_id = $1 AND resend_of IS NOT NULL AND created_at > $2::timestamptz - make_interval(secs => $3::float8 / 1000)`,
      [coordinatorId, now, RESEND_WINDOW_MS],
    );
    const refusal = resendRefusal(
      { ofNotification: rows.filter((r) => r.resend_of === root).map((r) => r.created_at), ofCoordinator: rows.map((r) => r.created_at) },
      { perNotification: this.config.resendMaxPerNotificationPerHour, perCoordinator: this.config.resendMaxPerCoordinatorPerHour },
      now,
    );
    if (refusal) throw new LimitReachedException(refusal.message, refusal.limit, refusal.retryAt);
  }
}
