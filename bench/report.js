// What a run found: the targets marked met/missed, the table printed on stdout, and the latency chart (SVG).
const { round } = require('./stats');

/**
 * The project's targets (issue 8, tightened by issue 19) beside the measured figures; reported, never asserted.
 */
function targets(results) {
  const at = (rate) => results.latency.find((phase) => phase.rate === rate);
  const rows = [];
  const add = (target, goal, measured, met, unit = '') =>
    rows.push({ target, goal, measured: measured === null || measured === undefined ? null : `${measured}${unit}`, met });
  const atMost = (value, limit) => value !== null && value !== undefined && value <= limit;

  const isolated = results.isolated.all;
  const allArrived = isolated.lost === 0 && isolated.errors === 0; // a lost booking is no fast booking
  add('isolated booking: POST p50', '≤ 5 ms', isolated.post.p50, atMost(isolated.post.p50, 5), ' ms');
  add('isolated booking: e2e p50', '≤ 8 ms', isolated.e2e.p50, allArrived && atMost(isolated.e2e.p50, 8), ' ms');
  add('isolated booking: e2e max', '≤ 25 ms', isolated.e2e.max, allArrived && atMost(isolated.e2e.max, 25), ' ms');

  const steady = at(50) ?? results.latency[0];
  add(`end-to-end p50 at ${steady.rate}/s`, '≤ 8 ms', steady.e2e.p50, atMost(steady.e2e.p50, 8), ' ms');
  add(`end-to-end p99 at ${steady.rate}/s`, '≤ 25 ms', steady.e2e.p99, atMost(steady.e2e.p99, 25), ' ms');
  const busy = at(200) ?? results.latency.at(-1);
  add(`POST p99 at ${busy.rate}/s`, '≤ 40 ms', busy.post.p99, atMost(busy.post.p99, 40), ' ms');

  const percent = results.databaseLimit.oursPercent;
  add('sustained throughput / pgbench limit', '≥ 65 %', percent, percent >= 65, ' %');

  const cpuMs = steady.cpuMsPerBooking.services;
  add(`CPU per booking, three services, at ${steady.rate}/s`, '≤ 4 ms', cpuMs, atMost(cpuMs, 4), ' ms');
  const tracingMs = round(
    Object.values(results.profile.services).reduce(
      (sum, s) => sum + (s.categories.find((c) => c.category === 'tracing')?.msPerBooking ?? 0),
      0,
    ),
    3,
  );
  add('tracing code, OTEL_SDK_DISABLED=true (profile)', '≤ 0.3 ms/booking', tracingMs, atMost(tracingMs, 0.3), ' ms');

  const relay = results.relayBacklog.runs.find((run) => run.configured);
  add(
    `relay: ${relay.rows} outbox rows, batches of ${relay.batchSize}`,
    '≥ 3000 events/s',
    relay.eventsPerSecond,
    relay.eventsPerSecond !== null && relay.eventsPerSecond >= 3000,
    '/s',
  );

  const trips = results.cost.coordinatorTransaction.roundTrips;
  add('coordinator transaction round trips', '≤ 5', trips, atMost(trips, 5));
  const bookingTrips = results.cost.bookingTransaction.roundTrips;
  add('booking round trips', '≤ 1', bookingTrips, atMost(bookingTrips, 1));
  for (const [service, rss] of Object.entries(results.cost.rss)) {
    const peak = Math.max(rss.peakMB, rss.highWaterMB ?? 0);
    add(`${service} RSS peak (VmHWM, start-up included)`, '< 200 MB', peak, peak < 200, ' MB');
  }
  return rows;
}

// ---- the table ---------------------------------------------------------------------------------------------------

const ms = (value) => (value === null || value === undefined ? '—' : value < 100 ? value.toFixed(1) : value.toFixed(0));
const num = (value, digits = 0) => (value === null || value === undefined ? '—' : Number(value).toFixed(digits));

