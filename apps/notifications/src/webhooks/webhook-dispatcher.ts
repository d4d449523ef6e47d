// Calls the webhooks that are due, with PostgreSQL as the queue, like the email dispatcher: woken after the deliveries
// commit, polling as a fallback (retries, another instance's rows). Several instances share the table; claims are taken
// one claimer at a time (a transaction-scoped advisory lock) so that an endpoint never has two requests in flight, rows
// with FOR UPDATE SKIP LOCKED and a lease. Every attempt is signed afresh (its own webhook-timestamp) with the same
// webhook-id, and logged with its status, duration and the first 4 KB of the answer. As for email, a claim is used only
// while its lease is young enough, and the outcome recorded (and the endpoint's health) only while the row still
// carries the claim's token (claim-lease.ts).
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { inSpan, notificationMetrics, storedContext } from '@wedding/infrastructure';
import { ClaimLease, giveBack, overtakenMetrics, reportOvertaken } from '../delivery/claim-lease';
import { DispatchLoop } from '../delivery/dispatch-loop';
import { EmailDispatcher } from '../delivery/email-dispatcher';
import { tooManyRequestsDelayMs, retryAfterMs, webhookRetryDelayMs } from './delivery-schedule';
import { planEndpointDisabledEmail } from './endpoint-disabled-notice';
import { WebhookFormat } from './webhook-payload';
import { WebhookSecretCipher } from './webhook-secret-cipher';
import { WebhookOutcome, WebhookSender } from './webhook-sender';
import { signatureHeaders } from './webhook-signature';

export interface WebhookDispatcherOptions {
  /** Endpoints called at once (each with one request at most). */
  concurrency: number;
  pollIntervalMs: number;
  retryDelaysMs: number[];
  /** How long a claim lasts: longer than any attempt (WEBHOOK_TIMEOUT_MS): only a stalled sender is overtaken. */
  claimSeconds: number;
  /** WEBHOOK_DISABLE_AFTER_S. */
  disableAfterS: number;
  mailFrom: string;
  dashboardUrl: string;
  sends?: ReturnType<typeof notificationMetrics>;
  /** notifications_overtaken_total{channel="webhook", step}. */
  overtaken?: ReturnType<typeof overtakenMetrics>;
  /** The jitter's draw, [0, 1). */
  random?: () => number;
  /** Opens the endpoints' stored signing secrets. */
  secrets: WebhookSecretCipher;
}

interface ClaimedDelivery {
  id: string;
  /** The endpoint's id. */
  recipient: string;
  template: string;
  event_type: string;
  /** The exact body, as a JSON string. */
  payload: string;
  /** The webhook-id. */
  message_id: string;
  attempts: number;
  booking_id: string | null;
  traceparent: string | null;
  tracestate: string | null;
  url: string;
  format: WebhookFormat;
  coordinator_id: string;
  description: string | null;
  /** As stored: encrypted (current first, then the previous one while it still signs). */
  secrets: string[];
  /** Written by this claim: the outcome is recorded only while the row still carries it. */
  claim_token: string;
}

/** Any constant: the key of the claimers' transaction-scoped advisory lock. */
const CLAIM_LOCK = 1_765_200_000;

