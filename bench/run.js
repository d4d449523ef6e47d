#!/usr/bin/env node
// The benchmark: builds and starts the system on its own databases, exchanges, queues and ports, measures isolated
// bookings on an idle system, latency at fixed rates, sustained throughput, the relay emptying a backlog, the
// database's own limit (pgbench), the seed's approach, and the cost per booking; prints a table and writes
// bench-results/<timestamp>.json and -latency.svg. `--quick`: a smoke run.
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const system = require('./system');
const { CpuMeter, cpuMsPerBooking, peakResidentMB } = require('./processes');
const { summarizeFile } = require('./profile-summary');
const {
  HttpClient,
  createVendors,
  BookingFactory,
  WeddingEvents,
  runOpenLoop,
  runClosedLoop,
  BacklogSampler,
} = require('./load');
const { measureIsolated } = require('./isolated-bookings');
const { measureRelayBacklog } = require('./relay-backlog');
const { createScratchDatabase } = require('./scratch-database');
const { measureDatabaseLimit } = require('./database-limit');
const { compareWithSeed } = require('./seed-comparison');
const { summarize, round } = require('./stats');
const report = require('./report');

const PLANS = {
  full: {
    warmUpSeconds: 5,
    // Each booking alone, after this much idle time: [idle ms, bookings].
    isolated: [[2000, 20], [15_000, 5]],
    rates: [50, 200],
    rateSeconds: 30,
    // After the rates: 50/s again with V8's sampling profiler on in every service (it costs CPU of its own).
    profileRate: 50,
    profileSeconds: 20,
    coordinatorShare: 0.75,
    concurrencies: [1, 4, 16, 64],
    levelSeconds: 15,
    relayBacklogRows: 10_000,
    // Besides the configured OUTBOX_BATCH_SIZE, each measured on a restarted bookings service.
    relayBatchSizes: [500, 1000],
    pgbenchSeconds: 15,
    replayEvents: 2000,
    replayConcurrencies: [1, 16],
    sampleIntervalMs: 250,
    timelineBucketSeconds: 1,
    eventTimeoutMs: 30_000,
  },
  quick: {
    warmUpSeconds: 1,
    isolated: [[2000, 5], [15_000, 1]],
    rates: [50, 200],
    rateSeconds: 5,
    profileRate: 50,
    profileSeconds: 5,
    coordinatorShare: 0.75,
    concurrencies: [1, 4, 16, 64],
    levelSeconds: 3,
    relayBacklogRows: 10_000,
    relayBatchSizes: [1000],
    pgbenchSeconds: 3,
    replayEvents: 200,
    replayConcurrencies: [1, 16],
    sampleIntervalMs: 250,
    timelineBucketSeconds: 0.5,
    eventTimeoutMs: 15_000,
  },
};

