// No secret reaches a trace: the three services as their own processes (their instrumentation loaded first, as in
// production) export every span to a test OTLP receiver while the test uses each credential the services know — a
// calendar feed's address before and after its rotation, webhook signing secrets at creation and rotation (and a
// delivery signed with both), a coordinator's bearer token, the SMS callback's secret in its header and its query,
// METRICS_TOKEN — and then searches every exported span (name, attributes, status, events) for any of them.
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '@wedding/infrastructure';
import {
  buildServices,
  databaseUrl,
  deleteTopologies,
  dropDatabases,
  expectEventually,
  mintToken,
  OtlpReceiver,
  requestJson,
  ServiceProcess,
  SmtpSink,
  testAmqpUrl,
  uniquePrefix,
} from '@wedding/testing';
import { BookingsConfig } from '../../bookings/src/config';
import { bookingsTopology } from '../../bookings/src/topology';
import { NotificationsConfig } from '../../notifications/src/config';
import { notificationsTopology } from '../../notifications/src/topology';
import { WebhookReceiver } from '../../notifications/test/webhook-receiver';
import { CoordinatorConfig } from '../src/config';
import { coordinatorTopology } from '../src/topology';

jest.setTimeout(180_000);

const SERVER = 2;
const random = () => randomBytes(32).toString('base64url');

