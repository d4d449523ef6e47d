// The outbox relay when its claims are contested, on real PostgreSQL and RabbitMQ: two relays on one outbox, one of
// them behind a broker that falls silent — a confirm that comes after the claim lapsed, a publish that fails after it, a
// transaction that stayed open longer than the claim, a burst past the fast path's limit.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { BookingCreated } from '@wedding/contracts';
import { BrokerConnection, EventPublisher, OutboxRelay, PreparedEvent, prepareEvent, writeToOutbox } from '@wedding/messaging';
import {
  deleteTopologies,
  dropDatabases,
  EventCapture,
  expectEventually,
  requestJson,
  TcpProxy,
  testAmqpUrl,
} from '@wedding/testing';
import { bookingsTopology } from '../src/topology';
import { startBookingsUnderTest } from './bookings-under-test';

interface TestRelay {
  relay: OutboxRelay;
  dataSource: DataSource;
  /** Its first poll at once; then only when woken (its poll interval is longer than any test). */
  start(): void;
  stop(): Promise<void>;
}

/** A relay of the test's own on the database, connected to the broker (through `proxy` when given), not yet started. */
async function connectRelay(
  name: string,
  databaseUrl: string,
  exchange: string,
  options: { claimSeconds: number; publishTimeoutMs: number; proxy?: TcpProxy; pollIntervalMs?: number },
): Promise<TestRelay> {
  const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: 3 } }).initialize();
  const amqpUrl = options.proxy ? options.proxy.url(testAmqpUrl()) : testAmqpUrl();
  const publisher = new EventPublisher(new BrokerConnection(amqpUrl, name), {
    exchange,
    queueType: 'quorum',
    publishTimeoutMs: options.publishTimeoutMs,
  });
  await expectEventually(() => expect(publisher.isConnected).toBe(true));
  const relay = new OutboxRelay(dataSource, publisher, {
    batchSize: 10,
    pollIntervalMs: options.pollIntervalMs ?? 600_000,
    maxBackoffMs: 500,
    claimSeconds: options.claimSeconds,
    fastPathLimit: 10,
  });
  return {
    relay,
    dataSource,
    start: () => relay.onApplicationBootstrap(),
    async stop() {
      await relay.beforeApplicationShutdown();
      await publisher.onApplicationShutdown();
      await dataSource.destroy();
    },
  };
}

/** A BookingCreated as the bookings service would announce it (the relay does not care whose event it is). */
function bookingCreated(): PreparedEvent<BookingCreated> {
  const bookingId = randomUUID();
  return prepareEvent(
    BookingCreated,
    {
      bookingId,
      vendorId: randomUUID(),
      vendorBusinessName: 'Ayos Events',
      vendorBusinessType: 'Wedding Coordination',
      coupleName: 'Mara & Leo',
      contactEmail: 'mara@email.com',
      eventDate: '2031-02-14',
    },
    { correlationId: bookingId },
  );
}

/** Where a row stands: who holds it is told by the length of the claim (relay A's are short, relay B's long). */
async function rowOf(db: Pool, id: string) {
  const { rows } = await db.query(
    `SELECT sent_at IS NOT NULL AS sent,
            claimed_until IS NOT NULL AS "everClaimed",
            coalesce(claimed_until > now(), false) AS claimed,
            coalesce(claimed_until <= now(), false) AS lapsed,
            coalesce(claimed_until > now() + interval '30 seconds', false) AS "heldLong"
       FROM outbox WHERE id = $1`,
    [id],
  );
  return rows[0] as { sent: boolean; everClaimed: boolean; claimed: boolean; lapsed: boolean; heldLong: boolean };
}

const brokerTarget = () => {
  const url = new URL(testAmqpUrl());
  return { host: url.hostname, port: Number(url.port || 5672) };
};

