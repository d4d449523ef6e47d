// Signed webhooks through the whole system: a booking becomes a wedding, its event becomes a delivery to each
// endpoint of the coordinator, called over real HTTP on a receiver of the test's own and verified with the
// standardwebhooks package; retries, 410, redirects, timeouts, the SSRF guard, rotation, Slack, scoping.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { CoordinatorIntegrationFailed } from '@wedding/contracts';
import { VERSION_HEADER, withBrokerChannel } from '@wedding/messaging';
import { expectEventually, metricValue, requestJson, testAmqpUrl } from '@wedding/testing';
import type { DueReminder } from '../src/reminders/due-reminder';
import { WebhookReminderChannel } from '../src/webhooks/webhook-deliveries';
import { HostResolver } from '../src/webhooks/webhook-targets';
import { NotificationsSystem, startNotificationsSystem } from './notifications-system';
import { ReceivedRequest, WebhookReceiver } from './webhook-receiver';

type Coordinator = { id: string; token: string; email: string };

describe('notification service: webhooks', () => {
  let n: NotificationsSystem;
  let receiver: WebhookReceiver;
  /** Host names the service's resolver answers for (the real resolver for every other name). */
  const names = new Map<string, string[]>();

  const auth = (c: Coordinator) => ({ authorization: `Bearer ${c.token}` });
  const coordinator = async (): Promise<Coordinator> => {
    const email = `coordinator-${randomUUID()}@ayos.test`;
    return { ...(await n.createCoordinator('Ayos Events', email)), email };
  };
  const api = (c: Coordinator, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
    requestJson(method, `${n.url}/api/notifications/webhooks${path}`, body, auth(c));
  /** An endpoint on the receiver at a path of its own. */
  const register = async (c: Coordinator, fields: Record<string, unknown> = {}) => {
    const path = `/hooks/${randomUUID()}`;
    const response = await api(c, 'POST', '', { url: receiver.url(path), ...fields });
    expect(response.status).toBe(201);
    return { ...(response.body as { id: string; secret: string }), path };
  };
  /** The endpoint's one delivery, once it has reached `status` (after `attempts` attempts). */
  const delivery = (c: Coordinator, endpointId: string, status: string, attempts: number) =>
    expectEventually(
      async () => {
        const { rows } = await n.db.query(`SELECT id FROM notifications WHERE channel = 'webhook' AND recipient = $1`, [endpointId]);
        expect(rows).toHaveLength(1);
        const { body } = await requestJson('GET', `${n.url}/api/notifications/${rows[0].id}`, undefined, auth(c));
        expect(body).toMatchObject({ status, attemptCount: attempts });
        expect(body.attempts.every((a: { outcome: string }) => a.outcome !== 'sending')).toBe(true);
        return body;
      },
      { timeoutMs: 20_000 },
    );
  const verify = (secret: string, request: ReceivedRequest) =>
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as Record<string, any>;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    n = await startNotificationsSystem('webhooks', {
      webhookAllowedPrivateTargets: '127.0.0.1/32',
      webhookRetryDelaysMs: [300, 300, 300],
      webhookTimeoutMs: 1000,
    });
    const resolver = n.app.get(HostResolver);
    const real = resolver.resolve.bind(resolver);
    jest.spyOn(resolver, 'resolve').mockImplementation(async (host) => names.get(host) ?? real(host));
  });

  afterAll(async () => {
    await n?.close();
    await receiver?.stop();
  });

  it('registers an endpoint, shows its secret once, and delivers a new wedding signed per Standard Webhooks', async () => {
    const c = await coordinator();
    const created = await api(c, 'POST', '', { url: receiver.url('/first'), description: 'Zapier' });
    expect(created).toMatchObject({
      status: 201,
      body: {
        id: expect.any(String),
        url: receiver.url('/first'),
        format: 'standard',
        events: ['coordinator.wedding.created', 'coordinator.integration.failed', 'coordinator.milestone.due'],
        description: 'Zapier',
        enabled: true,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      },
    });
    const { id, secret } = created.body;
    const listed = await api(c, 'GET', '');
    expect(listed.body).toEqual([expect.objectContaining({ id, url: receiver.url('/first'), enabled: true })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6));
    expect((await api(c, 'GET', `/${id}`)).body).not.toHaveProperty('secret');

    const booking = await n.book(c.id, { coupleName: 'Maria & Jose', contactEmail: `couple-${randomUUID()}@example.test` });
    const entry = await delivery(c, id, 'sent', 1);
    const [request] = receiver.at('/first');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toBe(entry.messageId);
    const message = verify(secret, request);
    expect(message).toEqual({
      type: 'coordinator.wedding.created',
      timestamp: expect.any(String),
      data: {
        coordinatorId: c.id,
        bookingId: booking.id,
        clientId: expect.any(String),
        weddingId: entry.weddingId,
        coupleName: 'Maria & Jose',
        weddingDate: '2030-06-15',
        milestones: expect.arrayContaining([{ id: expect.any(String), title: expect.any(String), dueDate: expect.any(String) }]),
      },
    });
    // No contact details in a webhook.
    expect(request.body).not.toMatch(/example\.test|ayos\.test|0917/);
    expect(entry).toMatchObject({ channel: 'webhook', recipient: id, eventType: 'coordinator.wedding.created', bookingId: booking.id });
    expect(entry.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent', httpStatus: 200, reply: 'ok', smtpCode: null })]);
    // A signature from another secret is refused by the same library: the check above can fail.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(request.body, request.headers as any)).toThrow();
  });

  it('retries a 500 and delivers once on the next attempt, with the same webhook-id on both', async () => {
    const c = await coordinator();
    const endpoint = await register(c);
    receiver.answer(endpoint.path, { status: 500, body: 'boom' }, { status: 204 });
    await n.book(c.id);
    const entry = await delivery(c, endpoint.id, 'sent', 2);
    expect(entry.attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'deferred', httpStatus: 500, reply: 'boom' }),
      expect.objectContaining({ attempt: 2, outcome: 'sent', httpStatus: 204, reply: '' }),
    ]);
    const requests = receiver.at(endpoint.path);
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([entry.messageId, entry.messageId]);
    expect(requests[1].body).toBe(requests[0].body);
    for (const request of requests) expect(verify(endpoint.secret, request).type).toBe('coordinator.wedding.created');
    // The jittered first delay (300 ms ± 20 %) lies between them.
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(240);
    // Back to health: not failing any more.
    expect((await api(c, 'GET', `/${endpoint.id}`)).body).toMatchObject({ enabled: true, failingSince: null });
  });

  it('disables the endpoint on a 410, emails the coordinator, and sends it nothing more', async () => {
    const c = await coordinator();
    const endpoint = await register(c, { description: 'old zap' });
    receiver.answer(endpoint.path, { status: 410, body: 'gone' });
    await n.book(c.id);
    const entry = await delivery(c, endpoint.id, 'failed', 1);
    expect(entry.attempts[0]).toMatchObject({ httpStatus: 410, outcome: 'rejected' });
    expect((await api(c, 'GET', `/${endpoint.id}`)).body).toMatchObject({ enabled: false, disabledReason: 'the receiver answered 410 Gone' });
    const host = new URL(receiver.url('/')).host;
    const email = await expectEventually(() => {
      const found = n.sink.receivedBy(c.email).filter((e) => e.subject?.includes('webhook'));
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(email.subject).toBe(`Your webhook endpoint ${host} was disabled`);
    expect(email.text).toContain('(old zap) was disabled: the receiver answered 410 Gone.');
    expect(email.text).not.toContain(endpoint.path);
    // The next wedding is not delivered to it.
    const second = await n.book(c.id);
    await expectEventually(async () => {
      const { rows } = await n.db.query(`SELECT 1 FROM notifications WHERE booking_id = $1 AND template = 'wedding-created'`, [second.id]);
      expect(rows).toHaveLength(1);
    });
    const { rows } = await n.db.query(`SELECT count(*)::int AS count FROM notifications WHERE channel = 'webhook' AND recipient = $1`, [endpoint.id]);
    expect(rows[0].count).toBe(1);
    expect(receiver.at(endpoint.path)).toHaveLength(1);
    // Turned back on, it is sent the next one.
    expect((await api(c, 'PATCH', `/${endpoint.id}`, { enabled: true })).body).toMatchObject({ enabled: true, disabledReason: null });
    await n.book(c.id);
    await expectEventually(() => expect(receiver.at(endpoint.path)).toHaveLength(2));
  });

  it('disables an endpoint that has only failed for WEBHOOK_DISABLE_AFTER_S (5 days), and emails the coordinator', async () => {
    const c = await coordinator();
    const endpoint = await register(c);
    receiver.answer(endpoint.path, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    // Failing since 5 days and a minute: the next failure ends it (the streak is the database's clock, as the check).
    await n.db.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '5 days 1 minute' WHERE id = $1`, [endpoint.id]);
    await n.book(c.id);
    const entry = await delivery(c, endpoint.id, 'pending', 1);
    expect(entry.attempts[0]).toMatchObject({ httpStatus: 503, outcome: 'deferred' });
    expect((await api(c, 'GET', `/${endpoint.id}`)).body).toMatchObject({ enabled: false, disabledReason: 'every delivery failed for 5 days' });
    await expectEventually(() => expect(n.sink.receivedBy(c.email).filter((e) => e.subject?.includes('was disabled'))).toHaveLength(1));
    // Its retry is not attempted: skipped.
    await expectEventually(async () => {
      const { rows } = await n.db.query(`SELECT status, attempts FROM notifications WHERE id = $1`, [entry.id]);
      expect(rows[0]).toEqual({ status: 'skipped', attempts: 1 });
    });
    expect(receiver.at(endpoint.path)).toHaveLength(1);
  });

  it('does not follow a redirect: the attempt fails and is retried', async () => {
    const c = await coordinator();
    const endpoint = await register(c);
    const elsewhere = `/elsewhere/${randomUUID()}`;
    receiver.answer(endpoint.path, { status: 302, headers: { location: receiver.url(elsewhere) } }, { status: 200 });
    await n.book(c.id);
    const entry = await delivery(c, endpoint.id, 'sent', 2);
    expect(entry.attempts[0]).toMatchObject({ outcome: 'deferred', httpStatus: 302, reply: 'a redirect (302) is not followed' });
    expect(receiver.at(elsewhere)).toEqual([]);
  });

  it('gives up on a slow receiver at WEBHOOK_TIMEOUT_MS and retries', async () => {
    const c = await coordinator();
    const endpoint = await register(c);
    receiver.answer(endpoint.path, { status: 200, delayMs: 2500 }, { status: 200 });
    await n.book(c.id);
    const entry = await delivery(c, endpoint.id, 'sent', 2);
    expect(entry.attempts[0]).toMatchObject({ outcome: 'deferred', httpStatus: null, reply: 'no answer within 1000 ms' });
    expect(entry.attempts[0].durationMs).toBeGreaterThanOrEqual(1000);
    expect(entry.attempts[0].durationMs).toBeLessThan(2500);
    expect(receiver.at(endpoint.path)).toHaveLength(2);
  });

  it('waits at least 60 s, or Retry-After, after a 429; a deleted endpoint’s waiting delivery is skipped', async () => {
    const c = await coordinator();
    const endpoint = await register(c);
    receiver.answer(endpoint.path, { status: 429, headers: { 'retry-after': '120' } });
    await n.book(c.id);
    const entry = await delivery(c, endpoint.id, 'pending', 1);
    expect(entry.attempts[0]).toMatchObject({ outcome: 'deferred', httpStatus: 429 });
    const waited = new Date(entry.nextAttemptAt).getTime() - new Date(entry.attempts[0].startedAt).getTime();
    expect(waited).toBeGreaterThanOrEqual(119_000);
    expect(waited).toBeLessThan(125_000);
    expect((await api(c, 'DELETE', `/${endpoint.id}`)).status).toBe(204);
    expect((await api(c, 'GET', `/${endpoint.id}`)).status).toBe(404);
    const { body } = await requestJson('GET', `${n.url}/api/notifications/${entry.id}`, undefined, auth(c));
    expect(body).toMatchObject({ status: 'skipped', lastError: 'not sent: the endpoint was deleted' });
  });

  it('keeps a paused endpoint’s deliveries waiting — neither skipped nor tried — and sends them in order once resumed', async () => {
    const c = await coordinator();
    const paused = await register(c, { events: ['coordinator.wedding.created'] });
    // Another endpoint of the coordinator, left on: its deliveries show when the dispatcher has had its chance.
    const marker = await register(c, { events: ['coordinator.wedding.created'] });
    // The first delivery fails, slowly: the endpoint is paused while it is in flight, and its retry falls in the pause.
    receiver.answer(paused.path, { status: 503, delayMs: 800 });
    const first = await n.book(c.id, { coupleName: 'First & One' });
    await expectEventually(() => expect(receiver.at(paused.path)).toHaveLength(1));
    expect(await api(c, 'PATCH', `/${paused.id}`, { enabled: false })).toMatchObject({
      status: 200,
      body: { enabled: false, paused: true, disabledReason: null },
    });
    const deliveryOf = (bookingId: string) =>
      n.db.query(`SELECT id, status, attempts, due_at FROM notifications WHERE recipient = $1 AND booking_id = $2`, [paused.id, bookingId]).then((r) => r.rows[0]);
    await expectEventually(async () => expect(await deliveryOf(first.id)).toMatchObject({ status: 'pending', attempts: 1 }));
    // Its retry falls due while paused.
    await expectEventually(async () => {
      const { rows } = await n.db.query(`SELECT due_at <= now() AS due FROM notifications WHERE recipient = $1 AND booking_id = $2`, [paused.id, first.id]);
      expect(rows[0].due).toBe(true);
    });
    // Two more weddings while paused: planned for it all the same.
    const second = await n.book(c.id, { coupleName: 'Second & Two' });
    const third = await n.book(c.id, { coupleName: 'Third & Three' });
    // The marker endpoint got the third wedding: by then every waiting delivery of the paused one was due, and passed over.
    await expectEventually(() => expect(receiver.at(marker.path).filter((r) => r.body.includes('Third & Three'))).toHaveLength(1), { timeoutMs: 20_000 });
    const waiting = await Promise.all([first, second, third].map((b) => deliveryOf(b.id)));
    expect(waiting.map((d) => [d.status, d.attempts])).toEqual([
      ['pending', 1],
      ['pending', 0],
      ['pending', 0],
    ]);
    expect(receiver.at(paused.path)).toHaveLength(1);
    expect((await api(c, 'GET', `/${paused.id}`)).body).toMatchObject({ enabled: false, paused: true, waitingDeliveries: 3 });

    // Long paused, with a failure from before: the pause does not count towards WEBHOOK_DISABLE_AFTER_S.
    await n.db.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '6 days' WHERE id = $1`, [paused.id]);
    expect((await api(c, 'PATCH', `/${paused.id}`, { enabled: true })).body).toMatchObject({ enabled: true, paused: false });
    await expectEventually(() => expect(receiver.at(paused.path)).toHaveLength(4), { timeoutMs: 20_000 });
    const calls = receiver.at(paused.path).slice(1).map((r) => JSON.parse(r.body).data.bookingId);
    expect(calls).toEqual([first.id, second.id, third.id]);
    await expectEventually(async () => {
      const sent = await Promise.all([first, second, third].map((b) => deliveryOf(b.id)));
      expect(sent.map((d) => [d.status, d.attempts])).toEqual([
        ['sent', 2],
        ['sent', 1],
        ['sent', 1],
      ]);
    });
    expect((await api(c, 'GET', `/${paused.id}`)).body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null, waitingDeliveries: 0 });
  });

  it('keeps one request in flight per endpoint', async () => {
    const c = await coordinator();
    const endpoint = await register(c);
    receiver.answer(endpoint.path, ...Array.from({ length: 4 }, () => ({ status: 200, delayMs: 150 })));
    await Promise.all([1, 2, 3, 4].map(() => n.book(c.id)));
    await expectEventually(() => expect(receiver.at(endpoint.path)).toHaveLength(4), { timeoutMs: 20_000 });
    expect(receiver.maxInFlight.get(endpoint.path)).toBe(1);
  });

  it.each([
    ['https://10.0.0.1/hook', 'url is refused: 10.0.0.1 is a private address'],
    ['https://169.254.169.254/latest/meta-data/', 'url is refused: 169.254.169.254 is a linkLocal address'],
    ['https://[::1]/hook', 'url is refused: ::1 is a loopback address'],
    ['https://[fd00::1]/hook', 'url is refused: fd00::1 is a uniqueLocal address'],
    ['https://localhost/hook', "url's host localhost is not a public host"],
    ['http://api.localhost:8080/hook', "url's host api.localhost is not a public host"],
    ['https://intranet.wedding.test/hook', 'url is refused: 10.20.30.40 is a private address (intranet.wedding.test resolves to it)'],
    ['https://dual.wedding.test/hook', 'url is refused: 192.168.0.9 is a private address (dual.wedding.test resolves to it)'],
    ['http://public.wedding.test/hook', 'url is refused: plain http is allowed only to WEBHOOK_ALLOWED_PRIVATE_TARGETS; use https'],
    ['https://nowhere.invalid/hook', "url's host nowhere.invalid does not resolve"],
    ['ftp://public.wedding.test/hook', 'url must be an https URL'],
    ['hooks.example.com/x', 'url must be an absolute https URL'],
  ])('refuses to register %s', async (url, message) => {
    names.set('intranet.wedding.test', ['10.20.30.40']);
    names.set('dual.wedding.test', ['93.184.216.34', '192.168.0.9']);
    names.set('public.wedding.test', ['93.184.216.34']);
    const c = await coordinator();
    const response = await api(c, 'POST', '', { url });
    expect(response).toMatchObject({ status: 400, body: { message } });
    expect((await api(c, 'GET', '')).body).toEqual([]);
  });

  it('checks the input of every field', async () => {
    const c = await coordinator();
    for (const [body, message] of [
      [{}, 'url must be a string'],
      [{ url: receiver.url('/x'), events: ['booking.created'] }, 'each value in events must be one of'],
      [{ url: receiver.url('/x'), events: [] }, 'events must contain at least 1 elements'],
      [{ url: receiver.url('/x'), format: 'teams' }, 'format must be one of the following values: standard, slack'],
      [{ url: receiver.url('/x'), secret: 'whsec_mine' }, 'property secret should not exist'],
    ] as const) {
      const response = await api(c, 'POST', '', body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(message);
    }
    expect((await api(c, 'GET', '/not-a-uuid')).status).toBe(400);
    const endpoint = await register(c);
    expect(await api(c, 'PATCH', `/${endpoint.id}`, { url: 'https://10.0.0.1/' })).toMatchObject({ status: 400 });
    expect(await api(c, 'PATCH', `/${endpoint.id}`, { enabled: 'yes' })).toMatchObject({ status: 400 });
  });

  it('refuses at connection time a name that resolved publicly at registration and privately later', async () => {
    const c = await coordinator();
    names.set('rebinding.wedding.test', ['93.184.216.34']);
    const created = await api(c, 'POST', '', { url: 'https://rebinding.wedding.test/hook' });
    expect(created.status).toBe(201);
    names.set('rebinding.wedding.test', ['10.0.0.1']);
    await n.book(c.id);
    const entry = await delivery(c, created.body.id, 'pending', 1);
    expect(entry.attempts[0]).toMatchObject({ outcome: 'deferred', httpStatus: null, reply: 'refused: 10.0.0.1 is a private address' });
    await api(c, 'DELETE', `/${created.body.id}`);
  });

  it("shows another coordinator's endpoints to no one else", async () => {
    const [owner, other] = [await coordinator(), await coordinator()];
    const endpoint = await register(owner);
    await n.book(owner.id);
    const entry = await delivery(owner, endpoint.id, 'sent', 1);
    expect((await api(other, 'GET', '')).body).toEqual([]);
    for (const [method, path, body] of [
      ['GET', `/${endpoint.id}`],
      ['PATCH', `/${endpoint.id}`, { enabled: false }],
      ['POST', `/${endpoint.id}/rotate-secret`],
      ['GET', `/${endpoint.id}/deliveries`],
      ['DELETE', `/${endpoint.id}`],
    ] as const) {
      expect((await api(other, method, path, body)).status).toBe(404);
    }
    expect((await requestJson('POST', `${n.url}/api/notifications/${entry.id}/resend`, undefined, auth(other))).status).toBe(404);
    expect((await api(owner, 'GET', `/${endpoint.id}`)).body).toMatchObject({ enabled: true });
    expect((await requestJson('GET', `${n.url}/api/notifications/webhooks`)).status).toBe(401);
  });

  it('lists the attempts of an endpoint, and resends a delivery with a webhook-id of its own', async () => {
    const c = await coordinator();
    const endpoint = await register(c);
    receiver.answer(endpoint.path, { status: 502, body: 'x'.repeat(10_000) }, { status: 200, body: 'thanks' });
    await n.book(c.id);
    const entry = await delivery(c, endpoint.id, 'sent', 2);
    const { body } = await api(c, 'GET', `/${endpoint.id}/deliveries`);
    expect(body.items).toEqual([
      expect.objectContaining({ notificationId: entry.id, webhookId: entry.messageId, attempt: 2, httpStatus: 200, reply: 'thanks', durationMs: expect.any(Number) }),
      expect.objectContaining({ notificationId: entry.id, attempt: 1, httpStatus: 502, outcome: 'deferred', startedAt: expect.any(String) }),
    ]);
    expect(body.items[1].reply).toBe('x'.repeat(4096));
    const resent = await requestJson('POST', `${n.url}/api/notifications/${entry.id}/resend`, undefined, auth(c));
    expect(resent).toMatchObject({ status: 202, body: { resendOf: entry.id, channel: 'webhook', recipient: endpoint.id } });
    expect(resent.body.messageId).not.toBe(entry.messageId);
    await expectEventually(() => expect(receiver.at(endpoint.path)).toHaveLength(3));
    const last = receiver.at(endpoint.path)[2];
    expect(last.headers['webhook-id']).toBe(resent.body.messageId);
    expect(last.body).toBe(receiver.at(endpoint.path)[0].body);
    expect(verify(endpoint.secret, last).type).toBe('coordinator.wedding.created');
  });

  it('signs with both secrets for 24 hours after a rotation', async () => {
    const c = await coordinator();
    const endpoint = await register(c);
    const rotated = await api(c, 'POST', `/${endpoint.id}/rotate-secret`);
    expect(rotated).toMatchObject({ status: 200, body: { id: endpoint.id, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) } });
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const overlap = new Date(rotated.body.previousSecretExpiresAt).getTime() - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
    await n.book(c.id);
    await expectEventually(() => expect(receiver.at(endpoint.path)).toHaveLength(1));
    const [request] = receiver.at(endpoint.path);
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(rotated.body.secret, request).type).toBe('coordinator.wedding.created');
    expect(verify(endpoint.secret, request).type).toBe('coordinator.wedding.created');
    // Past the overlap, only the new secret signs.
    await n.db.query(`UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [endpoint.id]);
    await n.book(c.id);
    await expectEventually(() => expect(receiver.at(endpoint.path)).toHaveLength(2));
    const after = receiver.at(endpoint.path)[1];
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verify(endpoint.secret, after)).toThrow();
    expect(verify(rotated.body.secret, after)).toBeTruthy();
  });

  it('sends a Slack endpoint a short unsigned text, and only the event types it asked for', async () => {
    const c = await coordinator();
    const slack = await register(c, { format: 'slack', events: ['coordinator.wedding.created'] });
    const failuresOnly = await register(c, { events: ['coordinator.integration.failed'] });
    await n.book(c.id, { coupleName: 'Ana & Ben' });
    await expectEventually(() => expect(receiver.at(slack.path)).toHaveLength(1));
    const [request] = receiver.at(slack.path);
    expect(JSON.parse(request.body)).toEqual({ text: expect.stringMatching(/^New wedding: Ana &amp; Ben on Saturday, 15 June 2030 \(\d+ milestones\)$/) });
    expect(request.headers).not.toHaveProperty('webhook-signature');
    const { rows } = await n.db.query(`SELECT count(*)::int AS count FROM notifications WHERE recipient = $1`, [failuresOnly.id]);
    expect(rows[0].count).toBe(0);
    expect(receiver.at(failuresOnly.path)).toEqual([]);
  });

  it('delivers a failed integration once, however often its event arrives, without the contact details', async () => {
    const c = await coordinator();
    const endpoint = await register(c, { events: ['coordinator.integration.failed'] });
    const failed = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      bookingId: randomUUID(),
      coordinatorId: c.id,
      reason: 'duplicate key value violates unique constraint "x"',
      reasonCode: 'invalid_booking',
      attempts: 4,
      coordinatorEmail: c.email,
      coupleName: 'Ana & Ben',
      eventDate: '2031-02-14',
      contactEmail: `ana.ben-${randomUUID()}@example.test`,
      contactPhone: '0917 555 0100',
    } satisfies Partial<CoordinatorIntegrationFailed>;
    // Settled deliveries of this type, all instances of the suite being this one.
    const consumed = async () =>
      metricValue(await (await fetch(`${n.url}/metrics`)).text(), 'messages_consumed_total', { type: CoordinatorIntegrationFailed.type });
    const before = await consumed();
    // Published twice, as a relay that crashed before marking it sent would.
    await withBrokerChannel(testAmqpUrl(), async (channel) => {
      for (let i = 0; i < 2; i++) {
        channel.publish(n.system.coordinatorConfig.coordinatorExchange, CoordinatorIntegrationFailed.type, Buffer.from(JSON.stringify(failed)), {
          messageId: failed.eventId,
          type: CoordinatorIntegrationFailed.type,
          persistent: true,
          contentType: 'application/json',
          headers: { [VERSION_HEADER]: String(CoordinatorIntegrationFailed.version) },
        });
      }
      await channel.waitForConfirms();
    });
    await expectEventually(() => expect(receiver.at(endpoint.path)).toHaveLength(1));
    const [request] = receiver.at(endpoint.path);
    expect(verify(endpoint.secret, request)).toEqual({
      type: 'coordinator.integration.failed',
      timestamp: failed.occurredAt,
      data: {
        coordinatorId: c.id,
        bookingId: failed.bookingId,
        coupleName: 'Ana & Ben',
        weddingDate: '2031-02-14',
        reasonCode: 'invalid_booking',
        attempts: 4,
      },
    });
    expect(request.body).not.toMatch(/example\.test|0917|duplicate key/);
    // Both copies were consumed (the second found the inbox record), and still one delivery.
    await expectEventually(async () => expect(await consumed()).toBe(before + 2));
    const { rows } = await n.db.query(`SELECT count(*)::int AS count FROM notifications WHERE channel = 'webhook' AND event_id = $1`, [failed.eventId]);
    expect(rows[0].count).toBe(1);
  });

  it('delivers a due milestone reminder as coordinator.milestone.due, once per reminder', async () => {
    const c = await coordinator();
    const endpoint = await register(c, { events: ['coordinator.milestone.due'] });
    const other = await register(c, { events: ['coordinator.wedding.created'] });
    const reminder: DueReminder = {
      reminderId: randomUUID(),
      coordinatorId: c.id,
      weddingId: randomUUID(),
      milestoneId: randomUUID(),
      milestoneTitle: 'Book the photographer',
      dueDate: '2030-03-17',
      weddingDate: '2030-06-15',
      coupleName: 'John & Jane',
      kind: 'lead',
      late: true,
      scheduledFor: new Date('2030-03-14T01:00:00Z'),
      firedAt: new Date('2030-03-14T01:00:00Z'),
    };
    const channel = n.app.get(WebhookReminderChannel);
    const dataSource = n.app.get(DataSource);
    expect(await dataSource.transaction((em) => channel.plan(em, reminder))).toBe(1);
    // Fired twice (a crash between claim and commit): planned once.
    expect(await dataSource.transaction((em) => channel.plan(em, reminder))).toBe(0);
    channel.wake();
    await expectEventually(() => expect(receiver.at(endpoint.path)).toHaveLength(1));
    expect(verify(endpoint.secret, receiver.at(endpoint.path)[0])).toEqual({
      type: 'coordinator.milestone.due',
      timestamp: '2030-03-14T01:00:00.000Z',
      data: {
        reminderId: reminder.reminderId,
        coordinatorId: c.id,
        weddingId: reminder.weddingId,
        coupleName: 'John & Jane',
        weddingDate: '2030-06-15',
        milestone: { id: reminder.milestoneId, title: 'Book the photographer', dueDate: '2030-03-17' },
        kind: 'lead',
        late: true,
      },
    });
    expect(receiver.at(other.path)).toEqual([]);
  });
});
