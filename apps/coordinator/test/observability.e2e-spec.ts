// A booking's whole journey as an operator sees it, with the three services as separate compiled processes (their
// instrumentation loaded before anything else, as in production) exporting to a test OTLP receiver: one trace from the
// HTTP request through both outboxes, RabbitMQ, every consumer and the notification service's emails, also under a
// replayed backlog; the Prometheus metrics at /metrics; log lines with trace ids and without personal data; and the
// AsyncAPI catalogue the published events validate against.
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { BookingCreated, CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { connectToBroker, topologyNames, VERSION_HEADER } from '@wedding/messaging';
import {
  buildServices,
  databaseUrl,
  dropDatabases,
  expectEventually,
  metricValue,
  mintToken,
  OtlpReceiver,
  promtoolProblems,
  ReceivedSpan,
  requestJson,
  ServiceProcess,
  SmtpSink,
  TcpProxy,
  testAmqpUrl,
  uniquePrefix,
} from '@wedding/testing';

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;
const METRICS_TOKEN = randomBytes(16).toString('hex');
const BACKLOG = 2000;

jest.setTimeout(300_000);

const isJson = (line: string) => {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
};

/** The spans one booking leaves, step by step: its request, each event's publish and every consume, both emails. */
const JOURNEY = [
  'bookings: POST /api/bookings/request',
  `bookings: publish ${BookingCreated.type}`,
  `coordinator: process ${BookingCreated.type}`,
  `coordinator: publish ${CoordinatorWeddingCreated.type}`,
  `bookings: process ${CoordinatorWeddingCreated.type}`,
  `notifications: process ${CoordinatorWeddingCreated.type}`,
  'notifications: send email couple-confirmation',
  'notifications: send email wedding-created',
];
const stepOf = (span: ReceivedSpan) =>
  `${span.service}: ${span.name}${span.name === 'send email' ? ` ${String(span.attributes['notification.template'])}` : ''}`;
/** The booking a span is about: the message's conversation id, or the booking id the span was given. */
const bookingOf = (span: ReceivedSpan) => String(span.attributes['messaging.message.conversation_id'] ?? span.attributes['booking.id'] ?? '');

/**
 * The spans of some bookings' journeys, indexed as they come in (a backlog leaves some 100 000 spans: read each once,
 * not once a poll), and what is still missing: the condition the backlog test waits on, and its failure message.
 */
class JourneyIndex {
  /** The bookings' spans but their requests; and every span seen (a parent may be any span: a statement, a request). */
  readonly spans: ReceivedSpan[] = [];
  private readonly known = new Set<string>();
  private readonly steps = new Map<string, Set<string>>();
  private readonly traces = new Map<string, string>();
  private seen = 0;

  constructor(private readonly bookingIds: Set<string>) {}

  read(received: ReceivedSpan[]): void {
    for (; this.seen < received.length; this.seen++) {
      const span = received[this.seen];
      this.known.add(`${span.traceId}/${span.spanId}`);
      const bookingId = bookingOf(span);
      if (!this.bookingIds.has(bookingId)) continue;
      if (span.kind !== SERVER) this.spans.push(span);
      else if (span.name === 'POST /api/bookings/request') this.traces.set(bookingId, span.traceId);
      const steps = this.steps.get(bookingId) ?? new Set<string>();
      this.steps.set(bookingId, steps.add(stepOf(span)));
    }
  }

  traceOf(bookingId: string): string | undefined {
    return this.traces.get(bookingId);
  }

  /**
   * Empty when every booking has every step and every span its parent; else which bookings lack which steps (the
   * first few, and a count per step), the spans whose parent is missing, and whether spans are still arriving or
   * the receiver refused some: late spans, or lost ones.
   */
  gaps(bookingIds: string[], receiver: OtlpReceiver): string[] {
    const lacking = bookingIds
      .map((id) => ({ id, missing: JOURNEY.filter((step) => !this.steps.get(id)?.has(step)) }))
      .filter(({ missing }) => missing.length > 0);
    const orphans = this.spans.filter((span) => !this.known.has(`${span.traceId}/${span.parentSpanId}`));
    if (lacking.length === 0 && orphans.length === 0) return [];
    const perStep = JOURNEY.map((step) => `${lacking.filter(({ missing }) => missing.includes(step)).length} × ${step}`);
    return [
      `${lacking.length} of ${bookingIds.length} bookings lack spans (${perStep.filter((line) => !line.startsWith('0 ')).join('; ')})`,
      ...lacking.slice(0, 10).map(({ id, missing }) => `booking ${id} lacks: ${missing.join(', ')}`),
      `${orphans.length} spans without their parent`,
      ...orphans.slice(0, 5).map((span) => `${stepOf(span)} of ${bookingOf(span)}: parent ${span.parentSpanId} not in ${span.traceId}`),
      `last span received ${((Date.now() - receiver.lastReceivedAt) / 1000).toFixed(1)} s ago; ${receiver.spans.length} spans in all`,
      `${receiver.refused.length} export requests refused${receiver.refused.length ? `: ${receiver.refused.slice(0, 3).join('; ')}` : ''}`,
    ];
  }
}

describe('observability of a booking, across processes', () => {
  const prefix = uniquePrefix('observe');
  const names = {
    bookingsExchange: `${prefix}.bookings.events`,
    coordinatorExchange: `${prefix}.coordinator.events`,
    bookingCreatedQueue: `${prefix}.coordinator.booking-created`,
    outcomesQueue: `${prefix}.bookings.coordinator-outcomes`,
    notificationsQueue: `${prefix}.notifications.coordinator-events`,
  };
  const bookingsDbUrl = databaseUrl(`${prefix}_bookings`);
  const coordinatorDbUrl = databaseUrl(`${prefix}_coordinator`);
  const notificationsDbUrl = databaseUrl(`${prefix}_notifications`);
  let sink: SmtpSink;
  let notifications: ServiceProcess;
  let notificationsDb: Client;
  let receiver: OtlpReceiver;
  let bookingsBroker: TcpProxy;
  let bookings: ServiceProcess;
  let coordinator: ServiceProcess;
  let bookingsDb: Client;
  let coordinatorDb: Client;
  let amqp: ChannelModel;
  let channel: Channel;
  let coordinatorId: string;
  /** Every event published during this file, from a queue of the test's own on each exchange. */
  const published: ConsumeMessage[] = [];
  /** The messages the test published itself (poison), not the services. */
  const publishedByTheTest = new Set<string>();
  const publishPoison = (body: Buffer) => {
    const messageId = randomUUID();
    publishedByTheTest.add(messageId);
    channel.publish(names.bookingsExchange, BookingCreated.type, body, {
      messageId,
      type: BookingCreated.type,
      headers: { [VERSION_HEADER]: String(BookingCreated.version) },
    });
  };

  const sharedEnv = {
    AMQP_URL: testAmqpUrl(),
    BOOKINGS_EXCHANGE: names.bookingsExchange,
    COORDINATOR_EXCHANGE: names.coordinatorExchange,
    BOOKING_CREATED_QUEUE: names.bookingCreatedQueue,
    COORDINATOR_OUTCOMES_QUEUE: names.outcomesQueue,
    CONSUMER_RETRY_DELAYS_MS: '200,400',
    OUTBOX_POLL_INTERVAL_MS: '200',
    HOST: '127.0.0.1',
    OTEL_TRACES_SAMPLER: 'always_on',
    // Exported often, and never dropped under the backlog: the test counts every span.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    OTEL_BSP_MAX_QUEUE_SIZE: '200000',
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2000',
  };

  const book = async (fields: Record<string, unknown> = {}) => {
    const response = await requestJson('POST', `${bookings.url}/api/bookings/request`, {
      vendorId: coordinatorId,
      coupleName: 'Mara & Leo',
      contactEmail: `couple-${randomUUID()}@email.com`,
      eventDate: '2031-02-14',
      ...fields,
    });
    expect(response.status).toBe(201);
    return response.body.booking as { id: string };
  };
  const scrape = async (service: ServiceProcess, token?: string) => {
    const response = await fetch(`${service.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(response.status).toBe(200);
    return response.text();
  };
  const completed = async (bookingIds: string[]) =>
    (
      await bookingsDb.query(
        `SELECT count(*)::int AS n FROM bookings WHERE id = ANY($1::uuid[]) AND coordinator_integration_status = 'completed'`,
        [bookingIds],
      )
    ).rows[0].n as number;
  /** A consumer of CoordinatorWeddingCreated handling this booking's: the bookings service's, or the notification service's. */
  const consumeSpanOf = (service: string, bookingId: string) =>
    receiver.spans.find(
      (span) =>
        span.service === service &&
        span.kind === CONSUMER &&
        span.name === `process ${CoordinatorWeddingCreated.type}` &&
        span.attributes['booking.id'] === bookingId,
    );
  const outcomeSpanOf = (bookingId: string) => consumeSpanOf('bookings', bookingId);
  const sendSpansOf = (bookingId: string) =>
    receiver.spans.filter((span) => span.name === 'send email' && span.attributes['booking.id'] === bookingId);
  const rootOf = (span: ReceivedSpan, byId: Map<string, ReceivedSpan>): ReceivedSpan[] => {
    const chain = [span];
    while (chain[chain.length - 1].parentSpanId) {
      const parent = byId.get(chain[chain.length - 1].parentSpanId!);
      if (!parent) break;
      chain.push(parent);
    }
    return chain;
  };
  const parallel = async <T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> => {
    const results: T[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          results[i] = await work(i);
        }
      }),
    );
    return results;
  };

  beforeAll(async () => {
    buildServices();
    receiver = await OtlpReceiver.start();
    sink = await SmtpSink.start();
    const broker = new URL(testAmqpUrl().split(',')[0]);
    bookingsBroker = await TcpProxy.start({ host: broker.hostname, port: Number(broker.port || 5672) });
    amqp = await connectToBroker(testAmqpUrl());
    channel = await amqp.createChannel();
    // The two protocols the OTLP exporters speak, one per service.
    [bookings, coordinator, notifications] = await Promise.all([
      ServiceProcess.start('bookings', {
        ...sharedEnv,
        AMQP_URL: bookingsBroker.url(testAmqpUrl()),
        BOOKINGS_PORT: '0',
        BOOKINGS_DATABASE_URL: bookingsDbUrl,
        RATE_LIMIT_PER_MINUTE: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }),
      ServiceProcess.start('coordinator', {
        ...sharedEnv,
        COORDINATOR_PORT: '0',
        COORDINATOR_DATABASE_URL: coordinatorDbUrl,
        // Low, to show that /metrics is never limited.
        RATE_LIMIT_PER_MINUTE: '5',
        METRICS_TOKEN,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      }),
      ServiceProcess.start('notifications', {
        ...sharedEnv,
        NOTIFICATIONS_PORT: '0',
        NOTIFICATIONS_DATABASE_URL: notificationsDbUrl,
        NOTIFICATIONS_QUEUE: names.notificationsQueue,
        SMTP_URL: sink.url,
        MAIL_FROM: 'Wedding Coordinator <notifications@wedding.test>',
        EMAIL_RETRY_DELAYS_MS: '300,600',
        EMAIL_POLL_INTERVAL_MS: '200',
        EMAIL_CONCURRENCY: '20',
        RATE_LIMIT_PER_MINUTE: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      }),
    ]);
    bookingsDb = new Client({ connectionString: bookingsDbUrl });
    coordinatorDb = new Client({ connectionString: coordinatorDbUrl });
    notificationsDb = new Client({ connectionString: notificationsDbUrl });
    await Promise.all([bookingsDb.connect(), coordinatorDb.connect(), notificationsDb.connect()]);
    for (const service of [coordinator, notifications]) {
      await expectEventually(async () => expect((await requestJson('GET', `${service.url}/health/ready`)).status).toBe(200), {
        timeoutMs: 30_000,
      });
    }
    for (const exchange of [names.bookingsExchange, names.coordinatorExchange]) {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      await channel.bindQueue(queue, exchange, '#');
      await channel.consume(queue, (message) => message && published.push(message), { noAck: true });
    }
    coordinatorId = (
      await requestJson('POST', `${bookings.url}/api/vendors`, {
        businessName: 'Ayos Events',
        businessType: 'Wedding Coordination',
        email: 'hello@ayos-events.test',
      })
    ).body.id;
  });

  afterAll(async () => {
    await Promise.all([bookings?.stop(), coordinator?.stop(), notifications?.stop()]);
    await bookingsDb?.end();
    await coordinatorDb?.end();
    await notificationsDb?.end();
    await sink?.stop();
    const { exchanges, queues } = topologyNames({
      publishes: names.coordinatorExchange,
      consumes: {
        exchange: names.bookingsExchange,
        queue: names.bookingCreatedQueue,
        routingKeys: [],
        retryDelaysMs: [200, 400],
        queueType: 'quorum',
      },
    });
    const outcomes = topologyNames({
      publishes: names.bookingsExchange,
      consumes: { exchange: names.coordinatorExchange, queue: names.outcomesQueue, routingKeys: [], retryDelaysMs: [200, 400], queueType: 'quorum' },
    });
    const notified = topologyNames({
      consumes: { exchange: names.coordinatorExchange, queue: names.notificationsQueue, routingKeys: [], retryDelaysMs: [200, 400], queueType: 'quorum' },
    });
    for (const queue of new Set([...queues, ...outcomes.queues, ...notified.queues])) await channel.deleteQueue(queue);
    for (const exchange of new Set([...exchanges, ...outcomes.exchanges])) await channel.deleteExchange(exchange);
    await amqp?.close();
    await bookingsBroker?.close();
    await receiver?.close();
    await dropDatabases(bookingsDbUrl, coordinatorDbUrl, notificationsDbUrl);
  });

  it('follows one booking in one trace, from the HTTP request to every consumer of CoordinatorWeddingCreated and its emails', async () => {
    const booking = await book();
    const last = await expectEventually(() => {
      const span = outcomeSpanOf(booking.id);
      expect(span).toBeDefined();
      return span!;
    }, { timeoutMs: 30_000 });
    // Spans of a trace arrive in batches, from two processes: wait until the chain is whole.
    const chain = await expectEventually(() => {
      const byId = new Map(receiver.spans.filter((s) => s.traceId === last.traceId).map((s) => [s.spanId, s]));
      const links = rootOf(last, byId);
      expect(links[links.length - 1].parentSpanId).toBeUndefined();
      return links.reverse();
    });
    const [root] = chain;
    expect(root).toMatchObject({ service: 'bookings', kind: SERVER, name: 'POST /api/bookings/request' });
    expect(root.attributes['booking.id']).toBe(booking.id);
    // The unbroken parent chain, in order, across both processes and both outboxes.
    const steps = chain.filter((span) => span.kind === PRODUCER || span.kind === CONSUMER).map((span) => `${span.service}: ${span.name}`);
    expect(steps).toEqual([
      `bookings: publish ${BookingCreated.type}`,
      `coordinator: process ${BookingCreated.type}`,
      `coordinator: publish ${CoordinatorWeddingCreated.type}`,
      `bookings: process ${CoordinatorWeddingCreated.type}`,
    ]);
    const trace = receiver.spans.filter((span) => span.traceId === root.traceId);
    const coordinatorConsume = chain.find((span) => span.name === `process ${BookingCreated.type}`)!;
    expect(coordinatorConsume.attributes).toMatchObject({ 'booking.id': booking.id, 'messaging.message.conversation_id': booking.id });
    expect(coordinatorConsume.attributes['wedding.id']).toEqual(expect.any(String));
    // The coordinator's transaction runs inside its consume span: its statements are children of it.
    const statements = trace.filter((span) => span.service === 'coordinator' && span.parentSpanId === coordinatorConsume.spanId);
    expect(statements.map((span) => span.attributes['db.system.name'] ?? span.attributes['db.system'])).toContain('postgresql');
    // The outbox row carries the trace, written in the booking's own transaction.
    const { rows } = await bookingsDb.query(`SELECT traceparent FROM outbox WHERE correlation_id = $1`, [booking.id]);
    expect(rows[0].traceparent).toMatch(new RegExp(`^00-${root.traceId}-${root.spanId}-01$`));
    expect([...receiver.protocols].sort()).toEqual(['http/json', 'http/protobuf']);

    // The notification service's branch of the same trace: its consume, child of the coordinator's publish, and the
    // two emails (to the coordinator, to the couple), sent later by its dispatcher in the context stored with them.
    const coordinatorPublish = chain.find((span) => span.name === `publish ${CoordinatorWeddingCreated.type}`)!;
    const notified = await expectEventually(() => {
      const span = consumeSpanOf('notifications', booking.id);
      expect(span).toMatchObject({ traceId: root.traceId, parentSpanId: coordinatorPublish.spanId });
      return span!;
    });
    const sends = await expectEventually(() => {
      const spans = sendSpansOf(booking.id);
      expect(spans.map((span) => span.attributes['notification.template']).sort()).toEqual(['couple-confirmation', 'wedding-created']);
      return spans;
    });
    for (const send of sends) {
      expect(send).toMatchObject({ service: 'notifications', traceId: root.traceId, parentSpanId: notified.spanId });
      expect(send.attributes['notification.outcome']).toBe('sent');
    }
  });

  it('counts 100 bookings consumed and acked, brings the oldest unsent row back to 0 s, and passes promtool', async () => {
    const before = {
      bookings: await scrape(bookings),
      coordinator: await scrape(coordinator, METRICS_TOKEN),
      notifications: await scrape(notifications),
    };
    const linesBefore = { bookings: bookings.output.length, coordinator: coordinator.output.length, notifications: notifications.output.length };
    const ids = (await parallel(100, 10, () => book())).map((booking) => booking.id);
    await expectEventually(async () => expect(await completed(ids)).toBe(100), { timeoutMs: 60_000 });
    const after = await expectEventually(async () => {
      const now = {
        bookings: await scrape(bookings),
        coordinator: await scrape(coordinator, METRICS_TOKEN),
        notifications: await scrape(notifications),
      };
      for (const text of [now.bookings, now.coordinator]) {
        expect(metricValue(text, 'outbox_pending_rows')).toBe(0);
        expect(metricValue(text, 'outbox_oldest_unsent_age_seconds')).toBe(0);
      }
      expect(
        metricValue(now.bookings, 'messages_consumed_total', { type: CoordinatorWeddingCreated.type, outcome: 'ack' }) -
          metricValue(before.bookings, 'messages_consumed_total', { type: CoordinatorWeddingCreated.type, outcome: 'ack' }),
      ).toBe(100);
      expect(
        metricValue(now.notifications, 'notifications_total', { channel: 'email', outcome: 'sent' }) -
          metricValue(before.notifications, 'notifications_total', { channel: 'email', outcome: 'sent' }),
      ).toBe(200);
      return now;
    }, { timeoutMs: 60_000 });
    const delta = (service: 'bookings' | 'coordinator' | 'notifications', name: string, labels: Record<string, string>) =>
      metricValue(after[service], name, labels) - metricValue(before[service], name, labels);
    expect(delta('coordinator', 'messages_consumed_total', { type: BookingCreated.type, outcome: 'ack' })).toBe(100);
    expect(delta('coordinator', 'message_handler_duration_seconds_count', { type: BookingCreated.type })).toBe(100);
    expect(delta('coordinator', 'event_end_to_end_latency_seconds_count', { type: BookingCreated.type })).toBe(100);
    expect(delta('bookings', 'events_published_total', { type: BookingCreated.type })).toBe(100);
    expect(delta('coordinator', 'events_published_total', { type: CoordinatorWeddingCreated.type })).toBe(100);
    expect(delta('notifications', 'messages_consumed_total', { type: CoordinatorWeddingCreated.type, outcome: 'ack' })).toBe(100);
    expect(
      delta('bookings', 'http_server_request_duration_seconds_count', { route: '/api/bookings/request', method: 'POST', status_code: '201' }),
    ).toBe(100);
    expect(metricValue(after.bookings, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    for (const text of Object.values(after)) {
      // No id, email or other unbounded value in a label.
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(text).not.toContain('@');
      expect(promtoolProblems(text)).toEqual([]);
    }
    // A handful of info lines per booking and service at most (the request line counts).
    for (const service of [bookings, coordinator, notifications]) {
      const lines = service.output.slice(linesBefore[service.name as 'bookings']).map((line) => JSON.parse(line));
      expect(lines.filter((line) => line.level === 30).length).toBeLessThanOrEqual(3 * 100);
    }
  });

  it('protects /metrics with METRICS_TOKEN and never rate-limits it', async () => {
    expect((await fetch(`${coordinator.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${coordinator.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const token = await mintToken(coordinatorId);
    const dashboard = await parallel(6, 1, async () =>
      (await fetch(`${coordinator.url}/api/coordinator/dashboard`, { headers: { authorization: `Bearer ${token}` } })).status,
    );
    expect(dashboard).toContain(429);
    const scrapes = await parallel(10, 2, async () => (await fetch(`${coordinator.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })).status);
    expect(scrapes).toEqual(Array(10).fill(200));
  });

  it('moves dead_letter by one for a poison message, and duplicate by one for a copy of a handled one', async () => {
    const before = await scrape(coordinator, METRICS_TOKEN);
    const outcome = (text: string, value: string) => metricValue(text, 'messages_consumed_total', { type: BookingCreated.type, outcome: value });
    publishPoison(Buffer.from('not json'));
    const booking = await book();
    const original = await expectEventually(() => {
      const message = published.find((m) => m.properties.type === BookingCreated.type && m.properties.correlationId === booking.id);
      expect(message).toBeDefined();
      return message!;
    });
    await expectEventually(async () => expect(await completed([booking.id])).toBe(1));
    channel.publish(names.bookingsExchange, BookingCreated.type, original.content, original.properties);
    await expectEventually(async () => {
      const after = await scrape(coordinator, METRICS_TOKEN);
      expect(outcome(after, 'dead_letter') - outcome(before, 'dead_letter')).toBe(1);
      expect(outcome(after, 'duplicate') - outcome(before, 'duplicate')).toBe(1);
      expect(outcome(after, 'ack') - outcome(before, 'ack')).toBe(1);
    });
  });

  it(`attaches no span to the wrong trace while a backlog of ${BACKLOG} rows is replayed after a broker cut`, async () => {
    bookingsBroker.cutOff();
    await expectEventually(async () =>
      expect((await requestJson('GET', `${bookings.url}/health/ready`)).body.broker).toBe('down'),
    );
    const backlog = (await parallel(BACKLOG, 16, () => book())).map((booking) => booking.id);
    const { rows } = await bookingsDb.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`);
    expect(rows[0].n).toBeGreaterThanOrEqual(BACKLOG);
    bookingsBroker.restore();
    // New requests while the backlog goes out: their contexts are about while the relay publishes old rows.
    const live = (await parallel(50, 5, () => book())).map((booking) => booking.id);
    const all = [...backlog, ...live];
    await expectEventually(async () => expect(await completed(all)).toBe(all.length), { timeoutMs: 240_000, intervalMs: 500 });
    // And every email sent: the dispatcher's backlog, sent in the contexts stored with the notifications.
    await expectEventually(
      async () => {
        const { rows } = await notificationsDb.query(
          `SELECT count(*)::int AS n FROM notifications WHERE booking_id = ANY($1::uuid[]) AND status = 'sent'`,
          [all],
        );
        expect(rows[0].n).toBe(2 * all.length);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );

    // The work is done; its spans are exported in batches by three processes, and may still be on their way. Wait
    // until each booking's journey is whole, span by span, with every parent in: what the asserts below read.
    const journeys = new JourneyIndex(new Set(all));
    await expectEventually(
      () => {
        journeys.read(receiver.spans);
        expect(journeys.gaps(all, receiver)).toEqual([]);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );

    // No chain broken by the replay (every parent is in, above), and each booking's spans lie in the trace its request
    // began. (More than one span a step when the relay sent a row again after the cut.)
    const misplaced = journeys.spans.filter((span) => span.traceId !== journeys.traceOf(bookingOf(span)));
    expect(misplaced.slice(0, 5).map((span) => `${stepOf(span)} of ${bookingOf(span)} in ${span.traceId}`)).toEqual([]);
  }, 600_000);

  it('writes JSON lines with the trace id, and no name, email or phone anywhere in the services’ output', async () => {
    const tag = randomBytes(4).toString('hex');
    const couple = { name: `Quintessa Vale-${tag}`, email: `quintessa.${tag}@example.org`, phone: `+63 917 ${Date.now() % 10_000_000}` };
    // A trigger quotes the couple's details in the error that fails this coordinator's integrations: personal data in
    // error messages, retries and the give-up report, as a database constraint's detail would.
    await coordinatorDb.query(`
      CREATE OR REPLACE FUNCTION refuse_quintessa() RETURNS trigger AS $$
      BEGIN
        IF NEW.email = '${couple.email}' THEN RAISE EXCEPTION 'refusing % at %', NEW.email, NEW.phone; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse_quintessa BEFORE INSERT ON coordinator_clients FOR EACH ROW EXECUTE FUNCTION refuse_quintessa();`);
    try {
      const ok = await book({ coupleName: `${couple.name} Jr`, contactEmail: `ok.${couple.email}`, contactPhone: `${couple.phone}1` });
      const failing = await book({ coupleName: couple.name, contactEmail: couple.email, contactPhone: couple.phone });
      // A poison message with the same details, and requests whose paths and queries carry them.
      publishPoison(
        Buffer.from(JSON.stringify({ bookingId: randomUUID(), coupleName: couple.name, contactEmail: couple.email, contactPhone: couple.phone })),
      );
      expect((await requestJson('GET', `${bookings.url}/api/bookings/${encodeURIComponent(couple.email)}`)).status).toBe(400);
      const invalid = await requestJson('POST', `${bookings.url}/api/bookings/request`, {
        vendorId: coordinatorId,
        coupleName: couple.name,
        contactEmail: couple.email,
        contactPhone: couple.phone,
        eventDate: 'not a date',
      });
      expect(invalid.status).toBe(400);
      const token = await mintToken(randomUUID());
      await fetch(`${coordinator.url}/api/coordinator/clients?search=${encodeURIComponent(couple.name)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await expectEventually(async () => expect(await completed([ok.id])).toBe(1));
      await expectEventually(async () => {
        const { rows } = await bookingsDb.query(`SELECT coordinator_integration_status AS status FROM bookings WHERE id = $1`, [failing.id]);
        expect(rows[0].status).toBe('failed');
      });
      await expectEventually(() => expect(outcomeSpanOf(ok.id)).toBeDefined());
      await expectEventually(() => expect(sendSpansOf(ok.id)).toHaveLength(2));

      // One JSON object per line; the request's and the delivery's lines carry their trace's id.
      for (const service of [bookings, coordinator, notifications]) {
        expect(service.output.filter((line) => !isJson(line))).toEqual([]);
      }
      const traceId = outcomeSpanOf(ok.id)!.traceId;
      const lines = [...bookings.output, ...coordinator.output, ...notifications.output].map((line) => JSON.parse(line));
      expect(lines.filter((line) => line.traceId === traceId).map((line) => `${line.service}: ${line.msg}`)).toEqual(
        expect.arrayContaining([
          'bookings: POST /api/bookings/request 201',
          'coordinator: booking integrated',
          'notifications: event expanded',
          'notifications: email sent',
        ]),
      );
      expect(lines.some((line) => line.level === 40 && /refusing \[email\] at \[phone\]/.test(JSON.stringify(line)))).toBe(true);

      const spans = receiver.spans.map((span) => span.text).join('\n');
      const output = [...bookings.output, ...coordinator.output, ...notifications.output].join('\n');
      const metrics = (await scrape(bookings)) + (await scrape(coordinator, METRICS_TOKEN)) + (await scrape(notifications));
      for (const [where, text] of Object.entries({ output, spans, metrics })) {
        for (const [what, value] of Object.entries(couple)) {
          // As written, in part, and as a URL would carry it.
          for (const form of [value, value.slice(0, -2), encodeURIComponent(value), value.replace(/ /g, '+')]) {
            expect(`${where}: ${what} ${text.includes(form) ? `found as ${form}` : 'absent'}`).toBe(`${where}: ${what} absent`);
          }
        }
      }
    } finally {
      await coordinatorDb.query(`DROP TRIGGER IF EXISTS refuse_quintessa ON coordinator_clients`);
    }
  });

  it('serves each producer’s AsyncAPI document, valid, and every event published here validates against it', async () => {
    const documents = await Promise.all(
      [bookings, coordinator].map(async (service) => (await requestJson('GET', `${service.url}/docs/asyncapi.json`)).body),
    );
    const parser = new Parser();
    for (const document of documents) {
      const { diagnostics } = await parser.parse(JSON.stringify(document));
      expect(diagnostics.filter((d) => d.severity === 0).map((d) => d.message)).toEqual([]);
    }
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    const validators = new Map<string, { payload: (data: unknown) => boolean; headers: (data: unknown) => boolean }>();
    for (const [i, document] of documents.entries()) {
      ajv.addSchema({ components: document.components }, `producer-${i}.json`);
      for (const message of Object.values<any>(document.components.messages)) {
        validators.set(message.name, {
          payload: ajv.compile({ $ref: `producer-${i}.json${message.payload.$ref}` }),
          headers: ajv.compile(message.headers),
        });
      }
    }
    const ours = published.filter((message) => validators.has(message.properties.type));
    expect(new Set(ours.map((message) => message.properties.type))).toEqual(
      new Set([BookingCreated.type, CoordinatorWeddingCreated.type, CoordinatorIntegrationFailed.type]),
    );
    const byTheServices = ours.filter((message) => !publishedByTheTest.has(String(message.properties.messageId)));
    expect(byTheServices.length).toBeGreaterThan(2 * BACKLOG);
    const refused = byTheServices.filter((message) => {
      const validator = validators.get(message.properties.type)!;
      const body = JSON.parse(message.content.toString('utf8'));
      return !validator.payload(body) || !validator.headers(message.properties.headers) || message.properties.messageId !== body.eventId;
    });
    expect(refused.map((message) => message.content.toString('utf8'))).toEqual([]);
    for (const service of [bookings, coordinator]) {
      const page = await fetch(`${service.url}/docs/events`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('routing key');
    }
  });
});
