// Load on the running system: vendors, booking requests at a fixed rate (open loop) or from N workers (closed loop),
// their CoordinatorWeddingCreated events, and the backlogs sampled meanwhile.
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');
const { residentMB } = require('./processes');
const { messaging } = require('./system');
const { slopePerSecond, round } = require('./stats');

const COORDINATOR_TYPES = ['Wedding Coordination', 'Event Planning', 'wedding planner', 'Coordination & Styling'];
const OTHER_TYPES = ['Photography', 'Catering', 'Florist', 'Lights and Sound'];
/** Share of coordinator bookings made by a couple who booked that coordinator before (client matching). */
const REPEAT_SHARE = 0.15;

/** JSON over HTTP/1.1 keep-alive, no socket limit: a slow answer never holds back the next request. */
class HttpClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.agent = new http.Agent({ keepAlive: true, maxFreeSockets: 256 });
  }

  post(path, body) {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve) => {
      const request = http.request(
        `${this.baseUrl}${path}`,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            let json;
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              json = undefined;
            }
            resolve({ status: response.statusCode, body: json });
          });
          response.on('error', (error) => resolve({ status: 0, error: error.message }));
        },
      );
      request.on('error', (error) => resolve({ status: 0, error: error.message }));
      request.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

async function createVendors(client, { coordinators = 8, others = 4 } = {}) {
  const wanted = [
    ...Array.from({ length: coordinators }, (_, i) => COORDINATOR_TYPES[i % COORDINATOR_TYPES.length]),
    ...Array.from({ length: others }, (_, i) => OTHER_TYPES[i % OTHER_TYPES.length]),
  ];
  return Promise.all(
    wanted.map(async (businessType, i) => {
      const { status, body } = await client.post('/api/vendors', {
        businessName: `Bench Vendor ${i + 1}`,
        businessType,
        email: `vendor${i + 1}@bench.example`,
      });
      if (status !== 201) throw new Error(`POST /api/vendors answered ${status}: ${JSON.stringify(body)}`);
      return { id: body.id, businessType, isCoordinator: body.isCoordinator };
    }),
  );
}

const snakeCase = (name) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const daysFromNow = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Booking requests as the marketplace frontend sends them: every field in camelCase and in snake_case. */
class BookingFactory {
  constructor(vendors) {
    this.coordinators = vendors.filter((vendor) => vendor.isCoordinator);
    this.others = vendors.filter((vendor) => !vendor.isCoordinator);
    this.couples = [];
    this.count = 0;
  }

  /** A coordinator booking with probability `coordinatorShare`; some of those by a couple seen before. */
  next(coordinatorShare) {
    const n = ++this.count;
    const fresh = {
      coupleName: `Couple ${n}`,
      contactEmail: `couple${n}@bench.example`,
      contactPhone: `0917 ${String(n % 1e7).padStart(7, '0')}`,
    };
    if (Math.random() >= coordinatorShare) {
      return { coordinator: false, repeat: false, body: this.body(pick(this.others), fresh) };
    }
    const repeat = this.couples.length > 0 && Math.random() < REPEAT_SHARE;
    const couple = repeat ? pick(this.couples) : { vendor: pick(this.coordinators), ...fresh };
    if (!repeat) this.couples.push(couple);
    if (this.couples.length > 1000) this.couples.shift();
    return { coordinator: true, repeat, body: this.body(couple.vendor, couple) };
  }

  body(vendor, couple) {
    const fields = {
      vendorId: vendor.id,
      serviceType: vendor.businessType,
      serviceName: 'Full wedding package',
      coupleName: couple.coupleName,
      contactPerson: couple.coupleName,
      contactEmail: couple.contactEmail,
      contactPhone: couple.contactPhone,
      preferredContactMethod: 'email',
      eventDate: daysFromNow(20 + Math.floor(Math.random() * 380)),
      eventTime: '15:00',
      eventLocation: 'Manila Cathedral',
      guestCount: 150,
      budgetRange: pick(['50k-100k', '100k-200k', '1M-2M', 'under 50k']),
      specialRequests: 'Need full planning',
    };
    return { ...fields, ...Object.fromEntries(Object.entries(fields).map(([key, value]) => [snakeCase(key), value])) };
  }
}

/**
 * CoordinatorWeddingCreated events, on a queue of this benchmark bound to the coordinator's exchange: exclusive,
 * not durable, no acks (a listener that goes away takes its queue with it, and a lost event shows up as lost).
 */
