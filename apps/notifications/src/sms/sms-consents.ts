// The one writer of sms_consents: a number's opt-ins and opt-outs, never updated, so the history stays. An SMS goes
// only to a number whose latest row for its coordinator is an opt-in.
import type { EntityManager } from 'typeorm';

export type ConsentSource = 'settings' | 'couple-booking' | 'inbound-stop' | 'inbound-start';

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
 * A STOP from the number: every coordinator it is opted in for records the opt-out, at once. Answers the coordinators.
 * Serialized per number, so that a START racing a STOP leaves the history in the order they were applied.
 */
export async function optOutByReply(em: EntityManager, phone: string, reply: string): Promise<string[]> {
  await lockNumber(em, phone);
  const rows: { coordinator_id: string }[] = await em.query(
    `INSERT INTO sms_consents (coordinator_id, phone, opted_in, source, consent_text)
     SELECT coordinator_id, $1, false, 'inbound-stop', $2
       FROM (SELECT DISTINCT ON (coordinator_id) coordinator_id, opted_in FROM sms_consents
              WHERE phone = $1 ORDER BY coordinator_id, id DESC) latest
      WHERE opted_in
     RETURNING coordinator_id`,
    [phone, reply],
  );
  return rows.map((r) => r.coordinator_id);
}

/** A START from the number: the coordinators whose opt-out came from a STOP reply are opted back in. */
export async function optInByReply(em: EntityManager, phone: string, reply: string): Promise<string[]> {
  await lockNumber(em, phone);
  const rows: { coordinator_id: string }[] = await em.query(
    `INSERT INTO sms_consents (coordinator_id, phone, opted_in, source, consent_text)
     SELECT coordinator_id, $1, true, 'inbound-start', $2
       FROM (SELECT DISTINCT ON (coordinator_id) coordinator_id, opted_in, source FROM sms_consents
              WHERE phone = $1 ORDER BY coordinator_id, id DESC) latest
      WHERE NOT opted_in AND source = 'inbound-stop'
     RETURNING coordinator_id`,
    [phone, reply],
  );
  return rows.map((r) => r.coordinator_id);
}

async function lockNumber(em: EntityManager, phone: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('sms-consent:' || $1, 0))`, [phone]);
}