/** Columns padded to their widest cell: the first one left-aligned, the others right-aligned. */
function grid(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells
    .map((row) => `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}`)
    .join('\n');
}

function table(results) {
  const sections = [
    header,
    isolatedSection,
    latencySection,
    throughputSection,
    relaySection,
    databaseLimitSection,
    seedSection,
    costSection,
    profileSection,
  ];
  const lines = sections.flatMap((section) => [...section(results), '']);
  const disturbed = disturbances(results);
  if (disturbed.length > 0) {
    lines.push(
      `note: other processes used CPU during ${disturbed.map(([phase, cores]) => `${phase} (${cores} cores)`).join(', ')};`,
      '  those figures are disturbed by them (column "other").',
      '',
    );
  }
  lines.push('Targets (compared, not asserted)');
  lines.push(
    grid(
      ['target', 'goal', 'measured', ''],
      results.targets.map((t) => [t.target, t.goal, t.measured ?? '—', t.met ? 'met' : 'MISSED']),
    ),
  );
  return `${lines.join('\n')}\n`;
}

function header({ machine, config, vendors, backgroundLoad, mode, startedAt }) {
  const coordinators = vendors.filter((v) => v.isCoordinator).length;
  return [
    `Booking → CoordinatorWeddingCreated benchmark, ${mode} run of ${startedAt}`,
    `machine: ${machine.os}; ${machine.cpus} × ${machine.cpuModel}; ${machine.memoryGiB} GiB; Node ${machine.node}; ` +
      `PostgreSQL ${machine.postgres} (synchronous_commit=${machine.postgresSettings.synchronous_commit}); ` +
      `RabbitMQ ${machine.rabbitmq}`,
    `settings: pools ${config.bookings.databasePoolSize}/${config.coordinator.databasePoolSize}, ` +
      `prefetch ${config.coordinator.consumerPrefetch}, outbox poll ${config.bookings.outboxPollIntervalMs} ms, ` +
      `batch ${config.bookings.outboxBatchSize}; ${coordinators} coordinator + ${vendors.length - coordinators} other vendors`,
    `other load on the machine before the run: ${backgroundLoad.other} cores ` +
      `(machine ${backgroundLoad.machineBusyPercent}% busy)`,
  ];
}

const transaction = (phase, service, kind) => phase.probe[service].transactions[kind];

function isolatedSection({ isolated }) {
  const seconds = (idleMs) => `${idleMs / 1000} s`;
  const row = (label, figures) => [
    label, figures.sent, ms(figures.post.p50), ms(figures.post.max), ms(figures.untilCoordinatorEventMs.p50),
    ms(figures.untilCoordinatorEventMs.max), ms(figures.e2e.p50), ms(figures.e2e.max), figures.errors, figures.lost,
  ];
  const stepColumns = [...isolated.series, { idleMs: null, ...isolated.all }];
  return [
    '2. Isolated bookings: one coordinator booking at a time, each after the system was idle this long (no load, no',
    "  sampling; only the services' own timers). e2e = POST sent → its CoordinatorWeddingCreated received;",
    "  \"coord. outbox\" = CoordinatorWeddingCreated.occurredAt, stamped in the coordinator's transaction; ms.",
    grid(
      ['idle before', 'bookings', 'POST p50', 'max', 'coord. outbox p50', 'max', 'e2e p50', 'max', 'errors', 'lost'],
      [...isolated.series.map((s) => row(seconds(s.idleMs), s)), row('all', isolated.all)],
    ),
    `  each booking, e2e ms: ${isolated.series
      .map((s) => `${seconds(s.idleMs)}: ${s.bookings.map((b) => (b.e2eMs === null ? 'lost' : ms(b.e2eMs))).join(' ')}`)
      .join('; ')}`,
    '  where the time goes, p50 / max ms per step (the steps add up to e2e; from the statements the pg probe traced in',
    '  both services, on the wall clock):',
    grid(
      ['step', ...stepColumns.map((s) => (s.idleMs === null ? 'all' : `${seconds(s.idleMs)} idle`))],
      [...Object.entries(isolated.steps), ['commit', '  of which the COMMIT round trip']].map(([name, what]) => [
        what,
        ...stepColumns.map((s) => pair2(s.steps[name])),
      ]),
    ),
  ];
}

