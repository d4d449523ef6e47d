// Sends the SMS that are due, with PostgreSQL as the queue (the email dispatcher's pattern): woken after commit,
// polling as a fallback, rows claimed with FOR UPDATE SKIP LOCKED and a lease. Unlike an email, an SMS is never sent
// twice: the attempt is committed before the provider is asked, and an attempt whose answer never came (a timeout, a
// 5xx, a sender that died mid-request) leaves the SMS `unknown` for a person to decide. Nothing goes out in quiet
// hours; the spending guard and the number's consent are checked, under a lock per coordinator, right before sending.
// Every step after the claim is fenced by the claim's token (claim-lease.ts): a sender that stalled between its claim
// and its admit past the lease, while another instance took the SMS over, opens no attempt and sends nothing.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { calendarDate } from '@wedding/contracts';
import { inSpan, notificationMetrics, storedContext } from '@wedding/infrastructure';
import { DispatchLoop } from '../delivery/dispatch-loop';
import { overtakenMetrics, reportOvertaken } from '../delivery/claim-lease';
import { retryDelayMs } from '../delivery/retry-schedule';
import { QuietHours, quietHoursEnd } from './quiet-hours';
import { Clock } from '../clock';
import { hasSmsConsent } from './sms-consents';
import { SMS_CONFIRMATION_TEMPLATE } from './confirmation-code';
import type { SmsConfirmations } from './sms-confirmations';
import { SmsOutcome } from './sms-outcome';
import type { SmsSender } from './sms-sender';

export interface SmsDispatcherOptions {
  concurrency: number;
  pollIntervalMs: number;
  retryDelaysMs: number[];
  /** Longer than any request to the provider (its timeout): only a sender that stalls is overtaken (and fenced out). */
  claimSeconds: number;
  quietHours: QuietHours | null;
  timeZone: string;
  /** SMS per coordinator per marketplace day. */
  maxPerDay: number;
  /** notifications_total{channel="sms", outcome} on the service's /metrics. */
  sends?: ReturnType<typeof notificationMetrics>;
  /** notifications_overtaken_total{channel="sms", step}. */
  overtaken?: ReturnType<typeof overtakenMetrics>;
  /** A confirmation code's SMS goes only while its request is open, and its code is minted as it goes. */
  confirmations: Pick<SmsConfirmations, 'isOpen' | 'mint'>;
}

interface ClaimedSms {
  id: string;
  coordinator_id: string;
  recipient: string;
  template: string;
  /** The text. */
  subject: string;
  booking_id: string | null;
  traceparent: string | null;
  tracestate: string | null;
  /** Written by this claim: every later step changes the row only while it still carries it. */
  claim_token: string;
}

type Admitted = { kind: 'send'; attempt: number; text: string } | { kind: 'skipped'; code: string } | { kind: 'overtaken' };

/** Thrown inside the admit's transaction when the row is no longer this claim's: what it wrote is rolled back. */
class ClaimOvertaken extends Error {}

/** A 429's Retry-After is honoured up to this. */
const MAX_RETRY_AFTER_MS = 3_600_000;
const INTERRUPTED = 'the sender stopped before the provider answered: the SMS may have been sent';

type Counted = 'sent' | 'deferred' | 'failed' | 'unknown' | 'skipped';