describe('outbox relays sharing one outbox', () => {
  // The bookings service migrates a database of its own and stops: the test's relays share its outbox.
  let databaseUrl: string;
  let exchange: string;
  let cleanUp: () => Promise<void>;
  let db: Pool;
  let events: EventCapture;
  let brokerA: TcpProxy;
  let brokerB: TcpProxy;
  let relays: TestRelay[] = [];

  const captured = (id: string) => events.messages.filter((m) => m.properties.messageId === id).length;
  const write = async (dataSource: DataSource, prepared: PreparedEvent<object>) => {
    await dataSource.transaction((em) => writeToOutbox(em, prepared));
    return prepared.row[0];
  };
  const relay = async (...args: Parameters<typeof connectRelay>) => {
    const connected = await connectRelay(...args);
    relays.push(connected);
    return connected;
  };

  beforeAll(async () => {
    const service = await startBookingsUnderTest('relay-claims');
    await service.app.close();
    ({ databaseUrl, bookingsExchange: exchange } = service.config);
    db = service.db;
    cleanUp = async () => {
      await db.end();
      await deleteTopologies(bookingsTopology(service.config));
      await dropDatabases(databaseUrl);
    };
    events = await EventCapture.start(exchange, BookingCreated.type);
    brokerA = await TcpProxy.start(brokerTarget());
    brokerB = await TcpProxy.start(brokerTarget());
  });

  afterEach(async () => {
    brokerA.restore();
    brokerB.restore();
    const stopping = relays;
    relays = [];
    for (const started of stopping) await started.stop();
  });

  afterAll(async () => {
    await events?.stop();
    await brokerA?.close();
    await brokerB?.close();
    await cleanUp?.();
  });

  /**
   * Relay A claims the row (for 1 s) and publishes it, its confirm held; once that claim has lapsed, relay B claims
   * the row (for 60 s) and publishes it, its confirm held too.
   */
  async function claimedByBothInTurn() {
    const a = await relay('relay A', databaseUrl, exchange, { claimSeconds: 1, publishTimeoutMs: 30_000, proxy: brokerA });
    const b = await relay('relay B', databaseUrl, exchange, { claimSeconds: 60, publishTimeoutMs: 30_000, proxy: brokerB });
    const id = await write(a.dataSource, bookingCreated());
    brokerA.freeze();
    a.start();
    await expectEventually(async () => expect(await rowOf(db, id)).toMatchObject({ everClaimed: true, heldLong: false }));
    await expectEventually(async () => expect(await rowOf(db, id)).toMatchObject({ lapsed: true, sent: false }));
    brokerB.freeze();
    b.start();
    await expectEventually(async () => expect(await rowOf(db, id)).toMatchObject({ heldLong: true }));
    return { a, b, id };
  }

  it('keeps a relay whose claim lapsed from marking sent a row another relay has claimed since', async () => {
    const { a, id } = await claimedByBothInTurn();

    brokerA.restore(); // A's confirm arrives, after its claim lapsed
    // A marks its batch before it polls again: once it has sent a row written now, it has marked the first one.
    const marker = await write(a.dataSource, bookingCreated());
    a.relay.wake();
    await expectEventually(async () => expect((await rowOf(db, marker)).sent).toBe(true));
    expect(await rowOf(db, id)).toMatchObject({ sent: false, heldLong: true });

    brokerB.restore(); // B's confirm: the row is B's to mark
    await expectEventually(async () => expect((await rowOf(db, id)).sent).toBe(true));
    // Both published it: the copy the consumers deduplicate by message id.
    await expectEventually(() => expect(captured(id)).toBe(2));
  });

  it('keeps a relay whose claim lapsed from freeing a row another relay has claimed since', async () => {
    const { a, id } = await claimedByBothInTurn();

    brokerA.cutOff(); // A's publish fails: its connection is gone, its channel closed unconfirmed
    brokerA.restore();
    // A frees what the broker did not confirm before it polls again (once reconnected): once it has sent a row
    // written now, it has been through the first one — had it freed it, that poll would have taken it back.
    const marker = await write(a.dataSource, bookingCreated());
    await expectEventually(async () => expect((await rowOf(db, marker)).sent).toBe(true), { timeoutMs: 20_000 });
    expect(await rowOf(db, id)).toMatchObject({ sent: false, heldLong: true });

    brokerB.restore();
    await expectEventually(async () => expect((await rowOf(db, id)).sent).toBe(true));
    await expectEventually(() => expect(captured(id)).toBeGreaterThanOrEqual(1));
  });

  it('counts the claim of a row written claimed from its commit: a transaction open longer than the claim keeps it all', async () => {
    const a = await relay('relay A', databaseUrl, exchange, { claimSeconds: 3, publishTimeoutMs: 30_000, proxy: brokerA });
    const b = await relay('relay B', databaseUrl, exchange, { claimSeconds: 60, publishTimeoutMs: 5_000 });
    a.start();
    b.start();

    const prepared = a.relay.claimForCommit(bookingCreated());
    const id = prepared.row[0];
    await a.dataSource.transaction(async (em) => {
      await writeToOutbox(em, prepared);
      // Open longer than the claim, on the database's clock: counted from the transaction's start, it is over.
      await expectEventually(
        async () => {
          const [{ open }] = await em.query(`SELECT clock_timestamp() - now() > interval '4 seconds' AS open`);
          expect(open).toBe(true);
        },
        { intervalMs: 200 },
      );
    });
    brokerA.freeze();
    a.relay.publishCommitted([prepared]); // A publishes it, its confirm held

    // B polls after the commit: it takes a row written after A's, and would have taken A's first were its claim over.
    const marker = await write(b.dataSource, bookingCreated());
    b.relay.wake();
    await expectEventually(() => expect(captured(marker)).toBe(1));
    expect(captured(id)).toBe(0);
    expect(await rowOf(db, id)).toMatchObject({ sent: false, claimed: true });

    brokerA.restore();
    await expectEventually(async () => expect((await rowOf(db, id)).sent).toBe(true));
    await expectEventually(() => expect(captured(id)).toBe(1));
  });
});

