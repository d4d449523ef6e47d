#!/usr/bin/env node
// What tracing costs a booking: the same open-loop run at 50 bookings/s with tracing off (OTEL_SDK_DISABLED=true) and
// on (100 % sampled, exported over OTLP/HTTP to a receiver in this process), each on a freshly started system. Prints
// CPU per booking and end-to-end p50/p99 for each, and whether tracing stays within its targets (p50 + 1 ms, p99 +
// 3 ms). `npm run bench:tracing`; `--quick` for a smoke run, `--rounds N` to alternate off/on N times, `--modes off`
// for one of the two (e.g. on a checkout of an earlier version, as the baseline of "off").
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const system = require('./system');
const { CpuMeter, cpuMsPerBooking } = require('./processes');
const { HttpClient, createVendors, BookingFactory, WeddingEvents, runOpenLoop, runClosedLoop } = require('./load');
const { summarize, round } = require('./stats');

const TARGETS = { p50Ms: 1, p99Ms: 3 };
const RATE = 50;

/** Names and ports of its own (bench_tracing_*, bench.tracing.*, 3111/3112): it may run beside `npm run bench`. */
const NAMES = {
  bookingsDatabase: 'bench_tracing_bookings',
  coordinatorDatabase: 'bench_tracing_coordinator',
  listenerQueue: 'bench.tracing.coordinator-events.listener',
};
const PORTS = { bookings: 3111, coordinator: 3112 };
const OWN_ENV = {
  BOOKINGS_PORT: String(PORTS.bookings),
  COORDINATOR_PORT: String(PORTS.coordinator),
  BOOKINGS_DATABASE_URL: system.databaseUrl(NAMES.bookingsDatabase),
  COORDINATOR_DATABASE_URL: system.databaseUrl(NAMES.coordinatorDatabase),
  BOOKINGS_EXCHANGE: 'bench.tracing.bookings.events',
  COORDINATOR_EXCHANGE: 'bench.tracing.coordinator.events',
  BOOKING_CREATED_QUEUE: 'bench.tracing.coordinator.booking-created',
  COORDINATOR_OUTCOMES_QUEUE: 'bench.tracing.bookings.coordinator-outcomes',
};

/** The services' effective settings with those names, and every exchange and queue they declare. */
function ownConfig() {
  const { loadConfig } = system.loadCompiled('libs/infrastructure/src');
  const { BookingsConfig } = system.loadCompiled('apps/bookings/src/config');
  const { CoordinatorConfig } = system.loadCompiled('apps/coordinator/src/config');
  const env = { ...process.env, RATE_LIMIT_PER_MINUTE: '0', ...OWN_ENV };
  const config = { bookings: loadConfig(BookingsConfig, env), coordinator: loadConfig(CoordinatorConfig, env) };
  const { topologyNames } = system.loadCompiled('libs/messaging/src');
  const { bookingsTopology } = system.loadCompiled('apps/bookings/src/topology');
  const { coordinatorTopology } = system.loadCompiled('apps/coordinator/src/topology');
  const names = [bookingsTopology(config.bookings), coordinatorTopology(config.coordinator)].map(topologyNames);
  const brokerNames = {
    exchanges: [...new Set(names.flatMap((n) => n.exchanges))],
    queues: [...new Set([...names.flatMap((n) => n.queues), NAMES.listenerQueue])],
  };
  if ([...brokerNames.exchanges, ...brokerNames.queues].some((name) => !name.startsWith('bench.tracing.'))) {
    throw new Error(`not isolated: ${JSON.stringify(brokerNames)}`);
  }
  return { config, brokerNames };
}

/** Deletes every exchange and queue of the run; missing ones are fine. */
async function deleteBrokerObjects({ exchanges, queues }) {
  const { withBrokerChannel } = system.loadCompiled('libs/messaging/src');
  await withBrokerChannel(system.amqpUrl, async (channel) => {
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
  });
}