const pair2 = (summary) => `${ms(summary?.p50)} / ${ms(summary?.max)}`;

function relaySection({ relayBacklog }) {
  return [
    `5. The bookings relay emptying a backlog: N outbox rows committed at once, of a type bound to no queue (parked in`,
    `  ${relayBacklog.unroutedQueue}); from the commit until every row is marked sent (polled every 20 ms), one booking`,
    '  waking the relay; other batch sizes on a restarted bookings service.',
    grid(
      ['batch size', 'rows', 'seconds', 'events/s', 'first→last mark ms', 'passes', 'pass p50', 'p99',
        'parked in broker', 'CPU cores b/c/n/pg/mq/bench/other', 'machine busy'],
      relayBacklog.runs.map((r) => [
        `${r.batchSize}${r.configured ? ' (set)' : ''}`, r.rows, num(r.seconds, 2), num(r.eventsPerSecond),
        ms(r.firstToLastMarkMs), r.relay?.passes ?? '—', ms(r.relay?.passMs.p50), ms(r.relay?.passMs.p99),
        r.parkedInBroker, cpu(r.cpuCores), `${r.cpuCores.machineBusyPercent}%`,
      ]),
    ),
    '  each pass, p50 / p99 ms (from the statements the pg probe traced): claim = its UPDATE … RETURNING; publish + confirms',
    '  = claimed → mark sent; mark = its UPDATE; turn-around = marked → next claim sent',
    grid(
      ['batch size', 'claim', 'publish + confirms', 'mark', 'turn-around'],
      relayBacklog.runs.map((r) => [
        r.batchSize, pair(r.passSteps.claim), pair(r.passSteps.publishAndConfirm), pair(r.passSteps.mark),
        pair(r.passSteps.untilNextClaim),
      ]),
    ),
  ];
}
const pair = (summary) => `${ms(summary?.p50)} / ${ms(summary?.p99)}`;

function latencySection({ plan, latency }) {
  const relays = (p, figure) =>
    `${figure(transaction(p, 'bookings', 'relay'))} / ${figure(transaction(p, 'coordinator', 'relay'))}`;
  return [
    `3. Latency at a fixed offered rate (open loop, ${plan.rateSeconds} s per rate, ${plan.coordinatorShare * 100}% ` +
      'coordinator bookings, ~15% of them by a returning couple).',
    '  e2e = POST sent → its CoordinatorWeddingCreated received; all times in ms from when each request was due.',
    grid(
      ['rate/s', 'sent', 'coord', 'e2e p50', 'p95', 'p99', 'max', 'POST p50', 'p95', 'p99', 'max', 'errors', 'lost',
        'matched', 'events/s'],
      latency.map((p) => [
        p.rate, p.sent, p.coordinatorBookings, ms(p.e2e.p50), ms(p.e2e.p95), ms(p.e2e.p99), ms(p.e2e.max),
        ms(p.post.p50), ms(p.post.p95), ms(p.post.p99), ms(p.post.max), p.errors, p.lost, p.clientsMatched,
        num(p.completedPerSecond, 1),
      ]),
    ),
    '  where the time goes, p50 / p99 ms (tx = BEGIN sent → COMMIT answered; relay = its claim sent → its mark answered;',
    '  timed by the pg probe inside each service;',
    '  "coordinator outbox written" = CoordinatorWeddingCreated.occurredAt, stamped just before the coordinator\'s COMMIT):',
    grid(
      ['rate/s', 'POST answered', 'coordinator outbox written', 'e2e', 'booking write', 'coordinator tx',
        'bookings relay', 'coordinator relay', 'send lag'],
      latency.map((p) => [
        p.rate, pair(p.post), pair(p.untilCoordinatorEventMs), pair(p.e2e),
        pair(transaction(p, 'bookings', 'booking')?.durationMs),
        pair(transaction(p, 'coordinator', 'coordinator')?.durationMs),
        pair(transaction(p, 'bookings', 'relay')?.durationMs), pair(transaction(p, 'coordinator', 'relay')?.durationMs),
        pair(p.generatorLagMs),
      ]),
    ),
    '  relays and resources (b = bookings, c = coordinator, n = notifications, pg = PostgreSQL, mq = RabbitMQ, bench = this load generator,',
    '  other = everything else on the machine):',
    grid(
      ['rate/s', 'relay passes b/c', 'events per pass b/c', 'backlog mean/max', 'CPU cores b/c/n/pg/mq/bench/other',
        'machine busy'],
      latency.map((p) => [
        p.rate,
        relays(p, (relay) => relay?.count ?? 0),
        relays(p, (relay) => num(relay?.rowsEach, 1)),
        `${num(p.backlog.backlog.mean, 1)} / ${num(p.backlog.backlog.max)}`,
        cpu(p.cpuCores),
        `${p.cpuCores.machineBusyPercent}%`,
      ]),
    ),
  ];
}

