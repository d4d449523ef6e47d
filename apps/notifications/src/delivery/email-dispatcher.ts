// Sends the emails that are due, with PostgreSQL as the queue: woken after each event's notifications commit, polling
// as a fallback (retries, another instance's rows). Several instances share the table: each claims due rows with
// FOR UPDATE SKIP LOCKED and a lease, sends, and records the outcome of every attempt. A claim is used only while
// its lease is young enough, and the outcome recorded only while the row still carries the claim's token
// (claim-lease.ts): a sender that stalled past its lease neither sends nor changes what another instance took over.
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { inSpan, notificationMetrics, storedContext } from '@wedding/infrastructure';
import { ClaimLease, giveBack, overtakenMetrics, reportOvertaken } from './claim-lease';
import { DispatchLoop } from './dispatch-loop';
import { composeEmail } from '../email/compose-email';
import type { NotificationTemplate } from '../intake/plan-notifications';
import { retryDelayMs } from './retry-schedule';
import { SmtpMailer } from './smtp-mailer';
import { SmtpOutcome } from './smtp-outcome';

export interface EmailDispatcherOptions {
  /** Emails claimed and sent at once. */
  concurrency: number;
  pollIntervalMs: number;
  retryDelaysMs: number[];
  /** How long a claim lasts: longer than any SMTP conversation (its timeouts): only a stalled sender is overtaken. */
  claimSeconds: number;
  dashboardUrl: string;
  /** notifications_total{channel, outcome} on the service's /metrics. */
  sends?: ReturnType<typeof notificationMetrics>;
  /** notifications_overtaken_total{channel="email", step}. */
  overtaken?: ReturnType<typeof overtakenMetrics>;
}

interface ClaimedEmail {
  id: string;
  recipient: string;
  template: NotificationTemplate;
  payload: unknown;
  message_id: string;
  /** This attempt's number (the claim counted it). */
  attempts: number;
  booking_id: string;
  /** The trace context of the delivery (or request) that planned it: the send is part of that trace. */
  traceparent: string | null;
  tracestate: string | null;
  /** Written by this claim: the outcome is recorded only while the row still carries it. */
  claim_token: string;
}

type AttemptOutcome = 'sent' | 'deferred' | 'rejected';