const log = (message) => process.stderr.write(`[bench:tracing ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** A stand-in collector: accepts OTLP/HTTP, answers 200, counts what it was sent. */
async function startReceiver() {
  const received = { requests: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    req.on('data', (chunk) => (received.bytes += chunk.length));
    req.on('end', () => {
      received.requests++;
      res.writeHead(200, { 'content-type': req.headers['content-type'] || 'application/x-protobuf' });
      res.end(req.headers['content-type'] === 'application/json' ? '{}' : undefined);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, received, close: () => new Promise((r) => server.close(r)) };
}

async function measure(mode, { seconds, warmUpSeconds, receiver, stamp, resultsDir, config, brokerNames }) {
  const tracing =
    mode === 'on'
      ? { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_TRACES_SAMPLER: 'always_on' }
      : { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
  await deleteBrokerObjects(brokerNames);
  await system.recreateDatabases(NAMES.bookingsDatabase, NAMES.coordinatorDatabase);
  const services = new system.Services(path.join(resultsDir, `${stamp}-tracing-${mode}`), { ...OWN_ENV, ...tracing }, PORTS);
  const client = new HttpClient(`http://127.0.0.1:${PORTS.bookings}`);
  let events;
  try {
    await services.start();
    events = await WeddingEvents.start(system.amqpUrl, config.coordinator.coordinatorExchange, NAMES.listenerQueue);
    const factory = new BookingFactory(await createVendors(client));
    const load = { client, events, factory, timeoutMs: 30_000 };
    await runClosedLoop({ ...load, concurrency: 4, seconds: warmUpSeconds });
    const before = { ...receiver.received };
    const cpu = new CpuMeter({ bookings: services.pid('bookings'), coordinator: services.pid('coordinator') });
    cpu.start();
    const { records } = await runOpenLoop({ ...load, rate: RATE, seconds, coordinatorShare: 1 });
    const cores = cpu.stop();
    const completed = records.filter((r) => r.e2eMs !== undefined);
    return {
      mode,
      sent: records.length,
      completed: completed.length,
      errors: records.filter((r) => r.error || r.lost).length,
      e2e: summarize(completed.map((r) => r.e2eMs)),
      post: summarize(records.filter((r) => r.status === 201).map((r) => r.postMs)),
      cpuCores: cores,
      cpuMsPerBooking: cpuMsPerBooking(cores, RATE),
      exported: { requests: receiver.received.requests - before.requests, bytes: receiver.received.bytes - before.bytes },
    };
  } finally {
    await events?.close();
    client.close();
    await services.stop();
  }
}

function table(runs) {
  const rows = runs.map((r) => [
    r.mode,
    `${r.completed}/${r.sent}`,
    r.e2e.p50,
    r.e2e.p99,
    r.cpuMsPerBooking.bookings,
    r.cpuMsPerBooking.coordinator,
    round(r.cpuMsPerBooking.bookings + r.cpuMsPerBooking.coordinator, 2),
    r.cpuMsPerBooking.machine,
    r.cpuCores.other,
    r.exported.requests,
  ]);
  const header = ['tracing', 'completed', 'e2e p50 ms', 'e2e p99 ms', 'bookings cpu ms', 'coordinator cpu ms', 'services cpu ms', 'machine cpu ms', 'other cores', 'OTLP requests'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function main() {
  const quick = process.argv.includes('--quick');
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 1;
  const modesArg = process.argv.indexOf('--modes');
  const modes = modesArg > 0 ? process.argv[modesArg + 1].split(',') : ['off', 'on'];
  const seconds = quick ? 5 : 30;
  const warmUpSeconds = quick ? 1 : 5;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(system.root, 'bench-results');
  fs.mkdirSync(resultsDir, { recursive: true });

  log('building (npm run build)');
  system.build();
  const { config, brokerNames } = ownConfig();
  const receiver = await startReceiver();
  const runs = [];
  try {
    for (let i = 0; i < rounds; i++) {
      for (const mode of modes) {
        log(`round ${i + 1}/${rounds}: tracing ${mode}, ${RATE} bookings/s for ${seconds} s`);
        runs.push(await measure(mode, { seconds, warmUpSeconds, receiver, stamp, resultsDir, config, brokerNames }));
      }
    }
  } finally {
    await receiver.close();
    await deleteBrokerObjects(brokerNames).catch(() => undefined);
    await system.dropDatabases(NAMES.bookingsDatabase, NAMES.coordinatorDatabase).catch(() => undefined);
  }

  console.log(table(runs));
  if (!modes.includes('off') || !modes.includes('on')) return;
  const median = (values) => values.sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  const of = (mode, pick) => median(runs.filter((r) => r.mode === mode).map(pick));
  const added = {
    p50Ms: round(of('on', (r) => r.e2e.p50) - of('off', (r) => r.e2e.p50), 2),
    p99Ms: round(of('on', (r) => r.e2e.p99) - of('off', (r) => r.e2e.p99), 2),
    servicesCpuMsPerBooking: round(
      of('on', (r) => r.cpuMsPerBooking.bookings + r.cpuMsPerBooking.coordinator) -
        of('off', (r) => r.cpuMsPerBooking.bookings + r.cpuMsPerBooking.coordinator),
      2,
    ),
  };
  const verdict = (value, target) => `${value >= 0 ? '+' : ''}${value} ms (target ≤ +${target} ms: ${value <= target ? 'met' : 'MISSED'})`;
  console.log(`\ntracing on adds: e2e p50 ${verdict(added.p50Ms, TARGETS.p50Ms)}, e2e p99 ${verdict(added.p99Ms, TARGETS.p99Ms)}, ` +
    `services CPU ${added.servicesCpuMsPerBooking >= 0 ? '+' : ''}${added.servicesCpuMsPerBooking} ms per booking`);
  const disturbed = runs.filter((r) => r.cpuCores.other > 0.2);
  if (disturbed.length > 0) console.log(`disturbed: other processes used > 0.2 cores during ${disturbed.map((r) => r.mode).join(', ')}`);
  const file = path.join(resultsDir, `${stamp}-tracing.json`);
  fs.writeFileSync(file, JSON.stringify({ rate: RATE, seconds, rounds, targets: TARGETS, added, runs }, null, 2));
  log(`results in ${path.relative(system.root, file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