class WeddingEvents {
  static async start(amqpUrl, exchange, queue, queueType) {
    const { connectToBroker, declareEventExchange, TopologyDeclarer } = messaging();
    const events = new WeddingEvents();
    events.connection = await connectToBroker(amqpUrl);
    // Declared as the services declare it (its alternate exchange included), whichever of us comes first.
    const declarer = new TopologyDeclarer(events.connection);
    await declareEventExchange(declarer, exchange, queueType);
    await declarer.close();
    const channel = await events.connection.createChannel();
    await channel.assertQueue(queue, { exclusive: true, durable: false });
    await channel.bindQueue(queue, exchange, 'coordinator.wedding.created');
    await channel.consume(queue, (message) => message && events.receive(message), { noAck: true });
    return events;
  }

  constructor() {
    this.waiters = new Map();
    this.arrived = new Map();
    this.received = 0;
    this.mismatched = 0;
  }

  receive(message) {
    const at = performance.now();
    const body = JSON.parse(message.content.toString('utf8'));
    const bookingId = message.properties.correlationId;
    this.received++;
    if (bookingId !== body.bookingId) {
      this.mismatched++; // the README promises correlationId = bookingId; a broken promise shows up as lost bookings
      return;
    }
    const event = { at, client: body.client, occurredAt: Date.parse(body.occurredAt) };
    const waiter = this.waiters.get(bookingId);
    if (waiter) {
      this.waiters.delete(bookingId);
      waiter(event);
    } else {
      this.arrived.set(bookingId, event); // published before the POST's answer was read
    }
  }

  /** The event's arrival, or null after the timeout. */
  waitFor(bookingId, timeoutMs) {
    const early = this.arrived.get(bookingId);
    if (early) {
      this.arrived.delete(bookingId);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(bookingId);
        resolve(null);
      }, Math.max(0, timeoutMs));
      this.waiters.set(bookingId, (event) => {
        clearTimeout(timer);
        resolve(event);
      });
    });
  }

  async close() {
    await this.connection.close().catch(() => undefined);
  }
}

/** Sends one booking; POST and end-to-end times count from when it was due, so a late sender cannot hide a stall. */
async function sendBooking({ client, events, booking, dueAt, timeoutMs }) {
  const sentAt = performance.now();
  const response = await client.post('/api/bookings/request', booking.body);
  const answeredAt = performance.now();
  const record = {
    dueAt,
    lagMs: sentAt - dueAt,
    postMs: answeredAt - dueAt,
    status: response.status,
    coordinator: booking.coordinator,
    repeat: booking.repeat,
  };
  if (response.status !== 201) return { ...record, error: response.error ?? JSON.stringify(response.body) };
  if (!booking.coordinator) return record;
  const event = await events.waitFor(response.body.booking.id, timeoutMs - (answeredAt - dueAt));
  if (!event) return { ...record, lost: true };
  return {
    ...record,
    e2eMs: event.at - dueAt,
    // CoordinatorWeddingCreated.occurredAt is stamped inside the coordinator's transaction (wall clock, 1 ms steps).
    untilCoordinatorEventMs: event.occurredAt - (performance.timeOrigin + dueAt),
    completedAt: event.at,
    client: event.client,
  };
}

/** Open loop: booking i is due at start + i / rate, sent then whatever the answers before it are doing. */
async function runOpenLoop({ rate, seconds, coordinatorShare, timeoutMs, ...context }) {
  const count = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const startedAt = performance.now() + 10;
  const sends = [];
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      while (next < count && startedAt + next * intervalMs <= performance.now()) {
        const booking = context.factory.next(coordinatorShare);
        sends.push(sendBooking({ ...context, booking, dueAt: startedAt + next * intervalMs, timeoutMs }));
        next++;
      }
      if (next >= count) resolve();
      else setTimeout(tick, Math.max(0, startedAt + next * intervalMs - performance.now()));
    };
    setTimeout(tick, 10);
  });
  const sentUntil = performance.now();
  return { startedAt, endedAt: sentUntil, records: await Promise.all(sends) };
}

/**
 * Closed loop: each worker sends its next booking once the previous one's event has arrived (or its POST was answered,
 * for another vendor); coordinator bookings only unless told otherwise.
 */
async function runClosedLoop({ concurrency, seconds, timeoutMs, coordinatorShare = 1, ...context }) {
  const startedAt = performance.now();
  const endedAt = startedAt + seconds * 1000;
  const records = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < endedAt) {
        const booking = context.factory.next(coordinatorShare);
        records.push(await sendBooking({ ...context, booking, dueAt: performance.now(), timeoutMs }));
      }
    }),
  );
  return { startedAt, endedAt, records };
}

