// The messaging foundation as an operator meets it, on real RabbitMQ and PostgreSQL: services that start without the
// broker, settings that change between starts, copies that cannot vanish, a bounded give-up, a shutdown that lets
// running handlers finish, migrations under a lock, message retention and database timeouts.
import type { Channel, ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@wedding/infrastructure';
import { connectToBroker, deadLetterQueueName, retryQueueName } from '@wedding/messaging';
import {
  databaseUrl,
  deleteTopologies,
  dropDatabases,
  expectEventually,
  requestJson,
  TcpProxy,
  testAmqpUrl,
  uniquePrefix,
} from '@wedding/testing';
import { CoordinatorConfig } from '../src/config';
import { startCoordinatorApp } from '../src/coordinator-app';
import { coordinatorTopology } from '../src/topology';
import { startTestSystem, TestSystem } from './test-system';

describe('messaging foundation', () => {
  let system: TestSystem;
  let bookingsBroker: TcpProxy;
  let coordinatorBroker: TcpProxy;
  let amqp: ChannelModel;
  let channel: Channel;
  let coordinatorId: string;

  const book = async () => {
    const response = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: coordinatorId,
      coupleName: 'Mara & Leo',
      contactEmail: `couple-${randomUUID()}@email.com`,
      eventDate: '2031-02-14',
    });
    expect(response.status).toBe(201);
    return response.body.booking as { id: string };
  };
  const query = async <T = any>(sql: string, params: unknown[] = []) =>
    (await system.coordinatorDb.query(sql, params)).rows as T[];
  const weddingOf = (bookingId: string, timeoutMs = 15_000) =>
    expectEventually(
      async () => {
        const [wedding] = await query(`SELECT * FROM coordinator_weddings WHERE booking_id = $1`, [bookingId]);
        expect(wedding).toBeDefined();
        return wedding;
      },
      { timeoutMs },
    );
  const health = async (url: string, path: string) => requestJson('GET', `${url}${path}`);

  beforeAll(async () => {
    // Each service reaches the broker through a proxy the test can cut; the bookings service's is cut from the start.
    const target = new URL(testAmqpUrl());
    bookingsBroker = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5672) });
    coordinatorBroker = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5672) });
    bookingsBroker.cutOff();
    system = await startTestSystem('foundation', {
      bookings: { amqpUrl: bookingsBroker.url(testAmqpUrl()) },
      coordinator: { amqpUrl: coordinatorBroker.url(testAmqpUrl()), consumerRetryDelaysMs: [200, 400] },
    });
    amqp = await connectToBroker(testAmqpUrl());
    channel = await amqp.createChannel();
    channel.on('error', () => undefined); // a failed check closes the channel; the assertion reports it
  });

  afterAll(async () => {
    await amqp?.close();
    await system?.close();
    await bookingsBroker?.close();
    await coordinatorBroker?.close();
  });

  it('starts the bookings service while RabbitMQ is unreachable, takes bookings, and delivers them once it is back', async () => {
    // The service listened without the broker: ready (its database answers), with the broker reported down.
    expect(await health(system.bookingsUrl, '/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', broker: 'down', checks: { database: true, publisher: false } },
    });
    const vendor = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
      businessName: 'Ayos Events',
      businessType: 'Wedding Coordination',
    });
    coordinatorId = vendor.body.id;
    const booking = await book();
    const unsent = await system.bookingsDb.query(`SELECT sent_at FROM outbox WHERE correlation_id = $1`, [booking.id]);
    expect(unsent.rows).toEqual([{ sent_at: null }]);

    bookingsBroker.restore();
    await weddingOf(booking.id, 30_000);
    await expectEventually(async () =>
      expect((await health(system.bookingsUrl, '/health/ready')).body).toMatchObject({ broker: 'up' }),
    );
  });

  it('reports the coordinator not ready, but live, while it cannot consume', async () => {
    const url = await system.coordinatorUrl();
    expect((await health(url, '/health/ready')).status).toBe(200);
    coordinatorBroker.cutOff();
    try {
      await expectEventually(async () =>
        expect(await health(url, '/health/ready')).toMatchObject({
          status: 503,
          body: { status: 'unavailable', broker: 'down', checks: { database: true, consumer: false } },
        }),
      );
      expect(await health(url, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      coordinatorBroker.restore();
    }
    await expectEventually(async () => expect((await health(url, '/health/ready')).status).toBe(200), { timeoutMs: 20_000 });
    await weddingOf((await book()).id);
  });

  it('starts with another retry ladder and another queue type than the broker holds, and keeps working', async () => {
    const queue = system.coordinatorConfig.bookingCreatedQueue;
    await system.stopCoordinator();
    await system.startCoordinator({ consumerRetryDelaysMs: [250, 500, 750] });
    // The new ladder's queues sit beside the old ones; a booking that always fails climbs all three rungs.
    for (const delayMs of [250, 500, 750]) await channel.checkQueue(retryQueueName(queue, delayMs));
    await query(`
      CREATE FUNCTION fail_weddings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected wedding failure'; END $$;
      CREATE TRIGGER fail_weddings BEFORE INSERT ON coordinator_weddings FOR EACH ROW EXECUTE FUNCTION fail_weddings();`);
    try {
      const booking = await book();
      const dead = await expectEventually(async () => {
        const message = await channel.get(deadLetterQueueName(queue), { noAck: true });
        expect(message).not.toBe(false);
        return message as Exclude<typeof message, false>;
      });
      expect(dead.properties.correlationId).toBe(booking.id);
      expect(dead.properties.headers).toMatchObject({ 'x-attempt': 4 });
    } finally {
      await query(`DROP TRIGGER fail_weddings ON coordinator_weddings; DROP FUNCTION fail_weddings();`);
    }

    // The queue was declared quorum; a start with QUEUE_TYPE=classic uses it as the broker holds it.
    await system.stopCoordinator();
    await system.startCoordinator({ queueType: 'classic' });
    await weddingOf((await book()).id);
    await system.stopCoordinator();
    await system.startCoordinator({ queueType: 'quorum' });
  });

  it('declares a retry queue again when it went missing, instead of losing the copy', async () => {
    const queue = system.coordinatorConfig.bookingCreatedQueue;
    const firstRung = retryQueueName(queue, system.coordinatorConfig.consumerRetryDelaysMs[0]);
    await channel.deleteQueue(firstRung);
    // Fails the first attempt only: a sequence survives the rollback.
    await query(`
      CREATE SEQUENCE wedding_attempts;
      CREATE FUNCTION fail_first_wedding() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('wedding_attempts') = 1 THEN RAISE EXCEPTION 'injected first failure'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER fail_first_wedding BEFORE INSERT ON coordinator_weddings FOR EACH ROW EXECUTE FUNCTION fail_first_wedding();`);
    try {
      const booking = await book();
      await weddingOf(booking.id);
      await channel.checkQueue(firstRung);
      const [{ attempts }] = await query(`SELECT last_value::int AS attempts FROM wedding_attempts`);
      expect(attempts).toBe(2);
    } finally {
      await query(`DROP TRIGGER fail_first_wedding ON coordinator_weddings; DROP FUNCTION fail_first_wedding();
                   DROP SEQUENCE wedding_attempts;`);
    }
  });

  it('parks a give-up whose report keeps failing after GIVE_UP_REPORT_ATTEMPTS tries, saying so', async () => {
    await system.stopCoordinator();
    await system.startCoordinator({ giveUpReportAttempts: 2 });
    await query(`
      CREATE FUNCTION fail_weddings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected wedding failure'; END $$;
      CREATE FUNCTION fail_reports() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected report failure'; END $$;
      CREATE TRIGGER fail_weddings BEFORE INSERT ON coordinator_weddings FOR EACH ROW EXECUTE FUNCTION fail_weddings();
      CREATE TRIGGER fail_reports BEFORE INSERT ON coordinator_activity_log FOR EACH ROW
        WHEN (NEW.activity_type = 'integration_failed') EXECUTE FUNCTION fail_reports();`);
    try {
      const booking = await book();
      const dead = await expectEventually(async () => {
        const message = await channel.get(deadLetterQueueName(system.coordinatorConfig.bookingCreatedQueue), { noAck: true });
        expect(message).not.toBe(false);
        return message as Exclude<typeof message, false>;
      });
      expect(dead.properties.correlationId).toBe(booking.id);
      expect(dead.properties.headers?.['x-failure-reason']).toMatch(
        /injected wedding failure.*could not be reported after 2 tries: .*injected report failure/,
      );
    } finally {
      await query(`DROP TRIGGER fail_weddings ON coordinator_weddings; DROP TRIGGER fail_reports ON coordinator_activity_log;
                   DROP FUNCTION fail_weddings(); DROP FUNCTION fail_reports();`);
      await system.stopCoordinator();
      await system.startCoordinator({ giveUpReportAttempts: 5 });
    }
  });

  it('cuts a hung statement at the statement timeout and retries the delivery', async () => {
    await system.stopCoordinator();
    await system.startCoordinator({ databaseStatementTimeoutMs: 300 });
    await query(`
      CREATE SEQUENCE slow_attempts;
      CREATE FUNCTION hang_first_wedding() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('slow_attempts') = 1 THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$;
      CREATE TRIGGER hang_first_wedding BEFORE INSERT ON coordinator_weddings FOR EACH ROW EXECUTE FUNCTION hang_first_wedding();`);
    try {
      // Cut after 300 ms and retried after 200 ms: the wedding is there long before the minute the statement wanted.
      const booking = await book();
      await weddingOf(booking.id);
      const [{ attempts }] = await query(`SELECT last_value::int AS attempts FROM slow_attempts`);
      expect(attempts).toBe(2);
    } finally {
      await query(`DROP TRIGGER hang_first_wedding ON coordinator_weddings; DROP FUNCTION hang_first_wedding();
                   DROP SEQUENCE slow_attempts;`);
      await system.stopCoordinator();
      await system.startCoordinator({ databaseStatementTimeoutMs: 10_000 });
    }
  });

  it('lets handlers running at shutdown finish and ack: nothing is redelivered', async () => {
    const queue = system.coordinatorConfig.bookingCreatedQueue;
    await query(`
      CREATE FUNCTION slow_weddings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(0.7); RETURN NEW; END $$;
      CREATE TRIGGER slow_weddings BEFORE INSERT ON coordinator_weddings FOR EACH ROW EXECUTE FUNCTION slow_weddings();`);
    try {
      const bookings = await Promise.all([1, 2, 3, 4, 5].map(() => book()));
      // All five handlers are inside their transaction, sleeping in the trigger.
      await expectEventually(async () => {
        const [{ sleeping }] = await query(
          `SELECT count(*)::int AS sleeping FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`,
        );
        expect(sleeping).toBe(5);
      });
      await system.stopCoordinator(); // what SIGTERM does (enableShutdownHooks)
      const weddings = await query(`SELECT booking_id FROM coordinator_weddings WHERE booking_id = ANY($1)`, [
        bookings.map((b) => b.id),
      ]);
      expect(weddings).toHaveLength(5);
      // An unacked delivery would be back in the queue now that its consumer is gone.
      expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    } finally {
      await query(`DROP TRIGGER slow_weddings ON coordinator_weddings; DROP FUNCTION slow_weddings();`);
      await system.startCoordinator();
    }
  });

  it('deletes sent outbox rows and inbox rows once they are past MESSAGE_RETENTION_DAYS', async () => {
    await system.stopCoordinator();
    await system.startCoordinator({ messageRetentionDays: 2 / 86_400, messageRetentionSweepIntervalMs: 200 });
    try {
      const booking = await book();
      const wedding = await weddingOf(booking.id);
      const [{ eventId }] = await expectEventually(async () => {
        const rows = await query(`SELECT id AS "eventId" FROM outbox WHERE correlation_id = $1 AND sent_at IS NOT NULL`, [
          booking.id,
        ]);
        expect(rows).toHaveLength(1);
        return rows;
      });
      await expectEventually(
        async () => {
          expect(await query(`SELECT id FROM outbox WHERE id = $1`, [eventId])).toEqual([]);
          expect(await query(`SELECT count(*)::int AS n FROM inbox`)).toEqual([{ n: 0 }]);
        },
        { timeoutMs: 10_000 },
      );
      // What the messages made stays.
      expect(await query(`SELECT id FROM coordinator_weddings WHERE id = $1`, [wedding.id])).toHaveLength(1);
    } finally {
      await system.stopCoordinator();
      await system.startCoordinator({ messageRetentionDays: 7, messageRetentionSweepIntervalMs: 600_000 });
    }
  });
});

