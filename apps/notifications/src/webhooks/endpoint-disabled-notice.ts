// The email that tells a coordinator one of their webhook endpoints was disabled (410 Gone, or failing for
// WEBHOOK_DISABLE_AFTER_S): an email notification like the others, planned in the transaction that disables it.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { composeEmail } from '../email/compose-email';
import { messageIdFor } from '../email/mail-from';

export interface DisabledEndpoint {
  id: string;
  coordinatorId: string;
  /** Only the host reaches the email: a Slack URL's path is its secret. */
  host: string;
  description: string | null;
  reason: string;
}

export const ENDPOINT_DISABLED_EVENT = 'webhook.endpoint.disabled';

/**
 * To the coordinator's address in the settings, else the one the marketplace last gave with an event (the latest
 * email's that still has its recipient, else the latest booked wedding's); none when the
 * coordinator turned email off or no address is known. Returns whether an email was planned.
 */
export async function planEndpointDisabledEmail(
  em: EntityManager,
  endpoint: DisabledEndpoint,
  context: { mailFrom: string; dashboardUrl: string },
): Promise<boolean> {
  const [address]: { recipient: string | null }[] = await em.query(
    `SELECT CASE WHEN s.coordinator_id IS NULL OR s.email_enabled THEN COALESCE(s.email_address, (
              SELECT n.recipient FROM notifications n
               WHERE n.coordinator_id = $1 AND n.channel = 'email' AND n.template IN ('wedding-created', 'integration-failed')
                 AND n.recipient IS NOT NULL
               ORDER BY n.created_at DESC LIMIT 1),
              -- Once those emails' recipients are scrubbed (PERSONAL_DATA_RETENTION_DAYS): the latest wedding's.
              (SELECT a.email FROM coordinator_addresses a WHERE a.coordinator_id = $1)) END AS recipient
       FROM (SELECT $1::uuid AS id) c LEFT JOIN notification_settings s ON s.coordinator_id = c.id`,
    [endpoint.coordinatorId],
  );
  if (!address?.recipient) return false;
  const id = randomUUID();
  const payload = { endpointId: endpoint.id, host: endpoint.host, description: endpoint.description, reason: endpoint.reason };
  const { subject } = composeEmail('webhook-disabled', payload, { dashboardUrl: context.dashboardUrl });
  await em.query(
    `INSERT INTO notifications (id, coordinator_id, event_id, event_type, channel, recipient, template, subject, payload, message_id)
     VALUES ($1, $2, $3, $4, 'email', $5, 'webhook-disabled', $6, $7::jsonb, $8)`,
    [id, endpoint.coordinatorId, randomUUID(), ENDPOINT_DISABLED_EVENT, address.recipient, subject, JSON.stringify(payload), messageIdFor(id, context.mailFrom)],
  );
  return true;
}