const log = (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Figures of one load phase from its bookings' records. */
function describeRecords(records, seconds) {
  const created = records.filter((r) => r.status === 201);
  const completed = records.filter((r) => r.e2eMs !== undefined);
  const errors = records.filter((r) => r.error);
  return {
    sent: records.length,
    coordinatorBookings: records.filter((r) => r.coordinator).length,
    post: summarize(created.map((r) => r.postMs)),
    e2e: summarize(completed.map((r) => r.e2eMs)),
    untilCoordinatorEventMs: summarize(completed.map((r) => r.untilCoordinatorEventMs)),
    completed: completed.length,
    errors: errors.length,
    errorExamples: errors.slice(0, 3).map((r) => `${r.status} ${r.error}`.slice(0, 300)),
    lost: records.filter((r) => r.lost).length,
    repeatsSent: records.filter((r) => r.repeat).length,
    clientsMatched: completed.filter((r) => r.client === 'matched').length,
    generatorLagMs: summarize(records.map((r) => r.lagMs)),
    completedPerSecond: round(completed.length / seconds, 1),
  };
}

/** Per time bucket since the phase started: end-to-end p50/p99/max and POST p99, for the chart. */
function timeline(records, startedAt, bucketSeconds) {
  const buckets = [];
  for (const record of records) {
    const index = Math.floor((record.dueAt - startedAt) / 1000 / bucketSeconds);
    (buckets[index] ??= []).push(record);
  }
  return [...buckets.entries()]
    .filter(([, bucket]) => bucket)
    .map(([index, bucket]) => {
      const e2e = summarize(bucket.filter((r) => r.e2eMs !== undefined).map((r) => r.e2eMs));
      const post = summarize(bucket.filter((r) => r.status === 201).map((r) => r.postMs));
      const t = round(index * bucketSeconds, 2);
      return { t, e2eP50: e2e.p50, e2eP99: e2e.p99, e2eMax: e2e.max, postP99: post.p99 };
    });
}

/** Runs a load phase with the CPU meter, the probe and the backlog sampler all labelled with its name. */
async function measurePhase(name, context, run) {
  context.sampler.phase = name;
  await context.services.probe({ reset: true });
  const cpu = new CpuMeter(context.pids);
  cpu.start();
  const outcome = await run();
  const cores = cpu.stop();
  context.sampler.phase = `${name}/drain`; // what is left once the load stops is not the load's trend
  const drained = await context.sampler.waitUntilEmpty();
  const probe = await context.services.probe({ reset: true });
  context.sampler.phase = 'idle';
  return { outcome, cpuCores: cores, drained, probe, backlog: context.sampler.summary(name) };
}

async function main() {
  const quick = process.argv.includes('--quick');
  const plan = PLANS[quick ? 'quick' : 'full'];
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(system.root, 'bench-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const results = { startedAt: startedAt.toISOString(), mode: quick ? 'quick' : 'full', plan, names: system.NAMES };

  log('building (npm run build)');
  system.build();
  const config = system.effectiveConfig();
  const brokerNames = system.isolatedBrokerNames(config);
  results.config = redact(config);
  results.brokerNames = brokerNames;
  results.machine = await system.describeMachine();
  results.backgroundLoad = await idleLoad(2000);

  const { NAMES } = system;
  await system.deleteBrokerObjects(brokerNames);
  await system.recreateDatabases(NAMES.bookingsDatabase, NAMES.coordinatorDatabase, NAMES.notificationsDatabase);
  const services = new system.Services(path.join(resultsDir, stamp));
  const context = { services };
  const cleanUp = once(async () => {
    await context.sampler?.stop().catch(() => undefined);
    await context.events?.close();
    context.client?.close();
    await services.stop();
    await system.deleteBrokerObjects(brokerNames).catch((error) => {
      log(`could not delete the benchmark's exchanges and queues: ${error.message}`);
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: stopping the services`);
      cleanUp().finally(() => process.exit(130));
    });
  }

  try {
    log(`starting the three services (logs in bench-results/${stamp}-*.log)`);
    await services.start();
    context.pids = services.pids();
    context.client = new HttpClient(`http://127.0.0.1:${system.PORTS.bookings}`);
    const { coordinatorExchange, bookingCreatedQueue, queueType } = config.coordinator;
    context.events = await WeddingEvents.start(system.amqpUrl, coordinatorExchange, NAMES.listenerQueue, queueType);
    context.sampler = await BacklogSampler.start({
      bookingsDatabaseUrl: system.databaseUrl(NAMES.bookingsDatabase),
      coordinatorDatabaseUrl: system.databaseUrl(NAMES.coordinatorDatabase),
      amqpUrl: system.amqpUrl,
      queue: bookingCreatedQueue,
      pids: context.pids,
      intervalMs: plan.sampleIntervalMs,
    });

    const vendors = await createVendors(context.client);
    results.vendors = vendors;
    context.factory = new BookingFactory(vendors);
    const { client, events, factory } = context;
    const load = { client, events, factory, timeoutMs: plan.eventTimeoutMs };

    // The rate phases' mix, so that every vendor has been booked (and cached) once, as in a service that has run.
    log(`warming up for ${plan.warmUpSeconds} s`);
    await runClosedLoop({ ...load, concurrency: 4, seconds: plan.warmUpSeconds, coordinatorShare: plan.coordinatorShare });
    await context.sampler.waitUntilEmpty();

    // Before the rates and the closed loops: a service that has run under load for minutes is not what a marketplace
    // has at 3 a.m., and the idle gaps should not be shared with autovacuum working off the load phases' rows.
    results.isolated = await measureIsolated({ ...load, services, sampler: context.sampler, pids: context.pids, plan, log });

    results.latency = [];
    for (const rate of plan.rates) {
      log(`open loop at ${rate} bookings/s for ${plan.rateSeconds} s`);
      const phase = await measurePhase(`rate-${rate}`, context, () =>
        runOpenLoop({ ...load, rate, seconds: plan.rateSeconds, coordinatorShare: plan.coordinatorShare }),
      );
      const { outcome, ...measured } = phase;
      results.latency.push({
        rate,
        seconds: plan.rateSeconds,
        ...describeRecords(outcome.records, plan.rateSeconds),
        ...measured,
        // Per booking sent (a quarter of them are for vendors who are no coordinator: the bookings service only).
        cpuMsPerBooking: cpuMsPerBooking(measured.cpuCores, outcome.records.length / plan.rateSeconds),
        timeline: timeline(outcome.records, outcome.startedAt, plan.timelineBucketSeconds),
        histogram: report.histogram(outcome.records.filter((r) => r.e2eMs !== undefined).map((r) => r.e2eMs)),
      });
    }

    results.profile = await measureProfile(context, load, plan, path.join(resultsDir, stamp));

    results.throughput = { levels: [] };
    for (const concurrency of plan.concurrencies) {
      log(`closed loop, ${concurrency} worker(s), ${plan.levelSeconds} s`);
      const phase = await measurePhase(`closed-${concurrency}`, context, () =>
        runClosedLoop({ ...load, concurrency, seconds: plan.levelSeconds }),
      );
      const { outcome, ...measured } = phase;
      const inWindow = outcome.records.filter((r) => r.completedAt !== undefined && r.completedAt <= outcome.endedAt);
      const described = describeRecords(outcome.records, plan.levelSeconds);
      const completedPerSecond = round(inWindow.length / plan.levelSeconds, 1);
      const growthLimit = Math.max(1, 0.02 * completedPerSecond);
      results.throughput.levels.push({
        concurrency,
        seconds: plan.levelSeconds,
        ...described,
        completedPerSecond,
        backlogGrowthLimitPerSecond: round(growthLimit),
        sustained:
          described.errors === 0 && described.lost === 0 && measured.backlog.backlog.slopePerSecond <= growthLimit,
        cpuMsPerBooking: cpuMsPerBooking(measured.cpuCores, completedPerSecond),
        ...measured,
      });
    }
    const [best] = results.throughput.levels
      .filter((level) => level.sustained)
      .sort((a, b) => b.completedPerSecond - a.completedPerSecond);
    results.throughput.sustainedPerSecond = best?.completedPerSecond ?? 0;
    results.throughput.sustainedAtConcurrency = best?.concurrency ?? null;
    // Before the relay phase restarts the bookings service: each process's peak since it started, start-up included.
    results.peakRssMB = Object.fromEntries(
      Object.entries(context.pids).map(([name, pid]) => [name, peakResidentMB(pid)]),
    );
    results.relayBacklog = await measureRelay(context, config, plan);

    results.samples = context.sampler.samples;
    results.samplerFailures = context.sampler.failures;
    results.eventsReceived = { total: context.events.received, correlationIdNotBookingId: context.events.mismatched };

    // Real events of this run: the payloads pgbench writes, and the bookings the seed comparison replays.
    const { bookingPayloads, weddingPayload } = await realEvents(plan.replayEvents);
    await cleanUp();

    log('creating the scratch database from the services\' migrations');
    await createScratchDatabase(vendors);
    log(`pgbench, ${plan.pgbenchSeconds} s at each concurrency`);
    const limit = await measureDatabaseLimit({
      concurrencies: plan.concurrencies,
      seconds: plan.pgbenchSeconds,
      bookingPayload: bookingPayloads[0],
      weddingPayload,
    });
    const bestRun = limit.runs.reduce((a, b) => (b.tps > a.tps ? b : a));
    results.databaseLimit = {
      ...limit,
      bestTps: bestRun.tps,
      bestConcurrency: bestRun.concurrency,
      oursPercent: round((100 * results.throughput.sustainedPerSecond) / bestRun.tps, 1),
    };

    log(`seed's queries and our transaction, replaying ${bookingPayloads.length} real bookings`);
    results.seedComparison = await compareWithSeed({
      payloads: bookingPayloads,
      concurrencies: plan.replayConcurrencies,
      coordinatorConfig: config.coordinator,
    });

    results.cost = costPerBooking(results);
    results.targets = report.targets(results);
    results.finishedAt = new Date().toISOString();

    const jsonPath = path.join(resultsDir, `${stamp}.json`);
    const svgPath = path.join(resultsDir, `${stamp}-latency.svg`);
    fs.writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(svgPath, report.latencyChart(results));
    process.stdout.write(report.table(results));
    const shown = (file) => path.relative(process.cwd(), file);
    process.stdout.write(`\nresults: ${shown(jsonPath)}\nchart:   ${shown(svgPath)}\n`);
  } finally {
    await cleanUp();
    await system.dropDatabases(NAMES.scratchDatabase).catch(() => undefined);
  }
}

/**
 * The bookings relay from a backlog, at the configured OUTBOX_BATCH_SIZE and then at the plan's other sizes, each on
 * a bookings service restarted with it. Last of the phases that need the services: the restart changes the process.
 */
async function measureRelay(context, config, plan) {
  const { services, sampler, client, factory } = context;
  const configured = config.bookings.outboxBatchSize;
  const batchSizes = [configured, ...plan.relayBatchSizes.filter((size) => size !== configured)];
  const unroutedQueue = system.messaging().unroutedQueueName(config.bookings.bookingsExchange);
  await sampler.pause();
  const runs = [];
  for (const batchSize of batchSizes) {
    if (batchSize !== configured) {
      log(`restarting the bookings service with OUTBOX_BATCH_SIZE=${batchSize}`);
      await services.restart('bookings', { OUTBOX_BATCH_SIZE: String(batchSize) });
    }
    if (!(await sampler.waitUntilEmpty())) throw new Error('the outboxes did not empty before the relay measurement');
    log(`bookings relay: ${plan.relayBacklogRows} outbox rows at once, batches of ${batchSize}`);
    const run = await measureRelayBacklog({
      databaseUrl: system.databaseUrl(system.NAMES.bookingsDatabase),
      amqpUrl: system.amqpUrl,
      unroutedQueue,
      messaging: system.messaging(),
      wake: () => client.post('/api/bookings/request', factory.next(0).body),
      pids: services.pids(),
      probe: (options) => services.probe(options),
      rows: plan.relayBacklogRows,
      timeoutMs: plan.eventTimeoutMs * 4,
    });
    runs.push({ batchSize, configured: batchSize === configured, ...run });
  }
  return { unroutedQueue, runs };
}

/**
 * The open loop at the profile rate with V8's sampling profiler on in each service; the .cpuprofile files stay in
 * bench-results/ (open them in Chrome DevTools), each summarized per booking sent (profile-summary.js).
 */
async function measureProfile(context, load, plan, prefix) {
  const { services, sampler } = context;
  log(`open loop at ${plan.profileRate} bookings/s for ${plan.profileSeconds} s, profiling every service`);
  await services.startProfiling();
  const cpu = new CpuMeter(context.pids);
  cpu.start();
  const outcome = await runOpenLoop({
    ...load,
    rate: plan.profileRate,
    seconds: plan.profileSeconds,
    coordinatorShare: plan.coordinatorShare,
  });
  const cpuCores = cpu.stop();
  const files = await services.stopProfiling(prefix);
  await sampler.waitUntilEmpty();
  const sent = outcome.records.length;
  const perBooking = cpuMsPerBooking(cpuCores, sent / plan.profileSeconds);
  // The profiler's clock counts a sample's wall time, a wait for a busy core included: its shares are spread over
  // the CPU time /proc gave each service in the same seconds.
  const summaries = Object.fromEntries(
    Object.entries(files).map(([name, file]) => [name, summarizeFile(file, sent, perBooking[name])]),
  );
  return {
    rate: plan.profileRate,
    seconds: plan.profileSeconds,
    bookings: sent,
    coordinatorBookings: outcome.records.filter((r) => r.coordinator).length,
    completed: outcome.records.filter((r) => r.e2eMs !== undefined).length,
    cpuCores,
    cpuMsPerBooking: perBooking,
    services: summaries,
  };
}

/** The settings as recorded in the results: no secrets, no passwords in URLs. */
function redact(config) {
  return JSON.parse(
    JSON.stringify(config, (key, value) => {
      if (/secret|password|privatekey/i.test(key)) return value ? '[redacted]' : value;
      return typeof value === 'string' ? value.replace(/^(\w+:\/\/[^:@/]+):[^@/]*@/, '$1:***@') : value;
    }),
  );
}

/** Up to `count` BookingCreated payloads of coordinator bookings, oldest first, and one CoordinatorWeddingCreated. */
async function realEvents(count) {
  const read = async (database, sql, params) => {
    const client = new Client({ connectionString: system.databaseUrl(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows.map((row) => row.payload);
    } finally {
      await client.end();
    }
  };
  const bookingPayloads = await read(
    system.NAMES.bookingsDatabase,
    `SELECT payload FROM outbox WHERE type = 'booking.created'
        AND payload->>'bookingId' IN
            (SELECT id::text FROM bookings WHERE coordinator_integration_status <> 'not_applicable')
      ORDER BY created_at LIMIT $1`,
    [count],
  );
  const [weddingPayload] = await read(system.NAMES.coordinatorDatabase, 'SELECT payload FROM outbox LIMIT 1');
  return { bookingPayloads, weddingPayload };
}

/** Round trips per transaction (probe in the services) and resident memory under load (sampler). */
function costPerBooking(results) {
  const atRate = results.latency[0];
  const coordinatorTx = atRate.probe.coordinator.transactions.coordinator;
  const bookingTx = atRate.probe.bookings.transactions.booking;
  const relay = (service) => {
    const tx = atRate.probe[service].transactions.relay;
    return tx && { transactions: tx.count, rowsEach: tx.rowsEach, statementsEach: tx.statementsEach };
  };
  const perLevel = results.throughput.levels.map((level) => ({
    concurrency: level.concurrency,
    statementsPerBooking: round(
      (level.probe.bookings.statements + level.probe.coordinator.statements) / level.completed,
      1,
    ),
  }));
  const loadPhases = [...results.latency, ...results.throughput.levels];
  const rss = (service) => ({
    peakMB: Math.max(...loadPhases.map((phase) => phase.backlog.rssMB[service].max ?? 0)),
    meanMB: round(
      loadPhases.reduce((sum, phase) => sum + (phase.backlog.rssMB[service].mean ?? 0), 0) / loadPhases.length,
      1,
    ),
  });
  return {
    measuredAtRate: atRate.rate,
    coordinatorTransaction: {
      count: coordinatorTx?.count ?? 0,
      // A booking's path; the mean also counts the upserts repeated after a race between two of one couple's bookings.
      roundTrips: coordinatorTx?.typicalStatements ?? null,
      roundTripsMean: coordinatorTx?.statementsEach ?? null,
      roundTripsCounts: coordinatorTx?.statementCounts,
      statementsBetweenBeginAndCommit: coordinatorTx ? coordinatorTx.typicalStatements - 2 : null,
      durationMs: coordinatorTx?.durationMs,
    },
    bookingTransaction: {
      // The write itself plus the vendor reads before it (the bookings service caches vendors, so few).
      roundTrips: bookingTx
        ? round(
            bookingTx.statementsEach +
              Object.entries(atRate.probe.bookings.byStatement)
                .filter(([label]) => label.startsWith('SELECT business_name AS "businessName"'))
                .reduce((sum, [, count]) => sum + count, 0) /
                bookingTx.count,
            2,
          )
        : null,
      durationMs: bookingTx?.durationMs,
    },
    bookingsRelay: relay('bookings'),
    coordinatorRelay: relay('coordinator'),
    statementsPerBookingBothServices: perLevel,
    statementMix: { bookings: atRate.probe.bookings.byStatement, coordinator: atRate.probe.coordinator.byStatement },
    rss: Object.fromEntries(
      Object.keys(results.peakRssMB).map((name) => [name, { ...rss(name), highWaterMB: results.peakRssMB[name] }]),
    ),
    cpuMsPerBooking: atRate.cpuMsPerBooking,
  };
}

/** CPU used on the machine while the benchmark does nothing: another test run would show here. */
async function idleLoad(milliseconds) {
  const cpu = new CpuMeter({});
  cpu.start();
  await new Promise((resolve) => setTimeout(resolve, milliseconds));
  const { other, machineBusyPercent } = cpu.stop();
  return { other, machineBusyPercent };
}

function once(fn) {
  let promise;
  return () => (promise ??= fn());
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
