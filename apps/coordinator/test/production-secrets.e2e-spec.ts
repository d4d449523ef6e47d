// Production refuses weak secrets before anything else: each service, started as its own compiled process with
// NODE_ENV=production (as the image runs it), exits at start-up with an error naming the variable when a secret is a
// published placeholder or too short — and starts with secrets of its own.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@wedding/infrastructure';
import {
  buildServices,
  databaseUrl,
  deleteTopologies,
  dropDatabases,
  expectEventually,
  requestJson,
  ServiceProcess,
  testAmqpUrl,
  uniquePrefix,
} from '@wedding/testing';
import { NotificationsConfig } from '../../notifications/src/config';
import { notificationsTopology } from '../../notifications/src/topology';

jest.setTimeout(120_000);

const strong = () => randomBytes(48).toString('base64');

describe('production refuses weak secrets at start-up', () => {
  beforeAll(() => buildServices());

  it.each([
    ['bookings', 'JWT_SECRET: the old compose fallback', { JWT_SECRET: 'compose-local-secret-replace-me-with-32-or-more-chars' }, /JWT_SECRET is a published placeholder/],
    ['bookings', 'METRICS_TOKEN: 18 bytes', { JWT_SECRET: strong(), METRICS_TOKEN: 'weak-metrics-token' }, /METRICS_TOKEN is 18 bytes long; production needs at least 32/],
    ['coordinator', 'CALENDAR_FEED_KEY: unset', { JWT_SECRET: strong() }, /CALENDAR_FEED_KEY is a published placeholder/],
    ['coordinator', 'CALENDAR_FEED_KEY: the old compose fallback', { JWT_SECRET: strong(), CALENDAR_FEED_KEY: 'compose-local-calendar-key-replace-me-32-chars' }, /CALENDAR_FEED_KEY is a published placeholder/],
    ['notifications', 'WEBHOOK_SECRETS_KEY: unset', { JWT_SECRET: strong() }, /WEBHOOK_SECRETS_KEY is a published placeholder/],
    ['notifications', 'SMS_INBOUND_SECRET: changeme', { JWT_SECRET: strong(), WEBHOOK_SECRETS_KEY: strong(), SMS_INBOUND_SECRET: 'changeme' }, /SMS_INBOUND_SECRET is a published placeholder/],
    ['notifications', 'nothing set', {}, /JWT_SECRET is a published placeholder/],
  ])('%s, %s: refuses to start, naming the variable', async (service, _case, secrets: Record<string, string>, refusal) => {
    const refused = await ServiceProcess.start(service, { NODE_ENV: 'production', JWT_SECRET: '', ...secrets }).then(
      async (started) => {
        await started.stop();
        return new Error(`${service} started`);
      },
      (error: Error) => error,
    );
    expect(refused.message).toMatch(/exited \(1\) during start-up/);
    expect(refused.message).toMatch(/invalid configuration for production \(NODE_ENV=production\)/);
    expect(refused.message).toMatch(refusal);
    expect(refused.message).toContain('openssl rand -base64 48');
    // A refused value is never repeated (the placeholders are public; a short real one would not be).
    if (secrets.METRICS_TOKEN) expect(refused.message).not.toContain(secrets.METRICS_TOKEN);
  });

  it('starts in production with secrets of its own', async () => {
    const prefix = uniquePrefix('production');
    const env = {
      NODE_ENV: 'production',
      NOTIFICATIONS_PORT: '0',
      HOST: '127.0.0.1',
      NOTIFICATIONS_DATABASE_URL: databaseUrl(`${prefix}_notifications`),
      AMQP_URL: testAmqpUrl(),
      COORDINATOR_EXCHANGE: `${prefix}.coordinator.events`,
      NOTIFICATIONS_QUEUE: `${prefix}.notifications.coordinator-events`,
      JWT_SECRET: strong(),
      WEBHOOK_SECRETS_KEY: strong(),
      SMS_INBOUND_SECRET: strong(),
      METRICS_TOKEN: strong(),
    };
    const notifications = await ServiceProcess.start('notifications', env);
    try {
      await expectEventually(async () => expect((await requestJson('GET', `${notifications.url}/health/ready`)).status).toBe(200), {
        timeoutMs: 30_000,
      });
    } finally {
      await notifications.stop();
      await deleteTopologies(notificationsTopology(loadConfig(NotificationsConfig, { ...env, NODE_ENV: undefined })));
      await dropDatabases(env.NOTIFICATIONS_DATABASE_URL);
    }
  });
});