export class SmsDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SmsDispatcher.name);
  private readonly loop: DispatchLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: SmsSender,
    private readonly clock: Clock,
    private readonly options: SmsDispatcherOptions,
  ) {
    this.loop = new DispatchLoop(this.logger, 'sms dispatch', options.pollIntervalMs, async () => (await this.sendBatch()) === options.concurrency);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Lets the requests in flight finish and record their outcome. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Called after a transaction that planned SMS has committed (and by a test that moved the clock). */
  wake(): void {
    this.loop.wake();
  }

  private async sendBatch(): Promise<number> {
    await this.settleInterrupted();
    const now = this.clock.now();
    const quietUntil = quietHoursEnd(now, this.options.quietHours, this.options.timeZone);
    if (quietUntil) {
      await this.holdUntil(quietUntil);
      return 0;
    }
    const claimed = await this.claim(now);
    await Promise.all(claimed.map((sms) => this.deliver(sms)));
    return claimed.length;
  }

  /**
   * SMS whose claim lapsed (their sender died, or stalled: the token keeps it out): one whose request had gone out is
   * `unknown`, never sent again; one that had not got that far is due again.
   */
  private async settleInterrupted(): Promise<void> {
    const moved: { status: 'unknown' | 'pending'; count: string }[] = await this.dataSource.query(
      `WITH lapsed AS (
         SELECT n.id, n.attempts,
                EXISTS (SELECT 1 FROM notification_attempts a
                         WHERE a.notification_id = n.id AND a.attempt = n.attempts AND a.outcome = 'sending') AS asked
           FROM notifications n
          WHERE n.channel = 'sms' AND n.status = 'sending' AND n.claimed_until < now()
          FOR UPDATE SKIP LOCKED
       ), attempt AS (
         UPDATE notification_attempts a SET outcome = 'unknown', reply = $1
           FROM lapsed l WHERE l.asked AND a.notification_id = l.id AND a.attempt = l.attempts
       ), moved AS (
         UPDATE notifications n
            SET status = CASE WHEN l.asked THEN 'unknown' ELSE 'pending' END, claimed_until = NULL, claim_token = NULL,
                updated_at = now(),
                last_error = CASE WHEN l.asked THEN $2 ELSE n.last_error END
           FROM lapsed l WHERE n.id = l.id
         RETURNING n.status
       )
       SELECT status, count(*) FROM moved GROUP BY status`,
      [INTERRUPTED, `outcome unknown: ${INTERRUPTED}; not sent again automatically`],
    );
    for (const { status, count } of moved) {
      if (status === 'unknown') this.options.sends?.inc({ channel: 'sms', outcome: 'unknown' }, Number(count));
      this.logger.warn({ msg: status === 'unknown' ? 'interrupted sms marked unknown' : 'interrupted sms due again', count: Number(count) });
    }
  }

  /** In quiet hours: what is due waits for their end, and the log says until when. */
  private async holdUntil(quietUntil: Date): Promise<void> {
    const [, held] = await this.dataSource.query(
      `UPDATE notifications SET due_at = $1, updated_at = now() WHERE channel = 'sms' AND status = 'pending' AND due_at < $1`,
      [quietUntil],
    );
    if (held > 0) this.logger.log({ msg: 'sms held until the end of the quiet hours', count: held, until: quietUntil.toISOString() });
  }

  private async claim(now: Date): Promise<ClaimedSms[]> {
    return this.dataSource.query(
      `WITH claimed AS (
         UPDATE notifications
            SET status = 'sending', updated_at = now(), claim_token = gen_random_uuid(),
                claimed_until = clock_timestamp() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM notifications
                        WHERE channel = 'sms' AND status = 'pending' AND due_at <= $3
                        ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, coordinator_id, recipient, template, subject, booking_id, traceparent, tracestate, claim_token
       )
       SELECT * FROM claimed`,
      [this.options.concurrency, this.options.claimSeconds, now],
    );
  }

  /** A span per attempt, in the trace of the booking it is about; ids only, never the number or the text. */
  private deliver(sms: ClaimedSms): Promise<void> {
    const attributes = { 'booking.id': sms.booking_id ?? '', 'notification.id': sms.id, 'notification.template': sms.template };
    return inSpan('send sms', attributes, () => this.attempt(sms), storedContext(sms));
  }

  private async attempt(sms: ClaimedSms): Promise<void> {
    const admitted = await this.admit(sms);
    if (admitted.kind === 'skipped') {
      this.count('skipped');
      this.logger.warn({ msg: 'sms skipped', notificationId: sms.id, template: sms.template, reason: admitted.code });
      return;
    }
    if (admitted.kind === 'overtaken') {
      reportOvertaken(this.logger, this.options.overtaken, 'sms', 'admit', sms);
      return;
    }
    trace.getActiveSpan()?.setAttribute('notification.attempt', admitted.attempt);
    const started = performance.now();
    const outcome = await this.sender.send({ to: sms.recipient, text: admitted.text });
    const durationMs = Math.round(performance.now() - started);
    try {
      if (!(await this.record(sms, admitted.attempt, outcome, durationMs))) {
        // Settled as interrupted meanwhile (its lease had lapsed): the row stays as that left it; the attempt's entry
        // has the provider's answer for a person to read.
        reportOvertaken(this.logger, this.options.overtaken, 'sms', 'record', { id: sms.id, attempt: admitted.attempt });
      }
    } catch (error) {
      // The claim lapses with the attempt still open: the SMS becomes `unknown`, never sent twice.
      this.logger.error({ msg: 'could not record an sms attempt', notificationId: sms.id, outcome: outcome.kind, error: String(error) });
    }
  }

  /**
   * Right before the request, in one transaction under the coordinator's lock: the number must still be opted in and
   * the day's cap not reached; then the SMS is counted against the day and its attempt opened (committed before the
   * provider is asked, so that a crash mid-request is seen as such), with a lease of its own for the request. All of
   * it only while the row is still this claim's: otherwise nothing it wrote is kept, and nothing is sent.
   */
  private async admit(sms: ClaimedSms): Promise<Admitted> {
    try {
      return await this.dataSource.transaction(async (em) => {
        await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('sms-cap:' || $1, 0))`, [sms.coordinator_id]);
        const held = await this.holdBack(em, sms);
        if (held) {
          const [, skipped] = await em.query(
            `UPDATE notifications SET status = 'skipped', claimed_until = NULL, claim_token = NULL, last_error = $3, updated_at = now()
              WHERE id = $1 AND claim_token = $2`,
            [sms.id, sms.claim_token, held.reason],
          );
          if (skipped === 0) throw new ClaimOvertaken();
          return { kind: 'skipped' as const, code: held.code };
        }
        const [opened] = await em.query(
          `WITH counted AS (
             UPDATE notifications SET attempts = attempts + 1, updated_at = now(), claimed_until = clock_timestamp() + make_interval(secs => $3)
              WHERE id = $1 AND claim_token = $2
             RETURNING id, attempts
           ), opened AS (
             INSERT INTO notification_attempts (notification_id, attempt, started_at, outcome)
             SELECT id, attempts, clock_timestamp(), 'sending' FROM counted
           )
           SELECT attempts FROM counted`,
          [sms.id, sms.claim_token, this.options.claimSeconds],
        );
        // The day's count taken by holdBack goes with the rollback.
        if (!opened) throw new ClaimOvertaken();
        // A code is never stored in clear: it is made for this attempt, and only its hash kept.
        const text = sms.template === SMS_CONFIRMATION_TEMPLATE ? await this.options.confirmations.mint(em, sms.id) : sms.subject;
        return { kind: 'send' as const, attempt: opened.attempts as number, text };
      });
    } catch (error) {
      if (error instanceof ClaimOvertaken) return { kind: 'overtaken' };
      throw error;
    }
  }

  private async holdBack(em: EntityManager, sms: ClaimedSms): Promise<{ code: string; reason: string } | undefined> {
    if (sms.template === SMS_CONFIRMATION_TEMPLATE) {
      // To a number not opted in yet: that is what it asks for, while its request stands.
      if (!(await this.options.confirmations.isOpen(em, sms.id))) {
        return { code: 'no-consent', reason: 'not sent: the request for this code was replaced or withdrawn, or the number replied STOP' };
      }
    } else if (!(await hasSmsConsent(em, sms.coordinator_id, sms.recipient))) {
      return { code: 'no-consent', reason: 'not sent: the number is no longer opted in (a STOP reply, or SMS turned off in the settings)' };
    }
    const day = calendarDate(this.clock.now(), this.options.timeZone);
    const [{ counted, today }] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM sms_daily_sends WHERE notification_id = $1) AS counted,
              (SELECT count(*) FROM sms_daily_sends WHERE coordinator_id = $2 AND day = $3)::int AS today`,
      [sms.id, sms.coordinator_id, day],
    );
    // A retry was counted on its first attempt.
    if (counted) return undefined;
    if (today >= this.options.maxPerDay) {
      return {
        code: 'daily-cap',
        reason: `not sent: the daily SMS limit (SMS_MAX_PER_DAY = ${this.options.maxPerDay}) was reached on ${day}`,
      };
    }
    await em.query(`INSERT INTO sms_daily_sends (notification_id, coordinator_id, day) VALUES ($1, $2, $3)`, [sms.id, sms.coordinator_id, day]);
    return undefined;
  }

  /**
   * The attempt's entry (always: it is this sender's own) and the SMS's state (only while the row is still this
   * claim's) in one statement. Answers whether the state was recorded.
   */
  private async record(sms: ClaimedSms, attempt: number, outcome: SmsOutcome, durationMs: number): Promise<boolean> {
    const delayMs = outcome.kind === 'retry' ? retryDelayMs(attempt, this.options.retryDelaysMs) : undefined;
    const waitMs =
      outcome.kind === 'retry' && delayMs !== undefined ? Math.max(delayMs, Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)) : 0;
    const status =
      outcome.kind === 'sent' ? 'sent' : outcome.kind === 'unknown' ? 'unknown' : outcome.kind === 'retry' && delayMs !== undefined ? 'pending' : 'failed';
    const attemptOutcome = { sent: 'sent', retry: 'deferred', failed: 'rejected', unknown: 'unknown' }[outcome.kind];
    const lastError =
      status === 'sent'
        ? null
        : status === 'unknown'
          ? `outcome unknown: ${outcome.reply}; not sent again automatically`
          : status === 'failed' && outcome.kind === 'retry'
            ? `${outcome.reply} (no retries left)`
            : outcome.reply;
    const [, recorded] = await this.dataSource.query(
      `WITH attempt AS (
         UPDATE notification_attempts SET duration_ms = $3, outcome = $4, http_status = $5, reply = $6
          WHERE notification_id = $1 AND attempt = $2
       )
       UPDATE notifications
          SET status = $7, claimed_until = NULL, claim_token = NULL, updated_at = now(), last_error = $8,
              due_at = CASE WHEN $7 = 'pending' THEN $9::timestamptz ELSE due_at END,
              sent_at = CASE WHEN $7 = 'sent' THEN now() ELSE sent_at END
        WHERE id = $1 AND claim_token = $10`,
      [
        sms.id,
        attempt,
        durationMs,
        attemptOutcome,
        outcome.httpStatus,
        outcome.reply,
        status,
        lastError,
        new Date(this.clock.now().getTime() + waitMs),
        sms.claim_token,
      ],
    );
    if (recorded === 0) return false;
    const counted: Counted = status === 'pending' ? 'deferred' : status;
    this.count(counted);
    // Neither the number nor the text, nor the provider's reply (it echoes both).
    const log = { notificationId: sms.id, template: sms.template, attempt, durationMs, httpStatus: outcome.httpStatus };
    if (status === 'sent') this.logger.log({ msg: 'sms sent', ...log });
    else if (status === 'pending') this.logger.warn({ msg: 'sms deferred; trying again later', ...log, retryInMs: waitMs });
    else if (status === 'unknown') this.logger.warn({ msg: 'sms outcome unknown; not sent again', ...log });
    else this.logger.warn({ msg: 'sms failed', ...log });
    return true;
  }

  private count(outcome: Counted): void {
    this.options.sends?.inc({ channel: 'sms', outcome });
    trace.getActiveSpan()?.setAttribute('notification.outcome', outcome);
  }
}
