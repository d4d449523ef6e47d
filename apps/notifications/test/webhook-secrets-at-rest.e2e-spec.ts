// Webhook signing secrets are encrypted at rest: after an endpoint is created and its secret rotated, no table of
// the database holds either secret, yet every delivery still verifies with the standardwebhooks package; rows an older
// version stored in plaintext, and rows of a previous WEBHOOK_SECRETS_KEY, are sealed with the current key at start-up.
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { expectEventually, requestJson } from '@wedding/testing';
import { startNotificationsApp } from '../src/notifications-app';
import { WebhookSecretCipher } from '../src/webhooks/webhook-secret-cipher';
import { WebhookSecretSealing } from '../src/webhooks/webhook-secret-sealing';
import { newWebhookSecret } from '../src/webhooks/webhook-signature';
import { NotificationsSystem, startNotificationsSystem } from './notifications-system';
import { ReceivedRequest, WebhookReceiver } from './webhook-receiver';

const FIRST_KEY = randomBytes(32).toString('base64');
const SECOND_KEY = randomBytes(32).toString('base64');

describe('notification service: webhook secrets at rest', () => {
  let n: NotificationsSystem;
  let receiver: WebhookReceiver;
  /** The instance that replaced the system's first one, with SECOND_KEY. */
  let rekeyed: INestApplication | undefined;

  const api = (token: string, method: 'POST' | 'GET', path: string, body?: unknown) =>
    requestJson(method, `${n.url}/api/notifications/webhooks${path}`, body, { authorization: `Bearer ${token}` });
  const register = async (token: string) => {
    const path = `/hooks/${randomUUID()}`;
    const response = await api(token, 'POST', '', { url: receiver.url(path), events: ['coordinator.wedding.created'] });
    expect(response.status).toBe(201);
    return { id: response.body.id as string, secret: response.body.secret as string, path };
  };
  const verify = (secret: string, request: ReceivedRequest) =>
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { type: string };
  const deliveredTo = (path: string) =>
    expectEventually(() => {
      expect(receiver.at(path)).toHaveLength(1);
      return receiver.at(path)[0];
    }, { timeoutMs: 20_000 });
  /** Every row of every table of the service's database, as text. */
  const wholeDatabase = async (): Promise<string> => {
    const { rows: tables } = await n.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    const texts = await Promise.all(
      tables.map(async ({ tablename }) => (await n.db.query(`SELECT t::text AS row FROM "${tablename}" t`)).rows.map((r) => r.row).join('\n')),
    );
    return texts.join('\n');
  };
  /** The secret and its key (the part after `whsec_`, what HMAC is keyed with), neither of which may be stored. */
  const expectNotStored = (database: string, secret: string) => {
    expect(database).not.toContain(secret.slice('whsec_'.length));
  };
  const storedSecrets = async (endpointId: string) =>
    (await n.db.query(`SELECT secret, previous_secret FROM webhook_endpoints WHERE id = $1`, [endpointId])).rows[0] as {
      secret: string;
      previous_secret: string | null;
    };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    n = await startNotificationsSystem('webhook_secrets', {
      webhookAllowedPrivateTargets: '127.0.0.1/32',
      webhookRetryDelaysMs: [300],
      webhookTimeoutMs: 1000,
      webhookSecretsKey: FIRST_KEY,
    });
  });

  afterAll(async () => {
    await rekeyed?.close();
    await n?.close();
    await receiver?.stop();
  });

  it('stores no secret of a created or rotated endpoint, and deliveries still verify with either', async () => {
    const c = await n.createCoordinator('Ayos Events', `desk-${randomUUID()}@ayos.test`);
    const endpoint = await register(c.token);
    const rotated = await api(c.token, 'POST', `/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;

    const keyId = new WebhookSecretCipher(FIRST_KEY).currentKeyId;
    expect(await storedSecrets(endpoint.id)).toEqual({
      secret: expect.stringMatching(new RegExp(`^v1:${keyId}:`)),
      previous_secret: expect.stringMatching(new RegExp(`^v1:${keyId}:`)),
    });
    const database = await wholeDatabase();
    // The search can find: the endpoint's row is in it.
    expect(database).toContain(endpoint.id);
    expectNotStored(database, endpoint.secret);
    expectNotStored(database, newSecret);

    await n.book(c.id);
    const request = await deliveredTo(endpoint.path);
    expect(verify(newSecret, request).type).toBe('coordinator.wedding.created');
    expect(verify(endpoint.secret, request).type).toBe('coordinator.wedding.created');
    expect(() => verify(newWebhookSecret(), request)).toThrow();
    expectNotStored(await wholeDatabase(), newSecret);
  });

  it('leaves rows that no configured key opens as they are, and counts them', async () => {
    const c = await n.createCoordinator('Ayos Events', `desk-${randomUUID()}@ayos.test`);
    const endpoint = await register(c.token);
    const before = await storedSecrets(endpoint.id);
    const dataSource = n.app.get(DataSource);
    const result = await new WebhookSecretSealing(dataSource, new WebhookSecretCipher(SECOND_KEY)).sealStoredSecrets();
    expect(result.sealed).toBe(0);
    expect(result.unreadable).toBeGreaterThanOrEqual(1);
    expect(await storedSecrets(endpoint.id)).toEqual(before);
  });

  it("seals, at start-up, plaintext secrets of an older version and a previous key's with the current key", async () => {
    const c = await n.createCoordinator('Ayos Events', `desk-${randomUUID()}@ayos.test`);
    // Sealed with FIRST_KEY, plus a previous secret an older version stored as it is (its rotation's 24 h).
    const sealed = await register(c.token);
    const olderPrevious = newWebhookSecret();
    await n.db.query(`UPDATE webhook_endpoints SET previous_secret = $2, previous_secret_expires_at = now() + interval '1 hour' WHERE id = $1`, [
      sealed.id,
      olderPrevious,
    ]);
    // An endpoint an older version registered: its secret in plaintext.
    const older = { id: randomUUID(), secret: newWebhookSecret(), path: `/hooks/${randomUUID()}` };
    await n.db.query(
      `INSERT INTO webhook_endpoints (id, coordinator_id, url, events, secret) VALUES ($1, $2, $3, ARRAY['coordinator.wedding.created'], $4)`,
      [older.id, c.id, receiver.url(older.path), older.secret],
    );
    expect(await wholeDatabase()).toContain(older.secret.slice('whsec_'.length));

    // The instance is replaced by one whose key is new, the old one kept as a previous key.
    await n.app.close();
    rekeyed = await startNotificationsApp(
      { ...n.config, webhookSecretsKey: SECOND_KEY, webhookSecretsPreviousKeys: FIRST_KEY } as typeof n.config,
      { logger: ['error'] },
    );
    const url = await rekeyed.getUrl();
    await expectEventually(async () => expect((await requestJson('GET', `${url}/health/ready`)).status).toBe(200), { timeoutMs: 30_000 });

    const keyId = new WebhookSecretCipher(SECOND_KEY).currentKeyId;
    const { rows } = await n.db.query(`SELECT secret, previous_secret FROM webhook_endpoints`);
    for (const row of rows) {
      expect(row.secret).toMatch(new RegExp(`^v1:${keyId}:`));
      if (row.previous_secret !== null) expect(row.previous_secret).toMatch(new RegExp(`^v1:${keyId}:`));
    }
    const database = await wholeDatabase();
    for (const secret of [sealed.secret, olderPrevious, older.secret]) expectNotStored(database, secret);

    await n.book(c.id);
    const [toSealed, toOlder] = await Promise.all([deliveredTo(sealed.path), deliveredTo(older.path)]);
    expect(verify(sealed.secret, toSealed).type).toBe('coordinator.wedding.created');
    expect(verify(olderPrevious, toSealed).type).toBe('coordinator.wedding.created');
    expect(verify(older.secret, toOlder).type).toBe('coordinator.wedding.created');
  });
});