describe('a burst past OUTBOX_FAST_PATH_LIMIT', () => {
  it('leaves the rows past the limit to the poll at once, and publishes every booking once', async () => {
    // The service (relay A) reaches the broker through a proxy that will fall silent; its claims last 120 s, longer than
    // this test may take: a row that had to wait out a claim would fail it.
    const brokerA = await TcpProxy.start(brokerTarget());
    const service = await startBookingsUnderTest('fast-path', {
      amqpUrl: brokerA.url(testAmqpUrl()),
      publishTimeoutMs: 40_000,
      outboxFastPathLimit: 3,
    });
    const { url, db, config } = service;
    const events = await EventCapture.start(config.bookingsExchange, BookingCreated.type);
    let b: TestRelay | undefined;
    try {
      const vendor = await requestJson('POST', `${url}/api/vendors`, { businessName: 'Liwanag Studio', businessType: 'Photography' });
      const book = async () => {
        const response = await requestJson('POST', `${url}/api/bookings/request`, {
          vendorId: vendor.body.id,
          coupleName: 'Mara & Leo',
          contactEmail: `couple-${randomUUID()}@email.com`,
          eventDate: '2031-02-14',
        });
        expect(response.status).toBe(201);
        return response.body.booking.id as string;
      };
      const unsentOf = async (bookingIds: string[]) =>
        (
          await db.query(
            `SELECT claimed_until > now() + interval '60 seconds' AS "heldByA" FROM outbox
              WHERE correlation_id = ANY($1) AND sent_at IS NULL`,
            [bookingIds],
          )
        ).rows as { heldByA: boolean }[];
      const publishedOnce = (bookingIds: string[]) =>
        bookingIds.map((id) => events.messages.filter((m) => m.properties.correlationId === id).length);
      await expectEventually(async () => expect((await requestJson('GET', `${url}/health/ready`)).body).toMatchObject({ broker: 'up' }));
      b = await connectRelay('relay B', config.databaseUrl, config.bookingsExchange, {
        claimSeconds: 120,
        publishTimeoutMs: 5_000,
        pollIntervalMs: 100,
      });

      brokerA.freeze();
      // A's own poll is busy with a row of its own, held by the silent broker: what A leaves can only go to B's.
      const busy = bookingCreated();
      await b.dataSource.transaction((em) => writeToOutbox(em, busy));
      await expectEventually(async () => expect(await unsentOf([busy.row[4]])).toEqual([{ heldByA: true }]));
      b.start();

      const burst = await Promise.all(Array.from({ length: 12 }, () => book()));
      // A holds its limit, claimed; B has published the rest meanwhile, long before any claim of A's could lapse.
      await expectEventually(async () => expect(await unsentOf(burst)).toEqual([{ heldByA: true }, { heldByA: true }, { heldByA: true }]));
      await expectEventually(() => expect(publishedOnce(burst).filter((count) => count === 1)).toHaveLength(9));
      // While A holds its limit, what it writes is not claimed at all: it goes to the poll straight away.
      const later: string[] = [];
      for (let i = 0; i < 3; i++) later.push(await book());
      await expectEventually(() => expect(publishedOnce(later)).toEqual([1, 1, 1]));
      expect(await unsentOf(burst)).toHaveLength(3);

      brokerA.restore();
      const all = [busy.row[4], ...burst, ...later];
      await expectEventually(async () => expect(await unsentOf(all)).toEqual([]));
      await expectEventually(() => expect(publishedOnce(all).every((count) => count >= 1)).toBe(true));
      expect(publishedOnce(all)).toEqual(all.map(() => 1));
    } finally {
      brokerA.restore();
      await b?.stop();
      await events.stop();
      await service.close();
      await brokerA.close();
    }
  });
});
