// A coordinator's webhook endpoints: register (the secret shown once; at most WEBHOOK_MAX_ENDPOINTS_PER_COORDINATOR),
// list, change, pause and resume, delete, rotate the secret, and the attempts of their deliveries. Every query is
// scoped to the coordinator of the token: another coordinator's endpoint is not found. Secrets are stored encrypted
// (webhook-secret-cipher.ts), never as they are shown.
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotificationsConfig } from '../config';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import { WEBHOOK_EVENT_TYPES } from './webhook-payload';
import { WebhookSecretCipher } from './webhook-secret-cipher';
import { newWebhookSecret } from './webhook-signature';
import { RefusedTargetError, WebhookTargets } from './webhook-targets';
import { WebhookDispatcher } from './webhook-dispatcher';

/** How long the secret a rotation replaced still signs. */
export const ROTATION_OVERLAP_HOURS = 24;

// `paused`: turned off by its coordinator (no reason of the service's): its deliveries wait for it to be turned on.
const ENDPOINT = `
  id, url, format, events, description, enabled, disabled_reason AS "disabledReason",
  NOT enabled AND disabled_reason IS NULL AS paused,
  (SELECT count(*)::int FROM notifications n
    WHERE n.channel = 'webhook' AND n.recipient = webhook_endpoints.id::text AND n.status IN ('pending', 'sending')) AS "waitingDeliveries",
  CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END AS "previousSecretExpiresAt",
  failing_since AS "failingSince", created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly targets: WebhookTargets,
    private readonly secrets: WebhookSecretCipher,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: NotificationsConfig,
  ) {}

  /** At most WEBHOOK_MAX_ENDPOINTS_PER_COORDINATOR: each endpoint is a request per event, and a target of ours. */
  async create(coordinatorId: string, dto: CreateWebhookEndpointDto) {
    const url = await this.checkedUrl(dto.url);
    const id = randomUUID();
    const secret = newWebhookSecret();
    return this.dataSource.transaction(async (em) => {
      // The coordinator's registrations serialize here (on every instance), so two at the cap cannot both pass.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('webhook-endpoints:' || $1, 0))`, [coordinatorId]);
      const [{ count }] = await em.query(`SELECT count(*)::int AS count FROM webhook_endpoints WHERE coordinator_id = $1`, [coordinatorId]);
      const max = this.config.webhookMaxEndpointsPerCoordinator;
      if (count >= max) {
        throw new ConflictException(
          `you have ${count} webhook endpoints, the most allowed (WEBHOOK_MAX_ENDPOINTS_PER_COORDINATOR = ${max}); delete one to add another`,
        );
      }
      const [endpoint] = await em.query(
        `INSERT INTO webhook_endpoints (id, coordinator_id, url, format, events, description, secret)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ENDPOINT}`,
        [id, coordinatorId, url, dto.format ?? 'standard', dto.events ?? [...WEBHOOK_EVENT_TYPES], dto.description ?? null, this.secrets.seal(id, secret)],
      );
      return { ...endpoint, secret };
    });
  }

  list(coordinatorId: string) {
    return this.dataSource.query(`SELECT ${ENDPOINT} FROM webhook_endpoints WHERE coordinator_id = $1 ORDER BY created_at, id`, [
      coordinatorId,
    ]);
  }

  async get(coordinatorId: string, id: string) {
    const [endpoint] = await this.dataSource.query(`SELECT ${ENDPOINT} FROM webhook_endpoints WHERE id = $1 AND coordinator_id = $2`, [
      id,
      coordinatorId,
    ]);
    if (!endpoint) throw new NotFoundException(`webhook endpoint ${id} not found`);
    return endpoint;
  }

  /**
   * `enabled: false` pauses the endpoint: what is planned for it waits (not attempted, so it uses up neither retries nor
   * WEBHOOK_DISABLE_AFTER_S) and goes out in order once `enabled: true` resumes it; that also turns an endpoint the
   * service disabled back on, with a clean record.
   */
  async update(coordinatorId: string, id: string, dto: UpdateWebhookEndpointDto) {
    const url = dto.url === undefined ? null : await this.checkedUrl(dto.url);
    const [endpoint] = await this.dataSource.query(
      `WITH updated AS (UPDATE webhook_endpoints
          SET url = COALESCE($3, url), events = COALESCE($4, events), description = COALESCE($5, description),
              enabled = COALESCE($6, enabled),
              disabled_reason = CASE WHEN $6 THEN NULL ELSE disabled_reason END,
              failing_since = CASE WHEN $6 AND NOT enabled THEN NULL ELSE failing_since END,
              updated_at = now()
        WHERE id = $1 AND coordinator_id = $2
       RETURNING ${ENDPOINT}) SELECT * FROM updated`,
      [id, coordinatorId, url, dto.events ?? null, dto.description ?? null, dto.enabled ?? null],
    );
    if (!endpoint) throw new NotFoundException(`webhook endpoint ${id} not found`);
    // Resumed: what waited for it is due now.
    if (dto.enabled) this.dispatcher.wake();
    return endpoint;
  }

  /** Its deliveries not yet attempted are skipped; its log stays. */
  async delete(coordinatorId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const deleted = await em.query(
        `WITH deleted AS (DELETE FROM webhook_endpoints WHERE id = $1 AND coordinator_id = $2 RETURNING id) SELECT * FROM deleted`,
        [id, coordinatorId],
      );
      if (deleted.length === 0) throw new NotFoundException(`webhook endpoint ${id} not found`);
      await em.query(
        `UPDATE notifications SET status = 'skipped', last_error = 'not sent: the endpoint was deleted', updated_at = now()
          WHERE channel = 'webhook' AND recipient = $1 AND status = 'pending'`,
        [id],
      );
    });
  }

  /** A new secret, shown once; the one it replaces still signs (a second signature) for 24 hours. */
  async rotateSecret(coordinatorId: string, id: string) {
    const secret = newWebhookSecret();
    const [rotated] = await this.dataSource.query(
      `WITH rotated AS (UPDATE webhook_endpoints
          SET previous_secret = secret, secret = $3,
              previous_secret_expires_at = now() + make_interval(hours => $4), updated_at = now()
        WHERE id = $1 AND coordinator_id = $2
       RETURNING id, previous_secret_expires_at AS "previousSecretExpiresAt") SELECT * FROM rotated`,
      [id, coordinatorId, this.secrets.seal(id, secret), ROTATION_OVERLAP_HOURS],
    );
    if (!rotated) throw new NotFoundException(`webhook endpoint ${id} not found`);
    return { ...rotated, secret };
  }

  /** Every attempt of the endpoint's deliveries, newest first. */
  async deliveries(coordinatorId: string, id: string, query: ListDeliveriesQuery) {
    await this.get(coordinatorId, id);
    const items = await this.dataSource.query(
      `SELECT n.id AS "notificationId", n.message_id AS "webhookId", n.event_type AS "type", n.status AS "deliveryStatus",
              a.attempt, a.started_at AS "startedAt", a.duration_ms AS "durationMs", a.outcome, a.http_status AS "httpStatus", a.reply
         FROM notifications n JOIN notification_attempts a ON a.notification_id = n.id
        WHERE n.coordinator_id = $1 AND n.channel = 'webhook' AND n.recipient = $2
        ORDER BY a.started_at DESC, n.id, a.attempt DESC
        LIMIT $3 OFFSET $4`,
      [coordinatorId, id, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return { items, page: query.page, pageSize: query.pageSize };
  }

  private async checkedUrl(text: string): Promise<string> {
    try {
      return (await this.targets.check(text)).toString();
    } catch (error) {
      if (error instanceof RefusedTargetError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
