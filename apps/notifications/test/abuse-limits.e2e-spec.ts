// The limits that keep a coordinator's token (or a script with one) from making the service spam anyone, through real
// HTTP and PostgreSQL with two instances on one database: resends per notification and per coordinator, confirmation
// codes per coordinator and per number, webhook endpoints per coordinator (concurrent registrations at the cap), and
// the HTTP rate limit per client address — all counted in the database, so a second replica does not double them —
// and that limiter letting requests through, saying so once, while its database is away.
import { INestApplication, LoggerService } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { randomInt, randomUUID } from 'node:crypto';
import { PostgresThrottlerStorage } from '@wedding/infrastructure';
import { expectEventually, FakeSmsProvider, requestJson, TcpProxy } from '@wedding/testing';
import { NotificationsConfig } from '../src/config';
import { startNotificationsApp } from '../src/notifications-app';
import { codesTexted, NotificationsSystem, startNotificationsSystem } from './notifications-system';

type Coordinator = { id: string; token: string };

describe('notification service: abuse limits across replicas', () => {
  let n: NotificationsSystem;
  let provider: FakeSmsProvider;
  /** The second instance, on the same database. */
  let second: INestApplication;
  let urls: [string, string];

  const auth = (c: Coordinator) => ({ authorization: `Bearer ${c.token}` });
  const coordinator = () => n.createCoordinator(`Limits ${randomUUID().slice(0, 8)}`, `desk-${randomUUID()}@ayos.test`);
  /** `on`: which instance answers, 0 or 1. */
  const call = (on: 0 | 1, method: 'GET' | 'POST' | 'PUT', path: string, c: Coordinator, body?: unknown) =>
    fetch(`${urls[on]}${path}`, {
      method,
      headers: { ...auth(c), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any }));

  beforeAll(async () => {
    provider = await FakeSmsProvider.start();
    n = await startNotificationsSystem('limits', {
      resendMaxPerNotificationPerHour: 2,
      resendMaxPerCoordinatorPerHour: 3,
      webhookMaxEndpointsPerCoordinator: 3,
      webhookAllowedPrivateTargets: '127.0.0.1/32',
      smsProviderUrl: provider.url,
      smsPollIntervalMs: 100,
      // The real clock here, whatever the hour.
      smsQuietHours: 'off',
      smsConfirmationsPerHour: 3,
      smsConfirmationsPerNumberPerDay: 4,
    });
    second = await n.startInstance();
    urls = [n.url, await second.getUrl()];
  });

  afterAll(async () => {
    await n?.close();
    await provider?.stop();
  });

  describe('resends', () => {
    /** Waits for a notification (and every resend of it) to be sent: a pending one would refuse the next resend (409). */
    const sent = (id: string) =>
      expectEventually(async () => {
        const { rows } = await n.db.query(`SELECT status FROM notifications WHERE id = $1 OR resend_of = $1`, [id]);
        expect(rows.every((r) => r.status === 'sent')).toBe(true);
      });

    it('refuses a resend beyond the per-notification and per-coordinator limits, on either instance, saying which and when', async () => {
      const c = await coordinator();
      const booking = await n.book(c.id, { contactEmail: `couple-${randomUUID()}@example.test` });
      const [toCoordinator, toCouple] = await expectEventually(async () => {
        const { rows } = await n.db.query(`SELECT id FROM notifications WHERE booking_id = $1 AND status = 'sent' ORDER BY template DESC`, [booking.id]);
        expect(rows).toHaveLength(2);
        return rows.map((r) => r.id as string);
      });
      const resend = (on: 0 | 1, id: string) => call(on, 'POST', `/api/notifications/${id}/resend`, c);

      // RESEND_MAX_PER_NOTIFICATION_PER_HOUR = 2: one resend on each instance, then the third is refused by both.
      expect((await resend(0, toCoordinator)).status).toBe(202);
      await sent(toCoordinator);
      expect((await resend(1, toCoordinator)).status).toBe(202);
      await sent(toCoordinator);
      for (const on of [0, 1] as const) {
        const refused = await resend(on, toCoordinator);
        expect(refused).toMatchObject({
          status: 429,
          body: {
            statusCode: 429,
            error: 'Too Many Requests',
            limit: 'per-notification',
            message: expect.stringMatching(
              /^this notification was resent 2 times in the last hour, the most allowed \(RESEND_MAX_PER_NOTIFICATION_PER_HOUR = 2\); it can be resent again in (59|60) min$/,
            ),
          },
        });
        // Free in an hour from the first resend: Retry-After and retryAt say when.
        expect(Number(refused.retryAfter)).toBeGreaterThan(3500);
        expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3600);
        expect(Math.abs(Date.parse(refused.body.retryAt) - Date.now() - Number(refused.retryAfter) * 1000)).toBeLessThan(5000);
      }

      // RESEND_MAX_PER_COORDINATOR_PER_HOUR = 3: another notification may be resent once more, then none.
      expect((await resend(1, toCouple)).status).toBe(202);
      await sent(toCouple);
      expect(await resend(0, toCouple)).toMatchObject({
        status: 429,
        body: { limit: 'per-coordinator', message: expect.stringMatching(/^you resent 3 notifications in the last hour, the most allowed \(RESEND_MAX_PER_COORDINATOR_PER_HOUR = 3\)/) },
      });
      const { rows } = await n.db.query(`SELECT count(*)::int AS count FROM notifications WHERE coordinator_id = $1 AND resend_of IS NOT NULL`, [c.id]);
      expect(rows[0].count).toBe(3);

      // An hour later (the resends' times moved back), it frees.
      await n.db.query(`UPDATE notifications SET created_at = created_at - interval '61 minutes' WHERE coordinator_id = $1 AND resend_of IS NOT NULL`, [c.id]);
      expect((await resend(1, toCoordinator)).status).toBe(202);
    });
  });

  describe('confirmation codes', () => {
    const phone = () => `0917${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const settings = (number: string) => ({ email: { enabled: true, address: null }, coupleConfirmation: { enabled: true }, sms: { enabled: true, phone: number } });

    it('are limited per coordinator and per number, counted across the instances', async () => {
      const number = phone();
      const e164 = `+63${number.slice(1)}`;
      const first = await coordinator();
      // SMS_CONFIRMATIONS_PER_HOUR = 3: the settings' code, then two more asked on either instance.
      expect((await call(0, 'PUT', '/api/notifications/settings', first, settings(number))).status).toBe(200);
      expect((await call(1, 'POST', '/api/notifications/sms/confirmation', first)).status).toBe(202);
      expect((await call(0, 'POST', '/api/notifications/sms/confirmation', first)).status).toBe(202);
      const refused = await call(1, 'POST', '/api/notifications/sms/confirmation', first);
      expect(refused).toMatchObject({
        status: 429,
        body: { limit: 'per-coordinator', message: expect.stringMatching(/^you asked for 3 confirmation codes in the last hour, the most allowed \(SMS_CONFIRMATIONS_PER_HOUR = 3\); you can ask again in (59|60) min$/) },
      });
      expect(Number(refused.retryAfter)).toBeGreaterThan(3500);

      // SMS_CONFIRMATIONS_PER_NUMBER_PER_DAY = 4: another coordinator saving the same number gets the fourth, not a fifth
      // — and a settings save that would need a code beyond it saves nothing.
      const other = await coordinator();
      expect((await call(1, 'PUT', '/api/notifications/settings', other, settings(number))).status).toBe(200);
      const beyond = await call(0, 'POST', '/api/notifications/sms/confirmation', other);
      expect(beyond).toMatchObject({
        status: 429,
        body: { limit: 'per-number', message: expect.stringMatching(/^this number was sent 4 confirmation codes in the last 24 hours, the most allowed \(SMS_CONFIRMATIONS_PER_NUMBER_PER_DAY = 4\)/) },
      });
      expect(Number(beyond.retryAfter)).toBeGreaterThan(86_000);
      const third = await coordinator();
      const save = await call(1, 'PUT', '/api/notifications/settings', third, settings(number));
      expect(save).toMatchObject({ status: 429, body: { limit: 'per-number' } });
      expect((await call(0, 'GET', '/api/notifications/settings', third)).body.sms).toMatchObject({ state: 'off', phone: null });
      // Four requests, four SMS planned; the last one's code goes out (one replaced before its turn is skipped, not sent).
      const { rows } = await n.db.query(`SELECT count(*)::int AS count FROM notifications WHERE recipient = $1 AND template = 'sms-confirmation'`, [e164]);
      expect(rows[0].count).toBe(4);
      await expectEventually(async () => expect((await call(1, 'GET', '/api/notifications/settings', other)).body.sms.confirmation).toMatchObject({ status: 'sent' }));
      expect(codesTexted(provider, e164).length).toBeLessThanOrEqual(4);
    });
  });

  describe('webhook endpoints', () => {
    it('are capped per coordinator: of concurrent registrations at the cap on both instances, exactly one passes', async () => {
      const c = await coordinator();
      const register = (on: 0 | 1) => call(on, 'POST', '/api/notifications/webhooks', c, { url: `http://127.0.0.1:9/hooks/${randomUUID()}` });
      expect((await register(0)).status).toBe(201);
      expect((await register(1)).status).toBe(201);
      // WEBHOOK_MAX_ENDPOINTS_PER_COORDINATOR = 3, two registered: six at once, three on each instance, race for the last.
      const answers = await Promise.all(([0, 1, 0, 1, 0, 1] as const).map(register));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const refused of answers.filter((a) => a.status === 409)) {
        expect(refused.body.message).toBe('you have 3 webhook endpoints, the most allowed (WEBHOOK_MAX_ENDPOINTS_PER_COORDINATOR = 3); delete one to add another');
      }
      const { rows } = await n.db.query(`SELECT count(*)::int AS count FROM webhook_endpoints WHERE coordinator_id = $1`, [c.id]);
      expect(rows[0].count).toBe(3);
      // Another coordinator has a cap of its own.
      const other = await coordinator();
      expect((await call(1, 'POST', '/api/notifications/webhooks', other, { url: 'http://127.0.0.1:9/hooks/other' })).status).toBe(201);
      // One deleted, one can be added.
      const [endpoint] = (await call(0, 'GET', '/api/notifications/webhooks', c)).body;
      expect((await requestJson('DELETE', `${urls[1]}/api/notifications/webhooks/${endpoint.id}`, undefined, auth(c))).status).toBe(204);
      expect((await register(0)).status).toBe(201);
    });
  });

  describe('the HTTP rate limit', () => {
    /** An instance with RATE_LIMIT_PER_MINUTE set (and other settings), on the system's database or through `databaseUrl`. */
    const limitedInstance = (overrides: Partial<NotificationsConfig>, logger?: LoggerService) =>
      startNotificationsApp({ ...n.config, port: 0, ...overrides } as NotificationsConfig, { logger: logger ?? ['error'] });

    it('holds across replicas: one bucket per client address in the shared database', async () => {
      // Every request here comes from 127.0.0.1: start with its bucket unspent.
      await n.db.query(`DELETE FROM rate_limit_buckets`);
      const [a, b] = [await limitedInstance({ rateLimitPerMinute: 6 }), await limitedInstance({ rateLimitPerMinute: 6 })];
      try {
        const c = await coordinator();
        const get = async (app: INestApplication, path = '/api/notifications/settings') => {
          const response = await fetch(`${await app.getUrl()}${path}`, { headers: auth(c) });
          return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
        };
        const statuses = [];
        for (const app of [a, b, a, b, a, b]) statuses.push((await get(app)).status);
        expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
        // The seventh request of this address, on either replica: each has seen only three.
        for (const app of [a, b]) {
          const refused = await get(app, '/api/notifications');
          expect(refused.status).toBe(429);
          expect(Number(refused.retryAfter)).toBeGreaterThan(0);
          expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/^too many requests from this address; try again in \d+ s$/) });
        }
        // Never limited.
        for (const app of [a, b]) expect((await fetch(`${await app.getUrl()}/health/live`)).status).toBe(200);
        const { rows } = await n.db.query(`SELECT hits FROM rate_limit_buckets`);
        expect(rows).toEqual([{ hits: 7 }]);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('sweeps the buckets whose window and block are over, and only those', async () => {
      await n.db.query(`DELETE FROM rate_limit_buckets`);
      await n.db.query(
        `INSERT INTO rate_limit_buckets (key, hits, window_ends_at, blocked_until) VALUES
           ('over', 3, now() - interval '1 second', NULL),
           ('blocked-over', 9, now() - interval '1 minute', now() - interval '1 second'),
           ('open', 2, now() + interval '1 minute', NULL),
           ('still-blocked', 9, now() - interval '1 second', now() + interval '30 seconds')`,
      );
      const app = await limitedInstance({ rateLimitPerMinute: 100 });
      try {
        const storage = app.get<PostgresThrottlerStorage>(ThrottlerStorage);
        await storage.sweep();
        const { rows } = await n.db.query(`SELECT key FROM rate_limit_buckets ORDER BY key`);
        expect(rows.map((r) => r.key)).toEqual(['open', 'still-blocked']);
      } finally {
        await app.close();
      }
    });

    it('lets requests through while its database is away, warning once, and limits again once it is back', async () => {
      await n.db.query(`DELETE FROM rate_limit_buckets`);
      const warnings: string[] = [];
      const logger: LoggerService = {
        log: (message: unknown) => warnings.push(`log ${JSON.stringify(message)}`),
        warn: (message: unknown) => warnings.push(`warn ${JSON.stringify(message)}`),
        error: () => undefined,
      };
      const target = new URL(n.config.databaseUrl);
      const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      const app = await limitedInstance({ rateLimitPerMinute: 1000, databaseUrl: proxy.url(n.config.databaseUrl) }, logger);
      const url = await app.getUrl();
      const limiterLines = (level: string) => warnings.filter((w) => w.startsWith(level) && w.includes('rate limit'));
      const c = await coordinator();
      /** A limited route that needs no database of its own: the consent text. */
      const consentText = async () => (await fetch(`${url}/api/notifications/settings/sms-consent`, { headers: auth(c) })).status;
      try {
        expect(await consentText()).toBe(200);
        const { rows: counted } = await n.db.query(`SELECT hits FROM rate_limit_buckets`);
        expect(counted).toHaveLength(1);
        proxy.cutOff();
        // A route that needs no database answers as usual; one that does says the database is away (503) — no 500s.
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push(await consentText());
        expect(statuses).toEqual([200, 200, 200, 200, 200]);
        expect((await fetch(`${url}/api/notifications/settings`, { headers: auth(c) })).status).toBe(503);
        expect(limiterLines('warn')).toEqual([expect.stringContaining('rate limit not enforced: its database does not answer')]);

        proxy.restore();
        // Within the retry interval after the last failure (5 s), the limiter asks its database again.
        await expectEventually(
          async () => {
            expect(await consentText()).toBe(200);
            expect(limiterLines('log')).toEqual([expect.stringContaining('rate limit enforced again')]);
          },
          { timeoutMs: 15_000 },
        );
        expect(limiterLines('warn')).toHaveLength(1);
        // Counted again.
        const { rows: after } = await n.db.query(`SELECT hits FROM rate_limit_buckets`);
        expect(after[0].hits).toBeGreaterThan(counted[0].hits);
      } finally {
        proxy.restore();
        await app.close();
        await proxy.close();
      }
    });
  });
});