export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly loop: DispatchLoop;
  /** The attempts under way: a slow endpoint holds its own slot only, never the others' next deliveries. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
    private readonly emails: EmailDispatcher,
    private readonly options: WebhookDispatcherOptions,
  ) {
    this.loop = new DispatchLoop(this.logger, 'webhook dispatch', options.pollIntervalMs, async () => (await this.startDue()) > 0);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Lets the attempts in progress finish and record their outcome (a SIGKILL instead leaves them to the lease). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.inFlight);
  }

  /** Called after a transaction that planned deliveries has committed. */
  wake(): void {
    this.loop.wake();
  }

  /** Claims what the free slots allow and starts it; each attempt that ends wakes the dispatcher for its endpoint's next. */
  private async startDue(): Promise<number> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const lease = new ClaimLease(this.options.claimSeconds);
    const claimed = await this.claim(free);
    for (const delivery of claimed) {
      const attempt: Promise<void> = this.deliver(delivery, lease)
        // Its claim lapses and it is attempted again: a repeat with the same webhook-id, never a loss.
        .catch((error) => this.logger.error({ msg: 'webhook attempt failed', notificationId: delivery.id, error: String(error) }))
        .finally(() => {
          this.inFlight.delete(attempt);
          this.wake();
        });
      this.inFlight.add(attempt);
    }
    return claimed.length;
  }

  /**
   * Skips the due deliveries of endpoints the service disabled or the coordinator deleted since they were planned,
   * then takes the earliest due delivery of each enabled endpoint with nothing in flight (pending, or `sending` under a
   * lapsed claim), up to `limit`: counts the attempt, opens its log entry, marks an earlier entry still open as
   * interrupted. A paused endpoint's deliveries are neither skipped nor taken: they wait for it to be resumed.
   */
  private claim(limit: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock($1)`, [CLAIM_LOCK]);
      await em.query(
        `UPDATE notifications n
            SET status = 'skipped', claimed_until = NULL, updated_at = now(),
                last_error = 'not sent: the endpoint was disabled or deleted'
          WHERE n.channel = 'webhook' AND n.status = 'pending' AND n.due_at <= now()
            AND NOT EXISTS (SELECT 1 FROM webhook_endpoints e
                             WHERE e.id::text = n.recipient AND (e.enabled OR e.disabled_reason IS NULL))`,
      );
      return em.query(
        `WITH next AS (
           SELECT DISTINCT ON (n.recipient) n.id, n.due_at FROM notifications n
            WHERE n.channel = 'webhook' AND n.due_at <= now()
              AND (n.status = 'pending' OR (n.status = 'sending' AND n.claimed_until < now()))
              AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id::text = n.recipient AND e.enabled)
              AND NOT EXISTS (SELECT 1 FROM notifications f
                               WHERE f.channel = 'webhook' AND f.recipient = n.recipient
                                 AND f.status = 'sending' AND f.claimed_until >= now())
            ORDER BY n.recipient, n.due_at, n.id
         ), locked AS (
           SELECT id FROM notifications WHERE id IN (SELECT id FROM next) ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED
         ), claimed AS (
           UPDATE notifications
              SET status = 'sending', attempts = attempts + 1, updated_at = now(), claim_token = gen_random_uuid(),
                  claimed_until = clock_timestamp() + make_interval(secs => $2)
            WHERE id IN (SELECT id FROM locked)
           RETURNING id, recipient, template, event_type, payload #>> '{}' AS payload, message_id, attempts, booking_id,
                     traceparent, tracestate, claim_token
         ), interrupted AS (
           UPDATE notification_attempts SET outcome = 'interrupted'
            WHERE outcome = 'sending' AND notification_id IN (SELECT id FROM claimed)
         ), opened AS (
           INSERT INTO notification_attempts (notification_id, attempt, started_at, outcome)
           SELECT id, attempts, clock_timestamp(), 'sending' FROM claimed
         )
         SELECT c.*, e.url, e.format, e.coordinator_id, e.description,
                array_remove(ARRAY[e.secret, CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END], NULL) AS secrets
           FROM claimed c JOIN webhook_endpoints e ON e.id::text = c.recipient`,
        [limit, this.options.claimSeconds],
      );
    });
  }

  /** A span per attempt, in the trace of the event the delivery is about; ids only, never the URL. */
  private deliver(delivery: ClaimedDelivery, lease: ClaimLease): Promise<void> {
    const attributes = {
      'notification.id': delivery.id,
      'notification.channel': 'webhook',
      'notification.template': delivery.template,
      'notification.attempt': delivery.attempts,
      'webhook.endpoint.id': delivery.recipient,
      ...(delivery.booking_id ? { 'booking.id': delivery.booking_id } : {}),
    };
    return inSpan('call webhook', attributes, () => this.attempt(delivery, lease), storedContext(delivery));
  }

  private async attempt(delivery: ClaimedDelivery, lease: ClaimLease): Promise<void> {
    if (!lease.usable()) {
      // The claim came back late (a slow database, a paused process): another instance may take the row any moment.
      await giveBack(this.dataSource, delivery, 'not sent: the claim came back too late to use; due again');
      reportOvertaken(this.logger, this.options.overtaken, 'webhook', 'claim', { id: delivery.id, attempt: delivery.attempts });
      return;
    }
    const started = performance.now();
    let outcome: WebhookOutcome;
    if (delivery.attempts > this.options.retryDelaysMs.length + 1) {
      // Every attempt so far was cut off (its sender died each time): the schedule is used up all the same.
      outcome = { kind: 'retry', status: null, reply: 'no attempt left: the earlier ones were interrupted' };
    } else {
      // Slack verifies no signature: its messages go unsigned.
      const headers =
        delivery.format === 'slack'
          ? {}
          : signatureHeaders(
              delivery.secrets.map((stored) => this.options.secrets.open(delivery.recipient, stored)),
              delivery.message_id,
              Math.floor(Date.now() / 1000),
              delivery.payload,
            );
      outcome = await this.sender.send({ url: delivery.url, body: delivery.payload, headers });
    }
    const durationMs = Math.round(performance.now() - started);
    try {
      if (!(await this.record(delivery, outcome, durationMs))) {
        // Another instance took the row over (this sender stalled past its lease) and calls it with the same webhook-id.
        reportOvertaken(this.logger, this.options.overtaken, 'webhook', 'record', { id: delivery.id, attempt: delivery.attempts });
      }
    } catch (error) {
      // The claim lapses and the delivery is attempted again, with the same webhook-id: a repeat, never a loss.
      this.logger.error({ msg: 'could not record a webhook attempt', notificationId: delivery.id, outcome: outcome.kind, error: String(error) });
    }
  }

  /** The next attempt's delay after a failure, or undefined when none is left (410 included). */
  private retryDelay(delivery: ClaimedDelivery, outcome: WebhookOutcome): number | undefined {
    if (outcome.kind !== 'retry' || delivery.attempts > this.options.retryDelaysMs.length) return undefined;
    const scheduled = webhookRetryDelayMs(delivery.attempts, this.options.retryDelaysMs, (this.options.random ?? Math.random)());
    if (scheduled === undefined) return undefined;
    return outcome.status === 429 ? tooManyRequestsDelayMs(scheduled, retryAfterMs(outcome.retryAfter, new Date())) : scheduled;
  }

  /**
   * The attempt's entry, the delivery's state and the endpoint's health in one transaction. Only the holder of the
   * claim moves the state and the health (an overtaken sender still logs its own attempt); answers whether it did. A
   * 410, or a failure after WEBHOOK_DISABLE_AFTER_S of nothing but failures, disables the endpoint and plans the email
   * that tells the coordinator.
   */
  private async record(delivery: ClaimedDelivery, outcome: WebhookOutcome, durationMs: number): Promise<boolean> {
    const delayMs = this.retryDelay(delivery, outcome);
    const status = outcome.kind === 'sent' ? 'sent' : delayMs !== undefined ? 'pending' : 'failed';
    const attemptOutcome = outcome.kind === 'sent' ? 'sent' : status === 'pending' ? 'deferred' : 'rejected';
    const describe = outcome.status !== null ? `HTTP ${outcome.status}${outcome.reply ? `: ${outcome.reply.slice(0, 200)}` : ''}` : outcome.reply;
    const lastError = status === 'sent' ? null : status === 'failed' && outcome.kind === 'retry' ? `${describe} (no retries left)` : describe;
    const recorded = await this.dataSource.transaction(async (em) => {
      const [, held] = await em.query(
        `WITH attempt AS (
           UPDATE notification_attempts SET duration_ms = $3, outcome = $4, http_status = $5, reply = $6
            WHERE notification_id = $1 AND attempt = $2
         )
         UPDATE notifications
            SET status = $7, claimed_until = NULL, claim_token = NULL, updated_at = now(), last_error = $8,
                due_at = CASE WHEN $7 = 'pending' THEN now() + make_interval(secs => $9::float8 / 1000) ELSE due_at END,
                sent_at = CASE WHEN $7 = 'sent' THEN now() ELSE sent_at END
          WHERE id = $1 AND claim_token = $10`,
        [delivery.id, delivery.attempts, durationMs, attemptOutcome, outcome.status, outcome.reply, status, lastError, delayMs ?? 0, delivery.claim_token],
      );
      // The endpoint's health is the claim holder's to record, with the outcome it records.
      if (held === 0) return undefined;
      return { disabled: await this.recordEndpointHealth(em, delivery, outcome) };
    });
    if (!recorded) return false;
    const { disabled } = recorded;
    if (disabled) this.emails.wake();
    const counted = status === 'pending' ? 'deferred' : status;
    this.options.sends?.inc({ channel: 'webhook', outcome: counted });
    trace.getActiveSpan()?.setAttribute('notification.outcome', counted);
    const log = {
      notificationId: delivery.id,
      endpointId: delivery.recipient,
      type: delivery.event_type,
      attempt: delivery.attempts,
      durationMs,
      httpStatus: outcome.status,
    };
    if (status === 'sent') this.logger.log({ msg: 'webhook delivered', ...log });
    else if (status === 'pending') this.logger.warn({ msg: 'webhook failed; trying again later', ...log, retryInMs: delayMs });
    else this.logger.warn({ msg: 'webhook delivery failed', ...log });
    if (disabled) this.logger.warn({ msg: 'webhook endpoint disabled', endpointId: delivery.recipient, reason: disabled });
    return true;
  }

  /** A success clears the endpoint's failing streak; a failure starts it, and may end the endpoint. The reason, if so. */
  private async recordEndpointHealth(em: EntityManager, delivery: ClaimedDelivery, outcome: WebhookOutcome): Promise<string | undefined> {
    if (outcome.kind === 'sent') {
      await em.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [delivery.recipient]);
      return undefined;
    }
    const gone = outcome.kind === 'gone';
    const days = this.options.disableAfterS / 86_400;
    const longReason = `every delivery failed for ${Number.isInteger(days) ? `${days} days` : `${this.options.disableAfterS} s`}`;
    const [ended]: { id: string; reason: string }[] = await em.query(
      `WITH health AS (UPDATE webhook_endpoints
          SET failing_since = COALESCE(failing_since, now()),
              enabled = CASE WHEN $2 OR failing_since <= now() - make_interval(secs => $3) THEN false ELSE enabled END,
              disabled_reason = CASE WHEN $2 THEN $4 WHEN failing_since <= now() - make_interval(secs => $3) THEN $5 END,
              updated_at = now()
        WHERE id = $1 AND enabled
       RETURNING id, CASE WHEN NOT enabled THEN disabled_reason END AS reason)
       SELECT * FROM health`,
      [delivery.recipient, gone, this.options.disableAfterS, 'the receiver answered 410 Gone', longReason],
    );
    if (!ended?.reason) return undefined;
    await planEndpointDisabledEmail(
      em,
      { id: delivery.recipient, coordinatorId: delivery.coordinator_id, host: hostOfUrl(delivery.url), description: delivery.description, reason: ended.reason },
      { mailFrom: this.options.mailFrom, dashboardUrl: this.options.dashboardUrl },
    );
    return ended.reason;
  }
}

function hostOfUrl(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an endpoint';
  }
}