/**
 * Every `intervalMs`: the unsent outbox rows of both services, the ready messages of the coordinator's queue, and
 * the resident memory of both services, each sample labelled with the phase it was taken in.
 */
class BacklogSampler {
  static async start({ bookingsDatabaseUrl, coordinatorDatabaseUrl, amqpUrl, queue, pids, intervalMs }) {
    const sampler = new BacklogSampler(pids, queue);
    sampler.bookingsDb = new Client({ connectionString: bookingsDatabaseUrl });
    sampler.coordinatorDb = new Client({ connectionString: coordinatorDatabaseUrl });
    await Promise.all([sampler.bookingsDb.connect(), sampler.coordinatorDb.connect()]);
    sampler.connection = await messaging().connectToBroker(amqpUrl);
    sampler.channel = await sampler.connection.createChannel();
    sampler.origin = performance.now();
    sampler.intervalMs = intervalMs;
    sampler.resume();
    return sampler;
  }

  constructor(pids, queue) {
    this.pids = pids;
    this.queue = queue;
    this.samples = [];
    this.phase = 'idle';
    this.busy = false;
    this.failures = [];
  }

  async read() {
    const unsent = 'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL';
    const [bookings, coordinator, queue] = await Promise.all([
      this.bookingsDb.query(unsent),
      this.coordinatorDb.query(unsent),
      this.channel.checkQueue(this.queue),
    ]);
    return {
      bookingsOutbox: bookings.rows[0].n,
      queueReady: queue.messageCount,
      coordinatorOutbox: coordinator.rows[0].n,
    };
  }

  async sample() {
    if (this.busy) return;
    this.busy = true;
    try {
      const t = round((performance.now() - this.origin) / 1000, 3);
      const backlog = await this.read();
      this.samples.push({
        t,
        phase: this.phase,
        ...backlog,
        backlog: backlog.bookingsOutbox + backlog.queueReady + backlog.coordinatorOutbox,
        rssMB: Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, residentMB(pid)])),
      });
    } catch (error) {
      // Reported with the results: one lost sample is no reason to stop the run.
      this.failures.push(`${this.phase}: ${error.message}`);
    } finally {
      this.busy = false;
    }
  }

  of(phase) {
    return this.samples.filter((sample) => sample.phase === phase);
  }

  /**
   * Backlog mean, max and trend, and resident memory mean and peak per service, over a phase's samples. The trend
   * leaves out the first quarter of the phase, where a closed loop fills its pipeline once.
   */
  summary(phase) {
    const samples = this.of(phase);
    const steadyFrom = samples.length ? samples[0].t + (samples.at(-1).t - samples[0].t) / 4 : 0;
    const stat = (values) => ({
      mean: values.length ? round(values.reduce((s, v) => s + v, 0) / values.length, 1) : null,
      max: values.length ? Math.max(...values) : null,
    });
    return {
      samples: samples.length,
      backlog: {
        ...stat(samples.map((s) => s.backlog)),
        slopePerSecond: round(
          slopePerSecond(samples.filter((s) => s.t >= steadyFrom).map((s) => ({ t: s.t, y: s.backlog }))),
        ),
      },
      bookingsOutbox: stat(samples.map((s) => s.bookingsOutbox)),
      queueReady: stat(samples.map((s) => s.queueReady)),
      coordinatorOutbox: stat(samples.map((s) => s.coordinatorOutbox)),
      rssMB: Object.fromEntries(
        Object.keys(this.pids).map((name) => [name, stat(samples.map((s) => s.rssMB[name]).filter((v) => v !== null))]),
      ),
    };
  }

  /** Waits until nothing is left in either outbox or the queue, so one phase's tail does not load the next. */
  async waitUntilEmpty(timeoutMs = 60_000) {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const { bookingsOutbox, queueReady, coordinatorOutbox } = await this.read();
      if (bookingsOutbox + queueReady + coordinatorOutbox === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  /** Stops sampling (its queries would keep PostgreSQL and RabbitMQ from being idle), after a running sample. */
  async pause() {
    clearInterval(this.timer);
    this.timer = undefined;
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  resume() {
    this.timer ??= setInterval(() => void this.sample(), this.intervalMs);
  }

  async stop() {
    await this.pause();
    const closing = [this.bookingsDb.end(), this.coordinatorDb.end(), this.connection.close()];
    await Promise.all(closing.map((promise) => promise.catch(() => undefined)));
  }
}

module.exports = {
  HttpClient,
  createVendors,
  BookingFactory,
  WeddingEvents,
  runOpenLoop,
  runClosedLoop,
  sendBooking,
  BacklogSampler,
};
