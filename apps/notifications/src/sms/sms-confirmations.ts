// The one writer of sms_confirmations: a number saved in the settings is not an opt-in until it is confirmed — by the
// code texted to it, entered in the dashboard, or by a YES reply. Until then it gets that SMS and nothing else. A code
// is minted as its SMS goes out (the dispatcher asks for it), kept only as a hash, valid SMS_CONFIRMATION_CODE_TTL_S,
// for SMS_CONFIRMATION_MAX_ATTEMPTS entries; codes are limited per coordinator and per number (confirmation-limits.ts).
// Every change is serialized on the number (lockNumber), like the consents it records.
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { LimitReachedException } from '@wedding/infrastructure';
import { Clock } from '../clock';
import { NotificationsConfig } from '../config';
import { CONFIRMATION_SUBJECT, confirmationCodeMatches, confirmationText, enteredCode, hashConfirmationCode, newConfirmationCode } from './confirmation-code';
import { confirmationRefusal, PER_COORDINATOR_WINDOW_MS, PER_NUMBER_WINDOW_MS } from './confirmation-limits';
import { COORDINATOR_SMS_CONSENT_TEXT, hasSmsConsent, lockNumber, numberStopped, optInByReply, recordSmsConsent } from './sms-consents';
import { SmsPlanner } from './sms-planner';

/** A YES confirms a request whose code was texted within this long: a late YES is still the number's own answer. */
export const YES_REPLY_WINDOW_MS = 24 * 3_600_000;

type Outcome = 'confirmed-code' | 'confirmed-reply' | 'replaced' | 'withdrawn' | 'stopped';

interface SettingsSms {
  sms_enabled: boolean;
  sms_phone: string | null;
}

const NOT_RIGHT = 'the code is not right';
const STOPPED =
  'the number replied STOP to our texts: it is sent nothing, not even a code, until it texts START or YES to us';