function throughputSection({ plan, throughput }) {
  return [
    '4. Sustained throughput (closed loop: each worker books again when its CoordinatorWeddingCreated arrives; ' +
      `${plan.levelSeconds} s per level).`,
    '  backlog = unsent outbox rows of both services + ready messages in the coordinator queue, sampled every ' +
      `${plan.sampleIntervalMs} ms; CPU ms/booking = the whole machine's.`,
    grid(
      ['workers', 'done/s', 'e2e p50', 'p99', 'POST p99', 'backlog mean', 'max', 'slope/s', 'sustained',
        'coord tx p50', 'CPU cores b/c/n/pg/mq/bench/other', 'machine busy', 'CPU ms/booking'],
      throughput.levels.map((l) => [
        l.concurrency, num(l.completedPerSecond, 1), ms(l.e2e.p50), ms(l.e2e.p99), ms(l.post.p99),
        num(l.backlog.backlog.mean, 1), num(l.backlog.backlog.max), num(l.backlog.backlog.slopePerSecond, 2),
        l.sustained ? 'yes' : 'no', ms(transaction(l, 'coordinator', 'coordinator')?.durationMs.p50), cpu(l.cpuCores),
        `${l.cpuCores.machineBusyPercent}%`, num(l.cpuMsPerBooking.machine, 2),
      ]),
    ),
    `  sustained throughput: ${throughput.sustainedPerSecond} bookings/s fully processed ` +
      `(${throughput.sustainedAtConcurrency ?? '—'} workers)`,
  ];
}

function databaseLimitSection({ plan, databaseLimit: limit, throughput }) {
  const best = limit.runs.find((run) => run.concurrency === limit.bestConcurrency);
  const slowest = [...best.statements].sort((a, b) => b.ms - a.ms).slice(0, 4);
  return [
    `6. The database's own limit: pgbench -M extended -f ${limit.script}, ${plan.pgbenchSeconds} s per level`,
    `  (one transaction = one booking's minimum SQL, ${best.statements.length} statements = round trips)`,
    grid(
      ['clients', 'tps', 'latency ms', 'failed', 'machine busy', 'other', 'CPU ms/booking', 'ours done/s',
        'ours CPU ms/booking', 'ours / pgbench'],
      limit.runs.map((run) => {
        const ours = throughput.levels.find((l) => l.concurrency === run.concurrency);
        return [
          run.concurrency, num(run.tps, 1), ms(run.latencyMs), run.failed, `${run.machineBusyPercent}%`,
          num(run.otherCores, 2), num(run.cpuMsPerBooking, 2), num(ours?.completedPerSecond, 1),
          num(ours?.cpuMsPerBooking.machine, 2), ours ? `${num((100 * ours.completedPerSecond) / run.tps, 1)}%` : '—',
        ];
      }),
    ),
    `  limit ${num(limit.bestTps, 1)} bookings/s (${limit.bestConcurrency} clients); ` +
      `our sustained ${throughput.sustainedPerSecond}/s = ${limit.oursPercent}% of it`,
    `  slowest statements at ${limit.bestConcurrency} clients (ms): ` +
      slowest.map((s) => `${s.statement.slice(0, 40)} ${s.ms}`).join(' | '),
  ];
}

