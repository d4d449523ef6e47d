// Isolated bookings: one coordinator booking at a time, each after the system was idle — the regime of a marketplace,
// idle most of the time. Each booking's path is laid out from the statements the pg probe traced in both services.
const { performance } = require('node:perf_hooks');
const { CpuMeter } = require('./processes');
const { sendBooking } = require('./load');
const { summarize, round } = require('./stats');

/**
 * The steps of one booking, in order, each from the end of the one before: together they are its end-to-end time
 * (POST sent → CoordinatorWeddingCreated received). `posted` runs beside them. Each service publishes the event its
 * transaction wrote from memory once it has committed (no relay poll or claim on the path); marking it sent follows.
 */
const STEPS = [
  ['http', 'POST sent → booking write sent (HTTP, validation)'],
  ['bookingWrite', 'booking + outbox row, one statement (its commit included)'],
  ['toCoordinator', 'written → coordinator transaction begins (publish, confirm, broker, delivery, validation)'],
  ['coordinatorTx', 'coordinator transaction, BEGIN sent → COMMIT answered'],
  ['toListener', 'committed → event received (publish, broker, delivery)'],
];

/**
 * Per [idle ms, count] of the plan: `count` bookings, each sent after `idle ms` of nothing (counted from the previous
 * booking's event, or from the start). The backlog sampler pauses, so only the services' own timers (relay polls,
 * heartbeats) run in between. The probe counts each series' transactions and traces each booking's statements.
 */
async function measureIsolated({ services, sampler, pids, plan, log, ...load }) {
  await sampler.pause();
  const series = [];
  for (const [idleMs, count] of plan.isolated) {
    log(`${count} isolated booking(s), each after ${idleMs / 1000} s idle`);
    await services.probe({ reset: true, trace: 'on' });
    const cpu = new CpuMeter(pids);
    cpu.start();
    const bookings = [];
    for (let i = 0; i < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      const record = await sendBooking({ ...load, booking: load.factory.next(1), dueAt: performance.now() });
      const traced = await services.probe({ trace: 'on' });
      bookings.push({ idleMs, ...figures(record), steps: steps(record, traced.bookings.trace, traced.coordinator.trace) });
    }
    const cpuCores = cpu.stop();
    const probe = await services.probe({ reset: true, trace: 'off' });
    delete probe.bookings.trace;
    delete probe.coordinator.trace;
    delete probe.notifications?.trace;
    series.push({ idleMs, ...describe(bookings), cpuCores, probe, bookings });
  }
  sampler.resume();
  return { steps: Object.fromEntries(STEPS), series, all: describe(series.flatMap((s) => s.bookings)) };
}

function figures(record) {
  return {
    status: record.status,
    error: record.error,
    lost: record.lost,
    sentAt: performance.timeOrigin + record.dueAt,
    postMs: round(record.postMs),
    e2eMs: round(record.e2eMs),
    untilCoordinatorEventMs: round(record.untilCoordinatorEventMs),
    client: record.client,
  };
}

/**
 * The booking's steps (ms) from its statements: it was alone, so the first booking write after it was sent and the
 * first coordinator transaction after that are its own. Null where a statement is missing.
 */
function steps(record, bookingsTrace, coordinatorTrace) {
  if (record.e2eMs === undefined) return null;
  const sentAt = performance.timeOrigin + record.dueAt;
  const receivedAt = performance.timeOrigin + record.completedAt;
  const find = (trace, after, test) => trace.find((s) => s.sentAt >= after && s.answeredAt !== undefined && test(s));
  const write = find(bookingsTrace, sentAt, (s) => s.statement.startsWith('WITH booking AS'));
  const begin = write && find(coordinatorTrace, write.answeredAt, (s) => s.statement === 'START TRANSACTION');
  const commit = begin && find(coordinatorTrace, begin.sentAt, (s) => s.statement === 'COMMIT');
  if (!commit) return null;
  const at = [sentAt, write.sentAt, write.answeredAt, begin.sentAt, commit.answeredAt, receivedAt];
  const result = Object.fromEntries(STEPS.map(([name], i) => [name, round(at[i + 1] - at[i])]));
  result.commit = round(commit.answeredAt - commit.sentAt); // inside coordinatorTx: the WAL flush, mostly
  return result;
}

function describe(bookings) {
  const completed = bookings.filter((b) => b.e2eMs !== null);
  const stepped = bookings.map((b) => b.steps).filter(Boolean);
  return {
    sent: bookings.length,
    post: summarize(bookings.filter((b) => b.status === 201).map((b) => b.postMs)),
    e2e: summarize(completed.map((b) => b.e2eMs)),
    untilCoordinatorEventMs: summarize(completed.map((b) => b.untilCoordinatorEventMs)),
    errors: bookings.filter((b) => b.error).length,
    lost: bookings.filter((b) => b.lost).length,
    steps: Object.fromEntries(
      [...STEPS.map(([name]) => name), 'commit'].map((name) => [name, summarize(stepped.map((s) => s[name]))]),
    ),
  };
}

module.exports = { measureIsolated, STEPS };
