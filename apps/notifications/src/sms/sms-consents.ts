// The one writer of sms_consents: a number's opt-ins and opt-outs, never updated, so the history stays. An SMS goes
// only to a number whose latest row for its coordinator is an opt-in. A number is opted in by its confirmation (the
// code entered, or a YES reply: sms-confirmations.ts), never by the settings alone; a STOP reply holds until the number
// texts START or YES, whatever the settings say.
import type { EntityManager } from 'typeorm';

export type ConsentSource = 'settings' | 'couple-booking' | 'inbound-stop' | 'inbound-start' | 'confirmation-code' | 'inbound-yes';

/** What the coordinator is shown, and agrees to, when turning SMS on in the settings (GET …/settings/sms-consent). */
export const COORDINATOR_SMS_CONSENT_TEXT =
  'I agree to receive SMS from Wedding Coordinator at this number about my new weddings, failed integrations and ' +
  'milestone reminders, never during quiet hours. Message rates may apply. Reply STOP to opt out, START to opt back in.';

/** The coordinator's number is opted in now. */
export async function hasSmsConsent(em: EntityManager, coordinatorId: string, phone: string): Promise<boolean> {
  const [latest] = await em.query(
    `SELECT opted_in FROM sms_consents WHERE coordinator_id = $1 AND phone = $2 ORDER BY id DESC LIMIT 1`,
    [coordinatorId, phone],
  );
  return latest?.opted_in === true;
}

/** Records a change of consent; nothing when the number's consent is already that. Answers whether it recorded. */
export async function recordSmsConsent(
  em: EntityManager,
  consent: { coordinatorId: string; phone: string; optedIn: boolean; source: ConsentSource; text: string },
): Promise<boolean> {
  await lockNumber(em, consent.phone);
  if ((await hasSmsConsent(em, consent.coordinatorId, consent.phone)) === consent.optedIn) return false;
  await em.query(
    `INSERT INTO sms_consents (coordinator_id, phone, opted_in, source, consent_text) VALUES ($1, $2, $3, $4, $5)`,
    [consent.coordinatorId, consent.phone, consent.optedIn, consent.source, consent.text],
  );
  return true;
}

/**
 * A STOP from the number records the opt-out, at once, for every coordinator that texts it or might: opted in,
 * waiting for its confirmation, or with the number in its settings (so that a STOP in reply to a confirmation code
 * is kept, and holds). Answers the coordinators. Serialized per number, so that a START racing a STOP leaves the
 * history in the order they were applied.
 */
export async function optOutByReply(em: EntityManager, phone: string, reply: string): Promise<string[]> {
  await lockNumber(em, phone);
  const rows: { coordinator_id: string }[] = await em.query(
    `INSERT INTO sms_consents (coordinator_id, phone, opted_in, source, consent_text)
     SELECT coordinator_id, $1, false, 'inbound-stop', $2
       FROM (SELECT coordinator_id FROM (SELECT DISTINCT ON (coordinator_id) coordinator_id, opted_in FROM sms_consents
                                          WHERE phone = $1 ORDER BY coordinator_id, id DESC) latest
              WHERE opted_in
             UNION SELECT coordinator_id FROM sms_confirmations WHERE phone = $1 AND ended_at IS NULL
             UNION SELECT coordinator_id FROM notification_settings WHERE sms_phone = $1 AND sms_enabled) texting
      WHERE NOT EXISTS (SELECT 1 FROM (SELECT source FROM sms_consents c
                                        WHERE c.coordinator_id = texting.coordinator_id AND c.phone = $1
                                        ORDER BY c.id DESC LIMIT 1) latest WHERE latest.source = 'inbound-stop')
     RETURNING coordinator_id`,
    [phone, reply],
  );
  return rows.map((r) => r.coordinator_id);
}

/**
 * A START (or YES) from the number lifts its STOP: every coordinator whose latest row is that STOP records the reply,
 * and those the STOP had opted out are opted back in — the number asked for it; no setting can. One whose STOP only
 * ended a confirmation (never opted in) is not: it needs a code of its own. Answers the coordinators opted in.
 */
export async function optInByReply(em: EntityManager, phone: string, reply: string, source: 'inbound-start' | 'inbound-yes' = 'inbound-start'): Promise<string[]> {
  await lockNumber(em, phone);
  const rows: { coordinator_id: string; opted_in: boolean }[] = await em.query(
    `INSERT INTO sms_consents (coordinator_id, phone, opted_in, source, consent_text)
     SELECT coordinator_id, $1, COALESCE(before_stop, false), $3, $2
       FROM (SELECT coordinator_id, source, lag(opted_in) OVER (PARTITION BY coordinator_id ORDER BY id) AS before_stop,
                    row_number() OVER (PARTITION BY coordinator_id ORDER BY id DESC) AS newest
               FROM sms_consents WHERE phone = $1) history
      WHERE newest = 1 AND source = 'inbound-stop'
     RETURNING coordinator_id, opted_in`,
    [phone, reply, source],
  );
  return rows.filter((r) => r.opted_in).map((r) => r.coordinator_id);
}

/** The number's latest keyword reply, whoever it was for, was STOP: nobody texts it, not even a code, until START or YES. */
export async function numberStopped(em: EntityManager, phone: string): Promise<boolean> {
  const [latest] = await em.query(
    `SELECT source FROM sms_consents WHERE phone = $1 AND source IN ('inbound-stop', 'inbound-start', 'inbound-yes') ORDER BY id DESC LIMIT 1`,
    [phone],
  );
  return latest?.source === 'inbound-stop';
}

/** Every change of a number's consent (and its confirmation) is serialized on the number, in any transaction. */
export async function lockNumber(em: EntityManager, phone: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('sms-consent:' || $1, 0))`, [phone]);
}