@Injectable()
export class SmsConfirmations {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
    private readonly planner: SmsPlanner,
  ) {}

  /**
   * The settings' SMS part was saved (in `em`, with the settings row locked): the number they no longer text is opted
   * out and its open request withdrawn; a number to text that is neither opted in nor stopped nor already waiting for
   * a live code is sent one. A STOP is never overridden: such a number stays out, and the answer says why. True when
   * a code was planned (the caller wakes the dispatcher after the commit).
   */
  async settingsSaved(em: EntityManager, coordinatorId: string, before: SettingsSms | undefined, after: { enabled: boolean; phone: string | null }): Promise<boolean> {
    // Every number involved is locked first, in one order, before any confirmation row: a STOP for either waits.
    for (const phone of [...new Set([before?.sms_phone, after.phone].filter((p): p is string => !!p))].sort()) await lockNumber(em, phone);
    const now = this.clock.now();
    const kept = after.enabled ? after.phone : null;
    if (before?.sms_phone && before.sms_phone !== kept) {
      await recordSmsConsent(em, {
        coordinatorId,
        phone: before.sms_phone,
        optedIn: false,
        source: 'settings',
        text: 'SMS turned off in the settings',
      });
    }
    await em.query(
      `UPDATE sms_confirmations SET ended_at = $2, outcome = 'withdrawn'
        WHERE coordinator_id = $1 AND ended_at IS NULL AND phone IS DISTINCT FROM $3`,
      [coordinatorId, now, kept],
    );
    if (!kept || (await hasSmsConsent(em, coordinatorId, kept)) || (await numberStopped(em, kept))) return false;
    if (await this.liveRequest(em, coordinatorId, kept, now)) return false;
    await this.request(em, coordinatorId, kept, now);
    return true;
  }

  /** POST …/sms/confirmation: a new code for the settings' number, replacing the one before. */
  async requestNewCode(coordinatorId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const phone = await this.numberToConfirm(em, coordinatorId);
      await this.request(em, coordinatorId, phone, this.clock.now());
    });
  }

  /**
   * POST …/sms/confirm: the code entered by the coordinator. A wrong one uses up an entry (committed, whatever the
   * answer); the right one opts the number in, with the consent text shown when the code was asked for.
   */
  async confirmWithCode(coordinatorId: string, typed: string): Promise<void> {
    const code = enteredCode(typed);
    if (!code) throw new BadRequestException({ message: ['code must be the six digits of the text message'] });
    const outcome = await this.dataSource.transaction(async (em) => {
      const phone = await this.numberToConfirm(em, coordinatorId);
      const now = this.clock.now();
      const [request] = await em.query(
        `SELECT id, code_hash, expires_at, attempts, consent_text FROM sms_confirmations
          WHERE coordinator_id = $1 AND phone = $2 AND ended_at IS NULL FOR UPDATE`,
        [coordinatorId, phone],
      );
      if (!request) throw new ConflictException('no code was asked for this number: ask for one');
      if (!request.code_hash) throw new ConflictException('the code has not been texted yet: enter it once it arrives');
      const max = this.config.smsConfirmationMaxAttempts;
      if (request.attempts >= max) throw new ConflictException(`the code was entered wrong ${max} times, the most allowed: ask for a new one`);
      if (new Date(request.expires_at).getTime() <= now.getTime()) throw new ConflictException('the code has expired: ask for a new one');
      await em.query(`UPDATE sms_confirmations SET attempts = attempts + 1 WHERE id = $1`, [request.id]);
      if (!(await confirmationCodeMatches(code, request.code_hash))) return { right: false, attemptsLeft: max - request.attempts - 1 };
      await recordSmsConsent(em, { coordinatorId, phone, optedIn: true, source: 'confirmation-code', text: request.consent_text });
      await this.end(em, `id = $1`, [request.id], 'confirmed-code', now);
      return { right: true, attemptsLeft: 0 };
    });
    if (!outcome.right) {
      throw new BadRequestException({
        message: [
          outcome.attemptsLeft > 0
            ? `${NOT_RIGHT}; ${outcome.attemptsLeft} ${outcome.attemptsLeft === 1 ? 'try' : 'tries'} left`
            : `${NOT_RIGHT}, and that was the last try: ask for a new code`,
        ],
      });
    }
  }

  /**
   * A YES from the number (in `em`, the number locked): what a STOP turned off is on again, as START does, and every
   * open request whose code it was texted within YES_REPLY_WINDOW_MS is confirmed. Answers the coordinators.
   */
  async confirmByReply(em: EntityManager, phone: string, reply: string): Promise<string[]> {
    const restarted = await optInByReply(em, phone, reply, 'inbound-yes');
    const now = this.clock.now();
    const confirmed: { coordinator_id: string }[] = await em.query(
      `WITH confirmed AS (
         UPDATE sms_confirmations SET ended_at = $2, outcome = 'confirmed-reply'
          WHERE phone = $1 AND ended_at IS NULL AND code_sent_at > $2::timestamptz - make_interval(secs => $3::float8 / 1000)
         RETURNING coordinator_id
       ) SELECT * FROM confirmed`,
      [phone, now, YES_REPLY_WINDOW_MS],
    );
    for (const { coordinator_id: coordinatorId } of confirmed) {
      await recordSmsConsent(em, { coordinatorId, phone, optedIn: true, source: 'inbound-yes', text: `${reply} (a reply to: ${CONFIRMATION_SUBJECT})` });
    }
    return [...new Set([...restarted, ...confirmed.map((c) => c.coordinator_id)])];
  }

  /** A STOP from the number (in `em`, the number locked): no open request for it goes on; a code entered later is refused. */
  async stoppedByReply(em: EntityManager, phone: string): Promise<void> {
    await this.end(em, `phone = $1`, [phone], 'stopped', this.clock.now());
  }

  /**
   * For the SMS dispatcher, right before it texts a code, in its transaction: the request must still be open (and is
   * locked until that transaction ends, so no STOP or change ends it meanwhile).
   */
  async isOpen(em: EntityManager, notificationId: string): Promise<boolean> {
    const [open] = await em.query(`SELECT 1 FROM sms_confirmations WHERE notification_id = $1 AND ended_at IS NULL FOR UPDATE`, [notificationId]);
    return open !== undefined;
  }

  /**
   * For the SMS dispatcher, as the attempt opens: a fresh code for this attempt (an earlier attempt never reached the
   * number: the dispatcher retries only those), its hash stored and its lifetime started; the text to send.
   */
  async mint(em: EntityManager, notificationId: string): Promise<string> {
    const code = newConfirmationCode();
    await em.query(
      `UPDATE sms_confirmations
          SET code_hash = $2, code_sent_at = $3, expires_at = $3::timestamptz + make_interval(secs => $4), attempts = 0
        WHERE notification_id = $1 AND ended_at IS NULL`,
      [notificationId, await hashConfirmationCode(code), this.clock.now(), this.config.smsConfirmationCodeTtlS],
    );
    return confirmationText(code, Math.max(1, Math.floor(this.config.smsConfirmationCodeTtlS / 60)));
  }

  /** The settings' number, if there is one to confirm; else why not (409). Locks the settings row and the number. */
  private async numberToConfirm(em: EntityManager, coordinatorId: string): Promise<string> {
    const [settings]: SettingsSms[] = await em.query(
      `SELECT sms_enabled, sms_phone FROM notification_settings WHERE coordinator_id = $1 FOR UPDATE`,
      [coordinatorId],
    );
    if (!settings?.sms_enabled || !settings.sms_phone) throw new ConflictException('SMS is off in your settings: turn it on with your number first');
    const phone = settings.sms_phone;
    await lockNumber(em, phone);
    if (await hasSmsConsent(em, coordinatorId, phone)) throw new ConflictException('the number is already confirmed');
    if (await numberStopped(em, phone)) throw new ConflictException(STOPPED);
    return phone;
  }

  /**
   * A new request (the coordinator's settings row and the number are locked by the caller): within the limits, the
   * open one replaced, its SMS planned.
   */
  private async request(em: EntityManager, coordinatorId: string, phone: string, now: Date): Promise<void> {
    const earlier: { mine: boolean; same_number: boolean; requested_at: Date }[] = await em.query(
      `SELECT coordinator_id = $1 AS mine, phone = $2 AS same_number, requested_at FROM sms_confirmations
        WHERE (coordinator_id = $1 AND requested_at > $3::timestamptz - make_interval(secs => $4::float8 / 1000))
           OR (phone = $2 AND requested_at > $3::timestamptz - make_interval(secs => $5::float8 / 1000))`,
      [coordinatorId, phone, now, PER_COORDINATOR_WINDOW_MS, PER_NUMBER_WINDOW_MS],
    );
    const refusal = confirmationRefusal(
      {
        byCoordinator: earlier.filter((r) => r.mine).map((r) => new Date(r.requested_at)),
        toNumber: earlier.filter((r) => r.same_number).map((r) => new Date(r.requested_at)),
      },
      { perCoordinatorPerHour: this.config.smsConfirmationsPerHour, perNumberPerDay: this.config.smsConfirmationsPerNumberPerDay },
      now,
    );
    if (refusal) throw new LimitReachedException(refusal.message, refusal.limit, refusal.retryAt);
    await this.end(em, `coordinator_id = $1`, [coordinatorId], 'replaced', now);
    const id = randomUUID();
    await em.query(
      `INSERT INTO sms_confirmations (id, coordinator_id, phone, consent_text, requested_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, coordinatorId, phone, COORDINATOR_SMS_CONSENT_TEXT, now],
    );
    const notificationId = await this.planner.planConfirmation(em, { coordinatorId, confirmationId: id, phone });
    if (notificationId) await em.query(`UPDATE sms_confirmations SET notification_id = $2 WHERE id = $1`, [id, notificationId]);
  }

  /** The open request for this number, if its code can still be entered (or is still to be texted). */
  private async liveRequest(em: EntityManager, coordinatorId: string, phone: string, now: Date): Promise<boolean> {
    const [live] = await em.query(
      `SELECT 1 FROM sms_confirmations c JOIN notifications n ON n.id = c.notification_id
        WHERE c.coordinator_id = $1 AND c.phone = $2 AND c.ended_at IS NULL AND n.status NOT IN ('failed', 'skipped')
          AND (c.code_sent_at IS NULL OR (c.attempts < $3 AND c.expires_at > $4))`,
      [coordinatorId, phone, this.config.smsConfirmationMaxAttempts, now],
    );
    return live !== undefined;
  }

  private async end(em: EntityManager, where: string, values: unknown[], outcome: Outcome, now: Date): Promise<void> {
    await em.query(
      `UPDATE sms_confirmations SET ended_at = $${values.length + 1}, outcome = $${values.length + 2} WHERE ${where} AND ended_at IS NULL`,
      [...values, now, outcome],
    );
  }
}