function seedSection({ seedComparison: seed, cost }) {
  const rows = seed.seed.flatMap((seedRun, i) =>
    [['seed, 13 queries', seedRun], ['ours, 1 transaction', seed.ours[i]]].map(([name, run]) => [
      name, run.concurrency, num(run.roundTripsPerBooking, 2), ms(run.perBookingMs.p50), ms(run.perBookingMs.p95),
      ms(run.perBookingMs.p99), num(run.bookingsPerSecond, 1),
    ]),
  );
  const realTx = cost.coordinatorTransaction.durationMs;
  return [
    "7. The seed's separate autocommit queries vs our coordinator transaction (AutoIntegrationService from dist),",
    `  replaying the same ${seed.events} real BookingCreated events (${seed.repeatCouples} by returning couples) ` +
      'on emptied scratch tables; ms per booking',
    grid(['approach', 'workers', 'round trips', 'p50', 'p95', 'p99', 'bookings/s'], rows),
    `  the real coordinator service at ${cost.measuredAtRate}/s: transaction p50 ${ms(realTx?.p50)} ms, ` +
      `p99 ${ms(realTx?.p99)} ms (BEGIN → COMMIT)`,
  ];
}

function costSection({ plan, cost }) {
  const c = cost.coordinatorTransaction;
  const relay = (r) =>
    r ? `${r.transactions} passes of ${r.statementsEach} round trips, ${num(r.rowsEach, 2)} events each` : '—';
  const perLevel = cost.statementsPerBookingBothServices.map((l) => `${l.statementsPerBooking} (${l.concurrency} workers)`);
  const rss = (name) => `${name} peak ${cost.rss[name].peakMB} MB (mean ${cost.rss[name].meanMB})`;
  return [
    `8. Cost per booking (pg probe inside each service; resident memory sampled every ${plan.sampleIntervalMs} ms ` +
      'under load)',
    `  coordinator transaction: ${c.roundTrips} round trips = START TRANSACTION + ${c.statementsBetweenBeginAndCommit} ` +
      `statements + COMMIT (${c.count} transactions at ${cost.measuredAtRate}/s; mean ${c.roundTripsMean}, ` +
      `${Object.entries(c.roundTripsCounts ?? {}).map(([trips, n]) => `${n} × ${trips}`).join(', ')})`,
    `  booking:                 ${cost.bookingTransaction.roundTrips} round trips (one statement writing the booking and its outbox row, plus the vendor reads the cache missed)`,
    `  bookings relay:          ${relay(cost.bookingsRelay)}`,
    `  coordinator relay:       ${relay(cost.coordinatorRelay)}`,
    `  statements per booking, both services: ${perLevel.join(', ')}`,
    `  resident memory sampled under load: ${Object.keys(cost.rss).map(rss).join(', ')}`,
    `  resident memory peak since start (VmHWM, start-up included): ` +
      Object.entries(cost.rss).map(([name, r]) => `${name} ${r.highWaterMB} MB`).join(', '),
  ];
}

