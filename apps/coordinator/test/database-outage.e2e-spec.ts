// A database outage much longer than the retry ladder, on real RabbitMQ and PostgreSQL: the coordinator's and the
// notification service's databases cut (a TCP proxy each) for 8 s against a ladder of 200 + 400 ms. Their consumers
// pause instead of climbing the ladder, nothing reaches a dead-letter queue or the give-up report, and once the
// databases are back every booking is completed and every email sent, each exactly once.
import type { Channel, ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { connectToBroker, deadLetterQueueName } from '@wedding/messaging';
import {
  databaseUrl,
  expectEventually,
  metricValue,
  requestJson,
  TcpProxy,
  testAmqpUrl,
  testDatabaseServerUrl,
  uniquePrefix,
} from '@wedding/testing';
import { NotificationsSystem, startNotificationsSystem } from '../../notifications/test/notifications-system';

const LADDER_MS = [200, 400];
const CUT_MS = 8000;
const PAUSED = 'paused: database unavailable';

describe('a database outage longer than the retry ladder', () => {
  let n: NotificationsSystem;
  let coordinatorDatabase: TcpProxy;
  let notificationsDatabase: TcpProxy;
  // The test's own connections go around the proxies.
  let coordinatorDb: Pool;
  let notificationsDb: Pool;
  let amqp: ChannelModel;
  let channel: Channel;

  const queues = () => ({
    bookingCreated: n.system.coordinatorConfig.bookingCreatedQueue,
    notifications: n.config.notificationsQueue,
  });
  const queueState = async (queue: string) => {
    const { messageCount, consumerCount } = await channel.checkQueue(queue);
    return { messageCount, consumerCount };
  };
  const deadLetters = async () => ({
    coordinator: (await channel.checkQueue(deadLetterQueueName(queues().bookingCreated))).messageCount,
    notifications: (await channel.checkQueue(deadLetterQueueName(queues().notifications))).messageCount,
  });
  const health = async (url: string) => (await requestJson('GET', `${url}/health/ready`)).body;
  const metrics = async (url: string) => (await requestJson('GET', `${url}/metrics`)).body as string;
  const outcomes = (text: string, type: string) =>
    Object.fromEntries(
      ['ack', 'retry', 'dead_letter', 'returned'].map((outcome) => [outcome, metricValue(text, 'messages_consumed_total', { type, outcome })]),
    );
  const statusOf = async (bookingId: string) =>
    (await n.system.bookingsDb.query(`SELECT coordinator_integration_status AS status FROM bookings WHERE id = $1`, [bookingId])).rows[0]
      ?.status;
  /** Nothing of these bookings went towards a give-up: not reported, not failed. */
  const givenUp = async (bookingIds: string[]) => ({
    reports: (
      await coordinatorDb.query(`SELECT count(*)::int AS n FROM outbox WHERE type = $1 AND payload->>'bookingId' = ANY($2)`, [
        CoordinatorIntegrationFailed.type,
        bookingIds,
      ])
    ).rows[0].n,
    failed: (
      await n.system.bookingsDb.query(`SELECT count(*)::int AS n FROM bookings WHERE id = ANY($1) AND coordinator_integration_status = 'failed'`, [
        bookingIds,
      ])
    ).rows[0].n,
  });

  beforeAll(async () => {
    const server = new URL(testDatabaseServerUrl());
    const target = { host: server.hostname, port: Number(server.port || 5432) };
    coordinatorDatabase = await TcpProxy.start(target);
    notificationsDatabase = await TcpProxy.start(target);
    const prefix = uniquePrefix('outage');
    const direct = { coordinator: databaseUrl(`${prefix}_coordinator`), notifications: databaseUrl(`${prefix}_notifications`) };
    const paused = { consumerRetryDelaysMs: LADDER_MS, consumerDatabaseProbeIntervalMs: 300 };
    n = await startNotificationsSystem(
      'outage',
      { ...paused, databaseUrl: notificationsDatabase.url(direct.notifications) },
      { system: { coordinator: { ...paused, databaseUrl: coordinatorDatabase.url(direct.coordinator) } } },
    );
    coordinatorDb = new Pool({ connectionString: direct.coordinator, max: 2 });
    notificationsDb = new Pool({ connectionString: direct.notifications, max: 2 });
    amqp = await connectToBroker(testAmqpUrl());
    channel = await amqp.createChannel();
  });

  afterAll(async () => {
    coordinatorDatabase?.restore();
    notificationsDatabase?.restore();
    await amqp?.close();
    await coordinatorDb?.end();
    await notificationsDb?.end();
    await n?.close();
    await coordinatorDatabase?.close();
    await notificationsDatabase?.close();
  });

  it('pauses both consumers through the cut, and then completes every booking and sends every email once', async () => {
    const coordinatorEmail = `outage-${randomUUID()}@ayos.test`;
    const coordinator = await n.createCoordinator('Ayos Events', coordinatorEmail);
    const coordinatorUrl = await n.system.coordinatorUrl();
    const book = async () => {
      const contactEmail = `couple-${randomUUID()}@example.test`;
      return { ...(await n.book(coordinator.id, { contactEmail })), contactEmail };
    };
    const before = { coordinator: await metrics(coordinatorUrl), notifications: await metrics(n.url) };

    // The notification service loses its database first, while the coordinator still announces weddings to it.
    notificationsDatabase.cutOff();
    const early = await Promise.all([1, 2, 3].map(() => book()));
    await expectEventually(async () => {
      const { rows } = await coordinatorDb.query(
        `SELECT count(*)::int AS n FROM outbox WHERE type = $1 AND payload->>'bookingId' = ANY($2) AND sent_at IS NOT NULL`,
        [CoordinatorWeddingCreated.type, early.map((b) => b.id)],
      );
      expect(rows[0].n).toBe(early.length);
    });
    // Then the coordinator loses its own; the bookings service, on its database, keeps taking bookings.
    coordinatorDatabase.cutOff();
    const cutAt = Date.now();
    const late = await Promise.all([1, 2, 3, 4, 5].map(() => book()));
    const all = [...early, ...late];

    // Held much longer than the ladder (0.6 s; with the give-up report's tries, 2.6 s): at every look, nothing
    // dead-lettered and nothing given up.
    let looks = 0;
    while (Date.now() - cutAt < CUT_MS || looks < 3) {
      expect(await deadLetters()).toEqual({ coordinator: 0, notifications: 0 });
      expect(await givenUp(all.map((b) => b.id))).toEqual({ reports: 0, failed: 0 });
      looks++;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Paused, as RabbitMQ sees it (no consumer; every delivery back in its queue, the ones prefetched included) and as
    // the services say.
    expect(await queueState(queues().bookingCreated)).toEqual({ consumerCount: 0, messageCount: late.length });
    expect(await queueState(queues().notifications)).toEqual({ consumerCount: 0, messageCount: early.length });
    expect(await health(coordinatorUrl)).toMatchObject({ status: 'unavailable', consumer: PAUSED, checks: { database: false } });
    expect(await health(n.url)).toMatchObject({ status: 'unavailable', consumer: PAUSED, checks: { database: false } });
    expect(metricValue(await metrics(coordinatorUrl), 'consumer_paused')).toBe(1);
    expect(metricValue(await metrics(n.url), 'consumer_paused')).toBe(1);

    coordinatorDatabase.restore();
    notificationsDatabase.restore();

    // Every booking completed once: one wedding, one announcement; every email once, to the coordinator and the couple.
    await expectEventually(
      async () => {
        const { rows } = await n.system.bookingsDb.query(
          `SELECT count(*)::int AS n FROM bookings WHERE id = ANY($1) AND coordinator_integration_status = 'completed'`,
          [all.map((b) => b.id)],
        );
        expect(rows[0].n).toBe(all.length);
        expect(n.sink.receivedBy(coordinatorEmail)).toHaveLength(all.length);
        for (const booking of all) expect(n.sink.receivedBy(booking.contactEmail)).toHaveLength(1);
      },
      { timeoutMs: 30_000 },
    );
    const weddings = await coordinatorDb.query(
      `SELECT booking_id, count(*)::int AS n FROM coordinator_weddings WHERE booking_id = ANY($1) GROUP BY 1`,
      [all.map((b) => b.id)],
    );
    expect(weddings.rows).toHaveLength(all.length);
    expect(weddings.rows.every((row) => row.n === 1)).toBe(true);
    const announced = await coordinatorDb.query(`SELECT count(*)::int AS n FROM outbox WHERE type = $1 AND payload->>'bookingId' = ANY($2)`, [
      CoordinatorWeddingCreated.type,
      all.map((b) => b.id),
    ]);
    expect(announced.rows[0].n).toBe(all.length);
    const notified = await notificationsDb.query(
      `SELECT template, count(*)::int AS n FROM notifications WHERE booking_id = ANY($1) AND status = 'sent' GROUP BY 1 ORDER BY 1`,
      [all.map((b) => b.id)],
    );
    expect(notified.rows).toEqual([
      { template: 'couple-confirmation', n: all.length },
      { template: 'wedding-created', n: all.length },
    ]);
    expect(new Set(n.sink.receivedBy(coordinatorEmail).map((email) => email.messageId)).size).toBe(all.length);

    // Every delivery has its outcome now: none of them went to a dead-letter queue, a give-up or a retry queue; the
    // failed ones went back to their own queue instead.
    expect(await deadLetters()).toEqual({ coordinator: 0, notifications: 0 });
    expect(await givenUp(all.map((b) => b.id))).toEqual({ reports: 0, failed: 0 });
    const after = { coordinator: await metrics(coordinatorUrl), notifications: await metrics(n.url) };
    const delta = (service: 'coordinator' | 'notifications', type: string) => {
      const [now, then] = [outcomes(after[service], type), outcomes(before[service], type)];
      return Object.fromEntries(Object.keys(now).map((outcome) => [outcome, now[outcome] - then[outcome]]));
    };
    expect(delta('coordinator', 'booking.created')).toMatchObject({ ack: all.length, retry: 0, dead_letter: 0 });
    expect(delta('coordinator', 'booking.created').returned).toBeGreaterThanOrEqual(1);
    expect(delta('notifications', CoordinatorWeddingCreated.type)).toMatchObject({ ack: all.length, retry: 0, dead_letter: 0 });
    expect(delta('notifications', CoordinatorWeddingCreated.type).returned).toBeGreaterThanOrEqual(1);
    // Consuming again, and saying so.
    expect(await health(coordinatorUrl)).toMatchObject({ status: 'ok', consumer: 'consuming' });
    expect(await health(n.url)).toMatchObject({ status: 'ok', consumer: 'consuming' });
    expect(metricValue(after.coordinator, 'consumer_paused')).toBe(0);
    expect(metricValue(after.notifications, 'consumer_paused')).toBe(0);
    expect((await queueState(queues().bookingCreated)).consumerCount).toBe(1);
    expect((await queueState(queues().notifications)).consumerCount).toBe(1);
  });

  it('pauses, too, when a handler times out because the database fell silent, and completes the booking once', async () => {
    // A database that stops answering, connections open: the handler runs into its timeout, and so does the probe.
    await n.system.stopCoordinator();
    await n.system.startCoordinator({ consumerHandlerTimeoutMs: 1000 });
    const coordinatorUrl = await n.system.coordinatorUrl();
    const coordinator = await n.createCoordinator('Plano Weddings');
    const before = await metrics(coordinatorUrl);
    // A booking first, so that the pool's connections are open and idle when the database falls silent.
    const first = await n.book(coordinator.id);
    await expectEventually(async () => expect(await statusOf(first.id)).toBe('completed'));
    coordinatorDatabase.freeze();
    try {
      const booking = await n.book(coordinator.id);
      const frozenAt = Date.now();
      // Longer than the ladder with a timed-out handler on each rung and the give-up report's tries (~10 s).
      let looks = 0;
      while (Date.now() - frozenAt < 12_000 || looks < 3) {
        expect(await deadLetters()).toEqual({ coordinator: 0, notifications: 0 });
        looks++;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      // Paused, with the delivery back in its queue (its handler's connection still hangs).
      expect(await queueState(queues().bookingCreated)).toEqual({ consumerCount: 0, messageCount: 1 });
      // Readiness and /metrics still answer, saying the database is down, rather than hang as long as its queries do.
      expect(await health(coordinatorUrl)).toMatchObject({ status: 'unavailable', checks: { database: false } });
      expect(metricValue(await metrics(coordinatorUrl), 'consumer_paused')).toBe(1);
      coordinatorDatabase.restore();

      await expectEventually(async () => expect(await statusOf(booking.id)).toBe('completed'), { timeoutMs: 30_000 });
      const { rows } = await coordinatorDb.query(`SELECT count(*)::int AS n FROM coordinator_weddings WHERE booking_id = $1`, [booking.id]);
      expect(rows).toEqual([{ n: 1 }]);
      expect(await givenUp([booking.id])).toEqual({ reports: 0, failed: 0 });
      const after = await metrics(coordinatorUrl);
      expect(metricValue(after, 'messages_consumed_total', { type: 'booking.created', outcome: 'retry' })).toBe(
        metricValue(before, 'messages_consumed_total', { type: 'booking.created', outcome: 'retry' }),
      );
      expect(await deadLetters()).toEqual({ coordinator: 0, notifications: 0 });
      expect((await queueState(queues().bookingCreated)).consumerCount).toBe(1);
    } finally {
      coordinatorDatabase.restore();
    }
  });
});