export class EmailDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailDispatcher.name);
  private readonly loop: DispatchLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: SmtpMailer,
    private readonly options: EmailDispatcherOptions,
  ) {
    this.loop = new DispatchLoop(this.logger, 'email dispatch', options.pollIntervalMs, async () => (await this.sendBatch()) === options.concurrency);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Lets the sends in progress finish and record their outcome (a SIGKILL instead leaves them to the lease). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    this.mailer.close();
  }

  /** Called after a transaction that planned notifications has committed. */
  wake(): void {
    this.loop.wake();
  }

  private async sendBatch(): Promise<number> {
    const lease = new ClaimLease(this.options.claimSeconds);
    const claimed = await this.claim();
    await Promise.all(claimed.map((email) => this.deliver(email, lease)));
    return claimed.length;
  }

  /**
   * One statement: takes up to `concurrency` due emails (pending and due, or `sending` under a lapsed claim — its sender
   * died), counts the attempt, opens its log entry, and marks an earlier entry still open as interrupted.
   */
  private async claim(): Promise<ClaimedEmail[]> {
    return this.dataSource.query(
      `WITH claimed AS (
         UPDATE notifications
            SET status = 'sending', attempts = attempts + 1, updated_at = now(), claim_token = gen_random_uuid(),
                claimed_until = clock_timestamp() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM notifications
                        WHERE channel = 'email' AND due_at <= now()
                          AND (status = 'pending' OR (status = 'sending' AND claimed_until < now()))
                        ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, recipient, template, payload, message_id, attempts, booking_id, traceparent, tracestate, claim_token
       ), interrupted AS (
         UPDATE notification_attempts SET outcome = 'interrupted'
          WHERE outcome = 'sending' AND notification_id IN (SELECT id FROM claimed)
       ), opened AS (
         INSERT INTO notification_attempts (notification_id, attempt, started_at, outcome)
         SELECT id, attempts, clock_timestamp(), 'sending' FROM claimed
       )
       SELECT * FROM claimed`,
      [this.options.concurrency, this.options.claimSeconds],
    );
  }

  /** A span per attempt, in the trace of the booking the email is about; ids only, never the address. */
  private deliver(email: ClaimedEmail, lease: ClaimLease): Promise<void> {
    const attributes = {
      'booking.id': email.booking_id,
      'notification.id': email.id,
      'notification.template': email.template,
      'notification.attempt': email.attempts,
    };
    return inSpan('send email', attributes, () => this.attempt(email, lease), storedContext(email));
  }

  private async attempt(email: ClaimedEmail, lease: ClaimLease): Promise<void> {
    if (!lease.usable()) {
      // The claim came back late (a slow database, a paused process): another instance may take the row any moment.
      await giveBack(this.dataSource, email, 'not sent: the claim came back too late to use; due again');
      reportOvertaken(this.logger, this.options.overtaken, 'email', 'claim', { id: email.id, attempt: email.attempts });
      return;
    }
    const started = performance.now();
    let outcome: SmtpOutcome;
    if (email.attempts > this.options.retryDelaysMs.length + 1) {
      // Every attempt so far was cut off (its sender died each time): the schedule is used up all the same.
      outcome = { kind: 'failed', code: null, reply: 'no attempt left: the earlier ones were interrupted' };
    } else {
      outcome = await this.send(email);
    }
    const durationMs = Math.round(performance.now() - started);
    try {
      if (!(await this.record(email, outcome, durationMs))) {
        // Another instance took the row over (this sender stalled past its lease) and sends it with the same Message-ID.
        reportOvertaken(this.logger, this.options.overtaken, 'email', 'record', { id: email.id, attempt: email.attempts });
      }
    } catch (error) {
      // The claim lapses and the email is sent again, with the same Message-ID: a repeat, never a loss.
      this.logger.error({ msg: 'could not record an email attempt', notificationId: email.id, outcome: outcome.kind, error: String(error) });
    }
  }

  private async send(email: ClaimedEmail): Promise<SmtpOutcome> {
    let composed;
    try {
      composed = composeEmail(email.template, email.payload, { dashboardUrl: this.options.dashboardUrl });
    } catch (error) {
      // A stored payload its template cannot read: no retry will change that.
      return { kind: 'failed', code: null, reply: `could not compose the email: ${String(error)}`.slice(0, 1000) };
    }
    return this.mailer.send({ ...composed, notificationId: email.id, to: email.recipient, messageId: email.message_id });
  }

  /**
   * The attempt's entry and the notification's state in one statement. Only the holder of the claim moves the state (a
   * sender overtaken after its claim lapsed still logs its own attempt). Answers whether the state was recorded.
   */
  private async record(email: ClaimedEmail, outcome: SmtpOutcome, durationMs: number): Promise<boolean> {
    const delayMs = outcome.kind === 'retry' ? retryDelayMs(email.attempts, this.options.retryDelaysMs) : undefined;
    const status = outcome.kind === 'sent' ? 'sent' : delayMs !== undefined ? 'pending' : 'failed';
    const attemptOutcome: AttemptOutcome = outcome.kind === 'sent' ? 'sent' : outcome.kind === 'retry' ? 'deferred' : 'rejected';
    const lastError =
      status === 'sent' ? null : status === 'failed' && outcome.kind === 'retry' ? `${outcome.reply} (no retries left)` : outcome.reply;
    const [, recorded] = await this.dataSource.query(
      `WITH attempt AS (
         UPDATE notification_attempts SET duration_ms = $3, outcome = $4, smtp_code = $5, reply = $6
          WHERE notification_id = $1 AND attempt = $2
       )
       UPDATE notifications
          SET status = $7, claimed_until = NULL, claim_token = NULL, updated_at = now(), last_error = $8,
              due_at = CASE WHEN $7 = 'pending' THEN now() + make_interval(secs => $9::float8 / 1000) ELSE due_at END,
              sent_at = CASE WHEN $7 = 'sent' THEN now() ELSE sent_at END
        WHERE id = $1 AND claim_token = $10`,
      [email.id, email.attempts, durationMs, attemptOutcome, outcome.code, outcome.reply, status, lastError, delayMs ?? 0, email.claim_token],
    );
    if (recorded === 0) return false;
    const counted = status === 'pending' ? 'deferred' : status;
    this.options.sends?.inc({ channel: 'email', outcome: counted });
    trace.getActiveSpan()?.setAttribute('notification.outcome', counted);
    const log = { notificationId: email.id, template: email.template, attempt: email.attempts, durationMs, code: outcome.code };
    if (status === 'sent') this.logger.log({ msg: 'email sent', ...log });
    else if (status === 'pending') this.logger.warn({ msg: 'email deferred; trying again later', ...log, retryInMs: delayMs, reply: outcome.reply });
    else this.logger.warn({ msg: 'email failed', ...log, reply: outcome.reply });
    return true;
  }
}
