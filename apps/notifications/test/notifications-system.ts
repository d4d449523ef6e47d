// The bookings, coordinator and notification services in this process, on their own databases and broker names, with
// an SMTP server of the test's own (SmtpSink): real HTTP, AMQP, SQL and SMTP throughout.
import { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { loadConfig } from '@wedding/infrastructure';
import { deleteTopologies, dropDatabases, expectEventually, FakeSmsProvider, mintToken, requestJson, SmtpSink, testAmqpUrl } from '@wedding/testing';
import { startTestSystem, TestSystem, TestSystemOverrides } from '../../coordinator/test/test-system';
import { NotificationsConfig } from '../src/config';
import { Clock } from '../src/clock';
import { startNotificationsApp } from '../src/notifications-app';
import { codeInText } from '../src/sms/confirmation-code';
import { notificationsTopology } from '../src/topology';

export const DASHBOARD_URL = 'http://127.0.0.1:3002/dashboard/';

export interface NotificationsSystem {
  system: TestSystem;
  sink: SmtpSink;
  config: NotificationsConfig;
  /** The first instance (for its providers: the webhook host resolver, the clock a test replaces), and its address. */
  app: INestApplication;
  url: string;
  db: Pool;
  /** Another instance on the same database and queue. */
  startInstance(): Promise<INestApplication>;
  /** A coordinator (vendor) of the bookings service, with its token for the delivery log. */
  createCoordinator(name: string, email?: string): Promise<{ id: string; token: string }>;
  book(vendorId: string, fields?: Record<string, unknown>): Promise<{ id: string }>;
  /**
   * Turns SMS on with `phone` (as typed) in the coordinator's settings, and confirms the number as its owner would:
   * with the code `provider` received for it. Answers the settings.
   */
  optInSms(who: { token: string }, phone: string, provider: FakeSmsProvider): Promise<Record<string, any>>;
  /** A notification's delivery log entry, as its coordinator reads it. */
  logEntry(who: { token: string }, id: string): Promise<any>;
  /** The entry once it is `status` with no attempt left open: every sender that took it has recorded. */
  settled(who: { token: string }, id: string, status: string, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

/** The codes a number received, oldest first. */
export const codesTexted = (provider: FakeSmsProvider, e164: string, sinceRequest = 0) =>
  provider.requestsFor(e164.replace(/^\+/, ''), sinceRequest).map((r) => codeInText(r.message ?? '')).filter((code): code is string => code !== undefined);

/** What a number received besides confirmation codes. */
export const textsBesidesCodes = (provider: FakeSmsProvider, e164: string) =>
  provider.acceptedFor(e164.replace(/^\+/, '')).filter((r) => codeInText(r.message ?? '') === undefined);

export async function startNotificationsSystem(
  label: string,
  overrides: Partial<NotificationsConfig> = {},
  /** `clock`: the time the instances' reminders go by; `system`: the other two services' settings changed. */
  { clock, system: systemOverrides }: { clock?: Clock; system?: TestSystemOverrides } = {},
): Promise<NotificationsSystem> {
  const system = await startTestSystem(label, systemOverrides);
  const sink = await SmtpSink.start();
  const { coordinatorConfig } = system;
  const prefix = coordinatorConfig.coordinatorExchange.replace(/\.coordinator\.events$/, '');
  const config = loadConfig(
    NotificationsConfig,
    {},
    {
      port: 0,
      databaseUrl: coordinatorConfig.databaseUrl.replace(/_coordinator$/, '_notifications'),
      amqpUrl: testAmqpUrl(),
      coordinatorExchange: coordinatorConfig.coordinatorExchange,
      notificationsQueue: `${prefix}.notifications.coordinator-events`,
      consumerRetryDelaysMs: [200, 400],
      smtpUrl: sink.url,
      mailFrom: 'Wedding Coordinator <notifications@wedding.test>',
      dashboardUrl: DASHBOARD_URL,
      emailRetryDelaysMs: [300, 600, 1200],
      emailPollIntervalMs: 100,
      smtpTimeoutMs: 2000,
      rateLimitPerMinute: 0,
      ...overrides,
    },
  );
  const instances: INestApplication[] = [];
  const startInstance = async () => {
    const app = await startNotificationsApp(config, { logger: ['error'], clock });
    instances.push(app);
    const url = await app.getUrl();
    // Ready once it consumes: a booking made next must find the queue bound.
    await expectEventually(async () => expect((await requestJson('GET', `${url}/health/ready`)).status).toBe(200), {
      timeoutMs: 30_000,
    });
    return app;
  };
  const first = await startInstance();
  const db = new Pool({ connectionString: config.databaseUrl, max: 3 });
  const url = await first.getUrl();
  const logEntry = async (who: { token: string }, id: string) =>
    (await requestJson('GET', `${url}/api/notifications/${id}`, undefined, { authorization: `Bearer ${who.token}` })).body;

  return {
    system,
    sink,
    config,
    app: first,
    url,
    db,
    startInstance,
    async createCoordinator(name, email) {
      const response = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
        businessName: name,
        businessType: 'Wedding Coordination',
        ...(email ? { email, phone: '+63 917 000 0000' } : {}),
      });
      expect(response.status).toBe(201);
      return { id: response.body.id as string, token: await mintToken(response.body.id) };
    },
    async book(vendorId, fields = {}) {
      const response = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
        vendorId,
        serviceType: 'Wedding Coordination',
        coupleName: 'John & Jane',
        contactPhone: '0917 123 4567',
        eventDate: '2030-06-15',
        eventLocation: 'Manila Cathedral',
        guestCount: 150,
        budgetRange: '50k-100k',
        ...fields,
      });
      expect(response.status).toBe(201);
      return response.body.booking as { id: string };
    },
    async optInSms(who, phone, provider) {
      const auth = { authorization: `Bearer ${who.token}` };
      const settings = { email: { enabled: true, address: null }, coupleConfirmation: { enabled: true }, sms: { enabled: true, phone } };
      // A number opted in before already holds a spent code: only one texted after this save counts.
      const codesBefore = provider.requests.length;
      const saved = await requestJson('PUT', `${url}/api/notifications/settings`, settings, auth);
      expect(saved).toMatchObject({ status: 200, body: { sms: { enabled: false, state: 'unconfirmed' } } });
      const e164 = saved.body.sms.phone as string;
      const code = await expectEventually(() => {
        const codes = codesTexted(provider, e164, codesBefore);
        expect(codes.length).toBeGreaterThan(0);
        return codes[codes.length - 1];
      });
      const confirmed = await requestJson('POST', `${url}/api/notifications/sms/confirm`, { code }, auth);
      expect(confirmed).toMatchObject({ status: 200, body: { sms: { enabled: true, phone: e164, state: 'opted-in' } } });
      return confirmed.body;
    },
    logEntry,
    settled(who, id, status, timeoutMs = 20_000) {
      return expectEventually(
        async () => {
          const entry = await logEntry(who, id);
          expect(entry.status).toBe(status);
          expect(entry.attempts.every((a: { outcome: string }) => a.outcome !== 'sending')).toBe(true);
          return entry;
        },
        { timeoutMs },
      );
    },
    async close() {
      for (const app of instances) await app.close();
      await db.end();
      await sink.stop();
      await system.close();
      await deleteTopologies(notificationsTopology(config));
      await dropDatabases(config.databaseUrl);
    },
  };
}