/** CPU per booking by service at the steady rate, and the profile's parts per booking. */
function profileSection({ latency, profile }) {
  const steady = latency.find((phase) => phase.rate === profile.rate) ?? latency[0];
  const services = Object.keys(profile.services);
  const perBooking = (figures) => [...services, 'services'].map((name) => num(figures[name], 2));
  const categories = [...new Set(services.flatMap((name) => profile.services[name].categories.map((c) => c.category)))];
  const msOf = (name, category) => profile.services[name].categories.find((c) => c.category === category)?.msPerBooking;
  const total = (category) => services.reduce((sum, name) => sum + (msOf(name, category) ?? 0), 0);
  categories.sort((a, b) => total(b) - total(a));
  return [
    `9. CPU per booking sent (/proc: user + system time of each process; ${steady.rate}/s, ${steady.sent} bookings, ` +
      `${Math.round((100 * steady.coordinatorBookings) / steady.sent)}% for coordinators)`,
    grid(
      ['phase', ...services, 'all services', 'postgres', 'rabbitmq', 'machine'],
      [
        [`${steady.rate}/s (no profiler)`, ...perBooking(steady.cpuMsPerBooking),
          num(steady.cpuMsPerBooking.postgres, 2), num(steady.cpuMsPerBooking.rabbitmq, 2),
          num(steady.cpuMsPerBooking.machine, 2)],
        [`${profile.rate}/s, profiled`, ...perBooking(profile.cpuMsPerBooking),
          num(profile.cpuMsPerBooking.postgres, 2), num(profile.cpuMsPerBooking.rabbitmq, 2),
          num(profile.cpuMsPerBooking.machine, 2)],
      ],
    ),
    `  where it goes: V8's sampling profiler in each service, ${profile.seconds} s at ${profile.rate}/s ` +
      `(${profile.bookings} bookings, ${profile.completed} coordinator events): each part's share of the busy samples`,
    '  times the service\'s CPU ms per booking in that phase (/proc); a sample is charged to the nearest part on its',
    '  stack from the leaf up (a socket write for a log line is logging, JSON.stringify is JSON wherever it is called):',
    grid(
      ['part', ...services, 'all'],
      [
        ...categories.map((category) => [
          category, ...services.map((name) => num(msOf(name, category), 3)), num(total(category), 3),
        ]),
        ['CPU (/proc)', ...services.map((name) => num(profile.services[name].busyMsPerBooking, 3)),
          num(services.reduce((sum, name) => sum + profile.services[name].busyMsPerBooking, 0), 3)],
        ['  of which native socket writes', ...services.map((name) => num(profile.services[name].socketWrites.msPerBooking, 3)),
          num(services.reduce((sum, name) => sum + profile.services[name].socketWrites.msPerBooking, 0), 3)],
      ],
    ),
    ...services.flatMap((name) => [
      `  ${name}: top self time: ` +
        profile.services[name].topFunctions.slice(0, 6).map((f) => `${f.function} ${f.percent}%`).join(' | '),
    ]),
    `  profiles: ${services.map((name) => profile.services[name].file).join(', ')}`,
  ];
}

const cpu = (cores) =>
  [cores.bookings, cores.coordinator, cores.notifications ?? 0, cores.postgres, cores.rabbitmq, cores.benchmark, cores.other]
    .map((v) => v.toFixed(2))
    .join('/');

/** The phases during which processes outside the benchmark used more than 0.15 cores, with how much. */
function disturbances(results) {
  const phases = [
    ['the idle check before the run', results.backgroundLoad.other],
    ...results.isolated.series.map((s) => [`isolated bookings ${s.idleMs / 1000} s apart`, s.cpuCores.other]),
    ...results.latency.map((p) => [`${p.rate}/s`, p.cpuCores.other]),
    ...results.throughput.levels.map((l) => [`${l.concurrency} worker(s)`, l.cpuCores.other]),
    ...results.relayBacklog.runs.map((r) => [`relay, batches of ${r.batchSize}`, r.cpuCores.other]),
    ...results.databaseLimit.runs.map((run) => [`pgbench -c ${run.concurrency}`, run.otherCores]),
  ];
  return phases.filter(([, cores]) => cores > 0.15);
}

