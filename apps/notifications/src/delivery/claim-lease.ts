// What a dispatcher's sender holds of a notification it claimed, and what it does when it finds it no longer holds it.
// The claim wrote a fresh token to the row; every later step changes the row only while the row still carries that
// token, so a sender that stalled past its lease (a GC pause, a frozen VM, a slow database) while another instance took
// the row over changes nothing and sends nothing. The lease is also counted on the sender's own clock, from before it
// asked for the claim — never later than the database's count — because for an email or a webhook the claim is the
// last step before the request: a claim that comes back late is given back unused.
import { Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Metrics } from '@wedding/infrastructure';

export class ClaimLease {
  private readonly askedAt: number;

  /** Created right before the claim is asked for; `now` in milliseconds, monotonic. */
  constructor(
    private readonly seconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.askedAt = now();
  }

  /**
   * Whether a request may still start: half the lease or more is left. Every lease is at least twice what a request
   * takes (its timeouts), so one started now ends before another instance may take the row over.
   */
  usable(): boolean {
    return this.now() - this.askedAt < (this.seconds * 1000) / 2;
  }
}

/** A claimed row as a sender holds it: the attempt its claim opened, and the token that fences every later step. */
export interface HeldClaim {
  id: string;
  attempts: number;
  claim_token: string;
}

/**
 * A claim the sender will not use: the row is due again at once, its opened attempt marked interrupted — if the row is
 * still this claim's (else another instance has it already).
 */
export async function giveBack(dataSource: DataSource, claim: HeldClaim, reason: string): Promise<void> {
  await dataSource.query(
    `WITH released AS (
       UPDATE notifications SET status = 'pending', claimed_until = NULL, claim_token = NULL, updated_at = now()
        WHERE id = $1 AND claim_token = $2
       RETURNING id
     ), attempt AS (
       UPDATE notification_attempts SET outcome = 'interrupted', reply = $4
        WHERE notification_id IN (SELECT id FROM released) AND attempt = $3
     )
     SELECT count(*) FROM released`,
    [claim.id, claim.claim_token, claim.attempts, reason],
  );
}

/**
 * Where a sender found its claim gone: `claim` (it came back too late to use; nothing sent), `admit` (an SMS another
 * instance took over meanwhile; nothing sent), `record` (the request was made, but the row had been taken over: its
 * outcome is in the attempt's log entry only).
 */
export type OvertakenStep = 'claim' | 'admit' | 'record';

const OVERTAKEN: Record<OvertakenStep, string> = {
  claim: 'not sent: its claim came back too late to use (the sender stalled)',
  admit: 'not sent: another instance took it over (this sender stalled past its lease)',
  record: 'outcome kept in its attempt only: another instance took it over (this sender stalled past its lease)',
};

/** notifications_overtaken_total{channel, step} on the service's /metrics. */
export const overtakenMetrics = (metrics: Metrics) =>
  metrics.counter(
    'notifications_overtaken_total',
    'Sends whose claim was gone when the sender came back to it (it stalled past its lease), by channel and step (claim, admit, record)',
    ['channel', 'step'],
  );

/** One warning (ids only, never an address, a number or a text) and one count. */
export function reportOvertaken(
  logger: Logger,
  counter: ReturnType<typeof overtakenMetrics> | undefined,
  channel: 'email' | 'sms' | 'webhook',
  step: OvertakenStep,
  notification: { id: string; attempt?: number },
): void {
  counter?.inc({ channel, step });
  trace.getActiveSpan()?.setAttribute('notification.overtaken', step);
  logger.warn({ msg: `${channel} ${OVERTAKEN[step]}`, channel, step, notificationId: notification.id, attempt: notification.attempt });
}
