#!/usr/bin/env node
// What the HTTP rate limit costs on the bookings service's hot path (POST /api/bookings/request): the bookings service
// alone, on a database and broker names of its own, driven by a closed loop of workers from one address, with
// RATE_LIMIT_PER_MINUTE off and on (a limit no run reaches, so every request is counted and none refused). Reports
// requests/s, the service's CPU and its database backends' CPU per request, and the transactions per request the
// database saw (pg_stat_database.xact_commit): the limiter's own statement shows as one more per request.
//   node bench/rate-limit-cost.js [--seconds 20] [--workers 16] [--rounds 2] [--baseline <checkout>]
// `--baseline <checkout>`: also run that checkout's compiled bookings service (its dist/, built already) with the
// limit on, e.g. a checkout of main whose limiter counts in process memory. Builds this workspace first.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const { root, amqpUrl, build, databaseUrl, deleteBrokerObjects, dropDatabases, loadCompiled, messaging, recreateDatabases } = require('./system');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const SECONDS = Number(option('--seconds', 20));
const WORKERS = Number(option('--workers', 16));
const ROUNDS = Number(option('--rounds', 2));
const BASELINE = option('--baseline', undefined);

const PORT = 3111;
const DATABASE = 'bench_rate_limit';
const BROKER_ENV = {
  BOOKINGS_EXCHANGE: 'bench.rl.bookings.events',
  COORDINATOR_EXCHANGE: 'bench.rl.coordinator.events',
  COORDINATOR_OUTCOMES_QUEUE: 'bench.rl.bookings.coordinator-outcomes',
};
const CLOCK_TICKS_PER_S = 100;

/** The bookings service of `checkout` (its compiled dist/), with `limit` requests per minute (0: off). */
function startBookings(checkout, limit) {
  const env = {
    ...process.env,
    TS_NODE_PROJECT: path.join(checkout, 'tsconfig.base.json'),
    TS_NODE_BASEURL: path.join(checkout, 'dist'),
    BOOKINGS_PORT: String(PORT),
    BOOKINGS_DATABASE_URL: databaseUrl(DATABASE),
    AMQP_URL: amqpUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: String(limit),
    ...BROKER_ENV,
  };
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const log = fs.openSync(path.join(root, 'bench-results', `rate-limit-${Date.now()}.log`), 'a');
  const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', path.join(checkout, 'dist/apps/bookings/src/main.js')], {
    cwd: checkout,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  return child;
}

async function ready() {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const status = await fetch(`http://127.0.0.1:${PORT}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return;
  }
  throw new Error('the bookings service did not become ready');
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await child.exited;
  clearTimeout(timer);
}

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}

async function databaseSnapshot(admin) {
  const { rows: backends } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'bookings'`, [DATABASE]);
  const [{ xacts }] = (await admin.query(`SELECT xact_commit + xact_rollback AS xacts FROM pg_stat_database WHERE datname = $1`, [DATABASE])).rows;
  return { cpu: backends.reduce((sum, { pid }) => sum + cpuSeconds(pid), 0), xacts: Number(xacts) };
}

const booking = (vendorId) => ({
  vendorId,
  serviceType: 'Wedding Coordination',
  coupleName: 'Bench & Mark',
  contactPhone: '0917 123 4567',
  eventDate: '2030-06-15',
  eventLocation: 'Manila Cathedral',
  guestCount: 150,
  budgetRange: '50k-100k',
});

/** `workers` loops booking for `seconds`; answers the completed requests and any answer that was not 201. */
async function drive(vendorId, workers, seconds) {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  const refused = {};
  const body = JSON.stringify(booking(vendorId));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < until) {
        const response = await fetch(`http://127.0.0.1:${PORT}/api/bookings/request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await response.arrayBuffer();
        if (response.status === 201) done++;
        else refused[response.status] = (refused[response.status] ?? 0) + 1;
      }
    }),
  );
  return { done, refused };
}

async function measure(label, checkout, limit, admin) {
  await recreateDatabases(DATABASE);
  const child = startBookings(checkout, limit);
  try {
    await ready();
    const vendor = await fetch(`http://127.0.0.1:${PORT}/api/vendors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ businessName: 'Bench Events', businessType: 'Wedding Coordination' }),
    }).then((r) => r.json());
    await drive(vendor.id, WORKERS, 5); // warm-up: JIT, pool, prepared statements
    await new Promise((r) => setTimeout(r, 1500)); // the statistics of the warm-up reach pg_stat_database
    const before = { service: cpuSeconds(child.pid), database: await databaseSnapshot(admin), at: process.hrtime.bigint() };
    const { done, refused } = await drive(vendor.id, WORKERS, SECONDS);
    const elapsed = Number(process.hrtime.bigint() - before.at) / 1e9;
    const service = cpuSeconds(child.pid) - before.service;
    await new Promise((r) => setTimeout(r, 1500));
    const database = await databaseSnapshot(admin);
    return {
      label,
      requestsPerS: done / elapsed,
      serviceCpuMsPerRequest: (service * 1000) / done,
      databaseCpuMsPerRequest: ((database.cpu - before.database.cpu) * 1000) / done,
      transactionsPerRequest: (database.xacts - before.database.xacts) / done,
      refused,
    };
  } finally {
    await stop(child);
  }
}

async function cleanUp() {
  const { bookingsTopology } = loadCompiled('apps/bookings/src/topology');
  const { BookingsConfig } = loadCompiled('apps/bookings/src/config');
  const { loadConfig } = loadCompiled('libs/infrastructure/src');
  const { exchanges, queues } = messaging().topologyNames(bookingsTopology(loadConfig(BookingsConfig, { ...process.env, ...BROKER_ENV })));
  await deleteBrokerObjects({ exchanges, queues: [...queues, `${BROKER_ENV.BOOKINGS_EXCHANGE}.unrouted`] });
  await dropDatabases(DATABASE);
}

async function main() {
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  build();
  const variants = [
    ['off (RATE_LIMIT_PER_MINUTE=0)', root, 0],
    ['on, counted in PostgreSQL', root, 100_000_000],
    ...(BASELINE ? [[`on, ${path.basename(BASELINE)}'s limiter`, path.resolve(BASELINE), 100_000_000]] : []),
  ];
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  const results = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [label, checkout, limit] of variants) {
        const result = await measure(label, checkout, limit, admin);
        results.push({ round, ...result });
        console.log(
          `round ${round} | ${label.padEnd(36)} | ${result.requestsPerS.toFixed(0).padStart(5)} requests/s | service ${result.serviceCpuMsPerRequest.toFixed(3)} ms CPU/request | ` +
            `database backends ${result.databaseCpuMsPerRequest.toFixed(3)} ms CPU/request | ${result.transactionsPerRequest.toFixed(2)} transactions/request` +
            (Object.keys(result.refused).length ? ` | not 201: ${JSON.stringify(result.refused)}` : ''),
        );
      }
    }
  } finally {
    await admin.end();
    await cleanUp();
  }
  const file = path.join(root, 'bench-results', `rate-limit-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ seconds: SECONDS, workers: WORKERS, results }, null, 2));
  console.log(`results: ${path.relative(root, file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