// ---- the chart ----------------------------------------------------------------------------------------------------

/** Counts per logarithmic bin (12 per decade, from 1 ms), for the histogram panel. */
function histogram(values) {
  const perDecade = 12;
  const counts = [];
  for (const value of values) {
    const bin = Math.max(0, Math.floor(Math.log10(Math.max(value, 1)) * perDecade));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return Array.from(counts, (count, bin) => ({
    fromMs: round(10 ** (bin / perDecade), 2),
    toMs: round(10 ** ((bin + 1) / perDecade), 2),
    count: count ?? 0,
  }));
}

const SERIES = [
  ['e2eP50', 'end-to-end p50', '#1f77b4', 2],
  ['e2eP99', 'end-to-end p99', '#d62728', 2],
  ['e2eMax', 'end-to-end max', '#ff9896', 1],
  ['postP99', 'POST p99', '#2ca02c', 2],
];
const HISTOGRAM_COLORS = ['#1f77b4', '#ff7f0e', '#9467bd', '#8c564b'];
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const attributes = (attrs) =>
  Object.entries(attrs)
    .map(([name, value]) => `${name}="${typeof value === 'number' ? Number(value.toFixed(1)) : value}"`)
    .join(' ');
const svgText = (x, y, content, attrs = {}) => `<text ${attributes({ x, y, ...attrs })}>${escape(content)}</text>`;
const svgLine = (x1, y1, x2, y2, attrs) => `<line ${attributes({ x1, y1, x2, y2, ...attrs })}/>`;
const duration = (ms) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);