describe('migrations', () => {
  it('run once when two instances start at the same time on a fresh database', async () => {
    const prefix = uniquePrefix('migrations');
    const config = loadConfig(
      CoordinatorConfig,
      {},
      {
        port: 0,
        databaseUrl: databaseUrl(`${prefix}_coordinator`),
        amqpUrl: testAmqpUrl(),
        bookingsExchange: `${prefix}.bookings.events`,
        coordinatorExchange: `${prefix}.coordinator.events`,
        bookingCreatedQueue: `${prefix}.coordinator.booking-created`,
        rateLimitPerMinute: 0,
      },
    );
    // TypeORM's module would retry a start that failed on the other instance's half-run migration (and then find
    // nothing pending): so the proof is that neither start logged an error.
    const errors: unknown[] = [];
    const logger = { log() {}, warn() {}, error: (...message: unknown[]) => errors.push(message) };
    const apps = await Promise.all([1, 2].map(() => startCoordinatorApp(config, { logger })));
    const db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
      expect(rows.length).toBeGreaterThanOrEqual(4);
      expect(rows.every((row) => row.n === 1)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await db.end();
      for (const app of apps) await app.close();
      await deleteTopologies(coordinatorTopology(config));
      await dropDatabases(config.databaseUrl);
    }
  });
});