describe('secrets stay out of traces', () => {
  const prefix = uniquePrefix('secret_traces');
  const SECRETS = {
    JWT_SECRET: random(),
    CALENDAR_FEED_KEY: random(),
    WEBHOOK_SECRETS_KEY: random(),
    SMS_INBOUND_SECRET: random(),
    METRICS_TOKEN: random(),
  };
  const shared = {
    AMQP_URL: testAmqpUrl(),
    BOOKINGS_EXCHANGE: `${prefix}.bookings.events`,
    COORDINATOR_EXCHANGE: `${prefix}.coordinator.events`,
    BOOKING_CREATED_QUEUE: `${prefix}.coordinator.booking-created`,
    COORDINATOR_OUTCOMES_QUEUE: `${prefix}.bookings.coordinator-outcomes`,
    NOTIFICATIONS_QUEUE: `${prefix}.notifications.coordinator-events`,
    CONSUMER_RETRY_DELAYS_MS: '200,400',
    OUTBOX_POLL_INTERVAL_MS: '200',
    RATE_LIMIT_PER_MINUTE: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: SECRETS.JWT_SECRET,
    METRICS_TOKEN: SECRETS.METRICS_TOKEN,
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  };
  const env = {
    bookings: { ...shared, BOOKINGS_PORT: '0', BOOKINGS_DATABASE_URL: databaseUrl(`${prefix}_bookings`) },
    coordinator: {
      ...shared,
      COORDINATOR_PORT: '0',
      COORDINATOR_DATABASE_URL: databaseUrl(`${prefix}_coordinator`),
      CALENDAR_FEED_KEY: SECRETS.CALENDAR_FEED_KEY,
    },
    notifications: {
      ...shared,
      NOTIFICATIONS_PORT: '0',
      NOTIFICATIONS_DATABASE_URL: databaseUrl(`${prefix}_notifications`),
      MAIL_FROM: 'Wedding Coordinator <notifications@wedding.test>',
      WEBHOOK_SECRETS_KEY: SECRETS.WEBHOOK_SECRETS_KEY,
      WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1/32',
      SMS_INBOUND_SECRET: SECRETS.SMS_INBOUND_SECRET,
    },
  };
  /** Every credential the test used or a service holds; none may appear in any span. */
  const credentials = new Map<string, string>(Object.entries(SECRETS));
  let receiver: OtlpReceiver;
  let sink: SmtpSink;
  let hooks: WebhookReceiver;
  let services: ServiceProcess[] = [];
  let bookings: ServiceProcess;
  let coordinator: ServiceProcess;
  let notifications: ServiceProcess;

  beforeAll(async () => {
    buildServices();
    [receiver, sink, hooks] = await Promise.all([OtlpReceiver.start(), SmtpSink.start(), WebhookReceiver.start()]);
    const traced = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    services = [bookings, coordinator, notifications] = await Promise.all([
      ServiceProcess.start('bookings', { ...env.bookings, ...traced }),
      ServiceProcess.start('coordinator', { ...env.coordinator, ...traced }),
      ServiceProcess.start('notifications', { ...env.notifications, ...traced, SMTP_URL: sink.url }),
    ]);
    for (const service of [coordinator, notifications]) {
      await expectEventually(async () => expect((await requestJson('GET', `${service.url}/health/ready`)).status).toBe(200), {
        timeoutMs: 30_000,
      });
    }
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all([receiver?.close(), sink?.stop(), hooks?.stop()]);
    await deleteTopologies(
      bookingsTopology(loadConfig(BookingsConfig, env.bookings)),
      coordinatorTopology(loadConfig(CoordinatorConfig, env.coordinator)),
      notificationsTopology(loadConfig(NotificationsConfig, env.notifications)),
    );
    await dropDatabases(env.bookings.BOOKINGS_DATABASE_URL, env.coordinator.COORDINATOR_DATABASE_URL, env.notifications.NOTIFICATIONS_DATABASE_URL);
  });

  it('masks the calendar feed, webhook secrets, bearer tokens, the SMS secret and METRICS_TOKEN in every exported span', async () => {
    const vendor = await requestJson('POST', `${bookings.url}/api/vendors`, {
      businessName: 'Ayos Events',
      businessType: 'Wedding Coordination',
      email: `desk-${randomUUID()}@ayos.test`,
    });
    expect(vendor.status).toBe(201);
    const coordinatorId = vendor.body.id as string;
    const token = await mintToken(coordinatorId, { secret: SECRETS.JWT_SECRET });
    credentials.set('bearer token', token).set("bearer token's signature", token.split('.')[2]);
    const auth = { authorization: `Bearer ${token}` };

    // The calendar feed: its address, the feed itself (with a query too), its rotation, the old address refused.
    const feedPath = (url: string) => new URL(url).pathname;
    const first = await requestJson('GET', `${coordinator.url}/api/coordinator/calendar`, undefined, auth);
    expect(first.status).toBe(200);
    const firstPath = feedPath(first.body.url);
    credentials.set('calendar feed secret', /\/calendar\/([^/]+)\.ics$/.exec(firstPath)![1]);
    expect((await fetch(`${coordinator.url}${firstPath}`)).status).toBe(200);
    const rotated = await requestJson('POST', `${coordinator.url}/api/coordinator/calendar/rotate`, undefined, auth);
    expect(rotated.status).toBe(200);
    const rotatedPath = feedPath(rotated.body.url);
    credentials.set('rotated calendar feed secret', /\/calendar\/([^/]+)\.ics$/.exec(rotatedPath)![1]);
    expect((await fetch(`${coordinator.url}${rotatedPath}?source=google`)).status).toBe(200);
    expect((await fetch(`${coordinator.url}${firstPath}`)).status).toBe(404);

    // A webhook endpoint, its rotation, and a delivery signed with both secrets.
    const hooksApi = `${notifications.url}/api/notifications/webhooks`;
    const created = await requestJson('POST', hooksApi, { url: hooks.url('/hook'), events: ['coordinator.wedding.created'] }, auth);
    expect(created.status).toBe(201);
    const secretRotation = await requestJson('POST', `${hooksApi}/${created.body.id}/rotate-secret`, undefined, auth);
    expect(secretRotation.status).toBe(200);
    for (const [name, secret] of [['webhook secret', created.body.secret], ['rotated webhook secret', secretRotation.body.secret]]) {
      credentials.set(name, secret).set(`${name} (its key)`, secret.slice('whsec_'.length));
    }
    const booking = await requestJson('POST', `${bookings.url}/api/bookings/request`, {
      vendorId: coordinatorId,
      coupleName: 'Mara & Leo',
      contactEmail: `couple-${randomUUID()}@email.com`,
      eventDate: '2031-02-14',
    });
    expect(booking.status).toBe(201);
    const delivered = await expectEventually(() => {
      expect(hooks.at('/hook')).toHaveLength(1);
      return hooks.at('/hook')[0];
    }, { timeoutMs: 30_000 });
    for (const secret of [created.body.secret, secretRotation.body.secret]) {
      expect(new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>)).toMatchObject({ type: 'coordinator.wedding.created' });
    }

    // The SMS provider's callback, with the secret in its header and in its query; /metrics with its token.
    const inbound = `${notifications.url}/api/notifications/sms/inbound`;
    const reply = { number: '639170000000', message: 'hello' };
    expect((await requestJson('POST', inbound, reply, { 'x-sms-inbound-secret': SECRETS.SMS_INBOUND_SECRET })).status).toBe(200);
    expect((await requestJson('POST', `${inbound}?secret=${SECRETS.SMS_INBOUND_SECRET}`, reply)).status).toBe(200);
    for (const service of services) {
      expect((await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${SECRETS.METRICS_TOKEN}` } })).status).toBe(200);
    }

    // The spans of those requests arrived, the credentials' places masked (so the search below searched them)...
    const server = (service: string, route: string) =>
      receiver.spans.filter((span) => span.service === service && span.kind === SERVER && span.attributes['http.route'] === route);
    const feeds = await expectEventually(() => {
      const spans = server('coordinator', '/api/coordinator/calendar/:file');
      expect(spans).toHaveLength(3);
      expect(server('notifications', '/api/notifications/webhooks/:id/rotate-secret')).toHaveLength(1);
      expect(server('notifications', '/api/notifications/sms/inbound')).toHaveLength(2);
      expect(receiver.spans.filter((span) => span.name === 'call webhook' && span.attributes['notification.outcome'] === 'sent')).toHaveLength(1);
      return spans;
    }, { timeoutMs: 30_000 });
    for (const span of feeds) {
      const urls = ['http.url', 'http.target', 'url.full', 'url.path'].map((key) => span.attributes[key]).filter((url) => url !== undefined);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url).toMatch(/\/api\/coordinator\/calendar\/\[redacted\]\.ics$/);
    }
    // ...and, once every service has exported its last span (a stopped service flushes), none holds a credential.
    await Promise.all(services.map((service) => service.stop()));
    expect(receiver.spans.length).toBeGreaterThan(20);
    const leaks = receiver.spans.flatMap((span) =>
      [...credentials].filter(([, secret]) => span.text.includes(secret)).map(([name]) => `${span.service} "${span.name}": ${name}`),
    );
    expect(leaks).toEqual([]);
  });
});