/** Latency over time at each rate (log scale) and the end-to-end histogram, as a self-contained SVG. */
function latencyChart(results) {
  const width = 1000;
  const panelHeight = 230;
  const panelGap = 60;
  const left = 70;
  const plotWidth = width - left - 190;
  const legendX = left + plotWidth + 20;
  const phases = results.latency;
  const height = 50 + (phases.length + 1) * (panelHeight + panelGap) + 20;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    svgText(left, 24, `Booking → CoordinatorWeddingCreated latency, ${results.mode} run ${results.startedAt}`, {
      'font-size': 16,
      'font-weight': 'bold',
    }),
  ];
  const panel = (top, title) => {
    parts.push(svgText(left, top - 10, title, { 'font-weight': 'bold' }));
    const frame = { x: left, y: top, width: plotWidth, height: panelHeight, fill: 'none', stroke: '#999' };
    parts.push(`<rect ${attributes(frame)}/>`);
  };
  const legend = (top, i, color, label) => {
    const y = top + 10 + i * 18;
    parts.push(svgLine(legendX, y, legendX + 24, y, { stroke: color, 'stroke-width': 2 }));
    parts.push(svgText(legendX + 30, y, label, { 'dominant-baseline': 'middle' }));
  };

  // One panel per rate: p50, p99 and max end-to-end, and POST p99, per time bucket; log scale from 1 ms.
  const all = phases.flatMap((p) => p.timeline.flatMap((b) => [b.e2eMax, b.postP99])).filter((v) => v !== null);
  const topMs = 10 ** Math.ceil(Math.log10(Math.max(100, ...all)));
  const bucket = results.plan.timelineBucketSeconds;
  phases.forEach((phase, index) => {
    const top = 50 + index * (panelHeight + panelGap);
    const x = (t) => left + (t / phase.seconds) * plotWidth;
    const y = (value) => top + panelHeight - (Math.log10(Math.max(value, 1)) / Math.log10(topMs)) * panelHeight;
    panel(top, `${phase.rate} bookings/s, open loop: latency per ${bucket} s of send time`);
    for (let decade = 1; decade <= topMs; decade *= 10) {
      parts.push(svgLine(left, y(decade), left + plotWidth, y(decade), { stroke: '#ddd' }));
      parts.push(svgText(left - 6, y(decade), duration(decade), { 'text-anchor': 'end', 'dominant-baseline': 'middle' }));
    }
    for (let t = 0; t <= phase.seconds; t += Math.max(1, Math.round(phase.seconds / 10))) {
      parts.push(svgText(x(t), top + panelHeight + 16, `${t} s`, { 'text-anchor': 'middle' }));
    }
    if (phase.rate === 50) {
      for (const [limit, label] of [[8, 'p50 target 8 ms'], [25, 'p99 target 25 ms']]) {
        parts.push(svgLine(left, y(limit), left + plotWidth, y(limit), { stroke: '#888', 'stroke-dasharray': '6 4' }));
        parts.push(svgText(left + plotWidth + 6, y(limit), label, { 'dominant-baseline': 'middle', fill: '#666' }));
      }
    }
    SERIES.forEach(([key, label, color, strokeWidth], i) => {
      const points = phase.timeline
        .filter((b) => b[key] !== null)
        .map((b) => `${x(b.t + bucket / 2).toFixed(1)},${y(b[key]).toFixed(1)}`);
      const line = { fill: 'none', stroke: color, 'stroke-width': strokeWidth, points: points.join(' ') };
      parts.push(`<polyline ${attributes(line)}/>`);
      if (index === 0) legend(top, i, color, label);
    });
  });

  // The histogram: share of coordinator bookings per logarithmic end-to-end latency bin, one outline per rate.
  const top = 50 + phases.length * (panelHeight + panelGap);
  const topBinMs = 10 ** (Math.max(1, ...phases.map((p) => p.histogram.length)) / 12);
  const x = (valueMs) => left + (Math.log10(Math.max(valueMs, 1)) / Math.log10(topBinMs)) * plotWidth;
  const shares = phases.map((p) => {
    const total = p.histogram.reduce((sum, bin) => sum + bin.count, 0) || 1;
    return p.histogram.map((bin) => ({ ...bin, share: bin.count / total }));
  });
  const topShare = Math.max(0.01, ...shares.flat().map((bin) => bin.share));
  const y = (share) => top + panelHeight - (share / topShare) * panelHeight;
  panel(top, 'End-to-end latency histogram (share of coordinator bookings per bin, log scale)');
  for (let decade = 1; decade <= topBinMs; decade *= 10) {
    parts.push(svgLine(x(decade), top, x(decade), top + panelHeight, { stroke: '#ddd' }));
    parts.push(svgText(x(decade), top + panelHeight + 16, duration(decade), { 'text-anchor': 'middle' }));
  }
  for (const share of [0, topShare / 2, topShare]) {
    const label = `${(share * 100).toFixed(0)}%`;
    parts.push(svgText(left - 6, y(share), label, { 'text-anchor': 'end', 'dominant-baseline': 'middle' }));
  }
  shares.forEach((bins, i) => {
    const color = HISTOGRAM_COLORS[i % HISTOGRAM_COLORS.length];
    const point = (ms, share) => `${x(ms).toFixed(1)},${y(share).toFixed(1)}`;
    const steps = bins.map((bin) => `L${point(bin.fromMs, bin.share)} L${point(bin.toMs, bin.share)}`);
    const d = `M${point(1, 0)} ${steps.join(' ')} L${point(bins.at(-1)?.toMs ?? 1, 0)}`;
    parts.push(`<path ${attributes({ d, fill: color, 'fill-opacity': 0.15, stroke: color, 'stroke-width': 2 })}/>`);
    legend(top, i, color, `${phases[i].rate}/s (p50 ${ms(phases[i].e2e.p50)} ms)`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

module.exports = { targets, table, histogram, latencyChart };
