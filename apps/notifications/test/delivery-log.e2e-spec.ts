// The coordinator's delivery log and settings through real HTTP: authentication like the coordinator API, every query
// scoped to the token's coordinator (another coordinator's ids answer 404), validation with field messages, OpenAPI.
import { randomUUID } from 'node:crypto';
import { expectEventually, mintToken, requestJson, unsignedToken } from '@wedding/testing';
import { NotificationsSystem, startNotificationsSystem } from './notifications-system';

describe('notification service: delivery log and settings API', () => {
  let n: NotificationsSystem;
  let ayos: { id: string; token: string };
  let plano: { id: string; token: string };
  let ayosWeddingId: string;
  let ayosNotificationId: string;
  const as = (who: { token: string }) => ({ authorization: `Bearer ${who.token}` });
  const get = (path: string, who: { token: string }) => requestJson('GET', `${n.url}${path}`, undefined, as(who));

  beforeAll(async () => {
    n = await startNotificationsSystem('log');
    ayos = await n.createCoordinator('Ayos Events', `hello-${randomUUID()}@ayos.test`);
    plano = await n.createCoordinator('Plano Weddings', `hello-${randomUUID()}@plano.test`);
    const booking = await n.book(ayos.id, { contactEmail: `jj-${randomUUID()}@example.test` });
    await n.book(plano.id, { contactEmail: `ab-${randomUUID()}@example.test` });
    const rows = await expectEventually(async () => {
      const { rows: found } = await n.db.query(`SELECT id, wedding_id, status FROM notifications WHERE booking_id = $1 ORDER BY template`, [
        booking.id,
      ]);
      expect(found.map((r) => r.status)).toEqual(['sent', 'sent']);
      return found;
    });
    ayosWeddingId = rows[0].wedding_id;
    ayosNotificationId = rows[1].id;
    // Plano's two as well, so that isolation is tested against rows that exist.
    await expectEventually(async () => {
      const { rows: found } = await n.db.query(`SELECT 1 FROM notifications WHERE coordinator_id = $1 AND status = 'sent'`, [plano.id]);
      expect(found).toHaveLength(2);
    });
  });

  afterAll(async () => {
    await n?.close();
  });

  it('lists the coordinator’s own notifications, newest first, with filters and pages', async () => {
    const all = await get('/api/notifications', ayos);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 20, total: 2 });
    expect(all.body.items.map((i: { template: string }) => i.template).sort()).toEqual(['couple-confirmation', 'wedding-created']);
    const created = all.body.items.map((i: { createdAt: string }) => i.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    expect(all.body.items[0]).toEqual({
      id: expect.any(String),
      channel: 'email',
      template: expect.any(String),
      recipient: expect.any(String),
      subject: expect.any(String),
      status: 'sent',
      attemptCount: 1,
      eventId: expect.any(String),
      eventType: 'coordinator.wedding.created',
      bookingId: expect.any(String),
      weddingId: ayosWeddingId,
      messageId: expect.stringMatching(/^<.+@wedding\.test>$/),
      resendOf: null,
      nextAttemptAt: null,
      lastError: null,
      sentAt: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      scrubbedAt: null,
    });

    expect((await get(`/api/notifications?weddingId=${ayosWeddingId}&status=sent&channel=email`, ayos)).body.total).toBe(2);
    expect((await get('/api/notifications?status=failed', ayos)).body).toMatchObject({ total: 0, items: [] });
    const second = await get('/api/notifications?page=2&pageSize=1', ayos);
    expect(second.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(second.body.items).toHaveLength(1);
    expect((await get('/api/notifications?page=3&pageSize=1', ayos)).body).toMatchObject({ items: [], total: 2 });
  });

  it('refuses malformed filters with field messages', async () => {
    for (const [query, message] of [
      ['status=lost', 'status must be one of the following values: pending, sending, sent, failed, unknown, skipped'],
      ['channel=fax', 'channel must be one of the following values: email, webhook, sms'],
      ['weddingId=42', 'weddingId must be a UUID'],
      ['pageSize=101', 'pageSize must not be greater than 100'],
      ['page=0', 'page must not be less than 1'],
      ['sort=asc', 'property sort should not exist'],
    ]) {
      const response = await get(`/api/notifications?${query}`, ayos);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(message);
    }
    expect((await get('/api/notifications/not-a-uuid', ayos)).status).toBe(400);
  });

  it('answers 404 to another coordinator for a notification, its details and its resend', async () => {
    expect((await get(`/api/notifications/${ayosNotificationId}`, ayos)).status).toBe(200);
    expect((await get(`/api/notifications/${ayosNotificationId}`, plano)).status).toBe(404);
    const resend = await requestJson('POST', `${n.url}/api/notifications/${ayosNotificationId}/resend`, undefined, as(plano));
    expect(resend.status).toBe(404);
    const { rows } = await n.db.query(`SELECT count(*)::int AS n FROM notifications WHERE resend_of = $1`, [ayosNotificationId]);
    expect(rows[0].n).toBe(0);
    expect((await get('/api/notifications', plano)).body.items.every((i: { weddingId: string }) => i.weddingId !== ayosWeddingId)).toBe(true);
    expect((await get(`/api/notifications?weddingId=${ayosWeddingId}`, plano)).body.total).toBe(0);
    expect((await get(`/api/notifications/${randomUUID()}`, ayos)).status).toBe(404);
  });

  it('needs a coordinator token, verified like the coordinator API', async () => {
    const paths = ['/api/notifications', `/api/notifications/${ayosNotificationId}`, '/api/notifications/settings'];
    for (const path of paths) {
      expect((await requestJson('GET', `${n.url}${path}`)).status).toBe(401);
      expect((await requestJson('GET', `${n.url}${path}`, undefined, { authorization: `Bearer ${unsignedToken(ayos.id)}` })).status).toBe(401);
      expect((await requestJson('GET', `${n.url}${path}`, undefined, { authorization: `Bearer ${await mintToken(ayos.id, { expiresIn: -10 })}` })).status).toBe(401);
      expect((await requestJson('GET', `${n.url}${path}`, undefined, { authorization: `Bearer ${await mintToken(ayos.id, { role: 'couple' })}` })).status).toBe(403);
    }
  });

  it('gives the defaults until the coordinator saves its settings, then what it saved, to it alone', async () => {
    const fresh = { token: await mintToken(randomUUID()) };
    expect((await get('/api/notifications/settings', fresh)).body).toEqual({
      email: { enabled: true, address: null },
      coupleConfirmation: { enabled: true },
      sms: { enabled: false, phone: null, state: 'off', since: null, confirmation: null },
    });
    const body = { email: { enabled: false, address: 'desk@ayos.test' }, coupleConfirmation: { enabled: true } };
    const saved = await requestJson('PUT', `${n.url}/api/notifications/settings`, body, as(fresh));
    expect(saved).toMatchObject({ status: 200, body: { email: { enabled: false, address: 'desk@ayos.test' }, coupleConfirmation: { enabled: true } } });
    expect((await get('/api/notifications/settings', fresh)).body).toEqual(saved.body);
    expect((await get('/api/notifications/settings', plano)).body.email).toEqual({ enabled: true, address: null });
    // Back to the marketplace's address.
    const cleared = await requestJson('PUT', `${n.url}/api/notifications/settings`, { email: { enabled: true, address: null }, coupleConfirmation: { enabled: true } }, as(fresh));
    expect(cleared.body.email).toEqual({ enabled: true, address: null });
  });

  it('refuses invalid settings with field messages and keeps the saved ones', async () => {
    const fresh = { token: await mintToken(randomUUID()) };
    const put = (body: unknown) => requestJson('PUT', `${n.url}/api/notifications/settings`, body, as(fresh));
    for (const [body, message] of [
      [{}, 'email should not be null or undefined'],
      [{ email: { enabled: true } }, 'coupleConfirmation should not be null or undefined'],
      [{ email: { enabled: 'yes' }, coupleConfirmation: { enabled: true } }, 'email.enabled must be a boolean value'],
      [{ email: { enabled: true, address: 'nope' }, coupleConfirmation: { enabled: true } }, 'email.address must be an email address or null'],
      [{ email: { enabled: true }, coupleConfirmation: {} }, 'coupleConfirmation.enabled must be a boolean value'],
      [{ email: { enabled: true }, coupleConfirmation: { enabled: true }, sms: {} }, 'sms.enabled must be a boolean value'],
      [{ email: { enabled: true }, coupleConfirmation: { enabled: true }, sms: { enabled: true } }, 'sms.phone is required to enable SMS'],
      [{ email: { enabled: true }, coupleConfirmation: { enabled: true }, sms: { enabled: true, phone: '415 555 0100' } }, 'sms.phone must be a mobile number'],
      [{ email: { enabled: true }, coupleConfirmation: { enabled: true }, push: {} }, 'property push should not exist'],
      [{ email: { enabled: true, cc: 'x@y.test' }, coupleConfirmation: { enabled: true } }, 'email.property cc should not exist'],
      ['[]', 'email should not be null or undefined'],
    ] as const) {
      const response = await put(body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(message);
    }
    expect((await get('/api/notifications/settings', fresh)).body.email).toEqual({ enabled: true, address: null });
  });

  it('describes its endpoints in OpenAPI, and answers health like the other services', async () => {
    const { body } = await requestJson('GET', `${n.url}/docs/openapi.json`);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/notifications', '/api/notifications/{id}', '/api/notifications/{id}/resend', '/api/notifications/settings',
        '/api/notifications/webhooks', '/api/notifications/webhooks/{id}', '/api/notifications/webhooks/{id}/rotate-secret',
        '/api/notifications/webhooks/{id}/deliveries']),
    );
    expect(body.paths['/api/notifications/settings'].put.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/UpdateNotificationSettingsDto',
    );
    expect(body.components.schemas.UpdateNotificationSettingsDto.required).toEqual(['email', 'coupleConfirmation']);
    expect(body.components.schemas.ListNotificationsQuery.properties.status.enum).toEqual(['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped']);
    for (const path of ['/health', '/health/ready', '/api/health']) {
      const health = await requestJson('GET', `${n.url}${path}`);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: true, consumer: true }, broker: 'up' } });
    }
    expect((await requestJson('GET', `${n.url}/health/live`)).status).toBe(200);
  });
});
