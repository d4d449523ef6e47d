// Counts the SQL statements of the process it is loaded into and times its transactions, by wrapping node-postgres'
// Client#query: `node -r bench/pg-probe.js` in a service (answers snapshots over the IPC channel), or required by
// the benchmark itself. With node-postgres every query() is one round trip: it does not pipeline.
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');
const { summarize, round } = require('./stats');

/** A transaction is named after the first statement that gives it away. */
const TRANSACTION_KINDS = [
  ['coordinator', /^\s*INSERT INTO inbox\b/i],
  ['booking', /^\s*INSERT INTO "?bookings"?\s*\(/i],
  ['relay', /\bFROM outbox\b[\s\S]*\bFOR UPDATE SKIP LOCKED\b/i],
];
const BEGIN = /^\s*(START TRANSACTION|BEGIN)\b/i;
/**
 * The outbox relay works without a transaction: it claims a batch (one UPDATE … RETURNING), publishes it, then marks
 * it sent (or frees what failed). A "relay pass" runs from the claim to the mark; one pass at a time per process.
 */
const RELAY_CLAIM = /^\s*UPDATE outbox SET claimed_until = now\(\)/i;
const RELAY_FINISH = /^\s*UPDATE outbox SET (sent_at = |claimed_until = NULL)/i;
let relayPass;
/** The bookings service writes a booking and its outbox row in one statement, outside any explicit transaction. */
const BOOKING_WRITE = /^\s*WITH booking AS \(\s*INSERT INTO bookings\b/i;
const END = /^\s*(COMMIT|ROLLBACK|END)\b/i;

let stats = emptyStats();
const openTransactions = new WeakMap();

function emptyStats() {
  return { since: performance.now(), statements: 0, byStatement: new Map(), transactions: new Map() };
}

/** The statement's first words, for the statement mix; cached, as a service sends the same few texts again. */
const labels = new Map();
function label(text) {
  let cached = labels.get(text);
  if (cached === undefined) {
    cached = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    if (labels.size < 1000) labels.set(text, cached);
  }
  return cached;
}

function onStart(client, text, startedAt) {
  stats.statements++;
  const key = label(text);
  stats.byStatement.set(key, (stats.byStatement.get(key) ?? 0) + 1);
  if (RELAY_CLAIM.test(text)) relayPass = { startedAt, statements: 0, kind: 'relay', rows: 0, autocommit: true };
  if (relayPass && (RELAY_CLAIM.test(text) || RELAY_FINISH.test(text))) {
    relayPass.statements++;
    return relayPass;
  }
  if (BOOKING_WRITE.test(text) && !openTransactions.get(client)) {
    return { startedAt, statements: 1, kind: 'booking', rows: 0, autocommit: true, single: true };
  }
  let transaction = openTransactions.get(client);
  if (BEGIN.test(text)) {
    transaction = { startedAt, statements: 0, kind: undefined, rows: 0 };
    openTransactions.set(client, transaction);
  }
  if (!transaction) return undefined;
  transaction.statements++;
  transaction.kind ??= TRANSACTION_KINDS.find(([, pattern]) => pattern.test(text))?.[0];
  return transaction;
}

function onDone(client, text, transaction, result) {
  if (!transaction) return;
  if (transaction.single) return record(transaction, text);
  if (transaction.autocommit) {
    if (RELAY_CLAIM.test(text)) transaction.rows = result?.rowCount ?? 0;
    // An empty claim ends the pass, counted apart (the relay's polls while idle); so does the mark (a failed batch
    // also frees its rows, which is counted with it).
    if (RELAY_CLAIM.test(text) && transaction.rows === 0) transaction.kind = 'relay-idle';
    if (transaction.kind === 'relay-idle' || RELAY_FINISH.test(text)) {
      if (relayPass === transaction) relayPass = undefined;
      record(transaction, text);
    }
    return;
  }
  if (transaction.kind === 'relay' && transaction.rows === 0 && result?.command === 'SELECT') {
    transaction.rows = result.rowCount ?? 0;
  }
  if (!END.test(text)) return;
  openTransactions.delete(client);
  record(transaction, text);
}

function record(transaction, text) {
  const kind = transaction.kind ?? 'other';
  let entry = stats.transactions.get(kind);
  if (!entry) {
    entry = { count: 0, statements: 0, statementCounts: new Map(), rows: 0, rolledBack: 0, durations: [] };
    stats.transactions.set(kind, entry);
  }
  entry.count++;
  entry.statements += transaction.statements;
  entry.statementCounts.set(transaction.statements, (entry.statementCounts.get(transaction.statements) ?? 0) + 1);
  entry.rows += transaction.rows;
  if (/^\s*ROLLBACK/i.test(text)) entry.rolledBack++;
  entry.durations.push(performance.now() - transaction.startedAt);
}

/**
 * While on, every statement with its wall-clock times (ms since the epoch, sub-millisecond, comparable between the
 * processes of one machine): the benchmark lines an isolated booking's statements up with its own timestamps.
 */
let trace;
const TRACE_LIMIT = 10_000;
const wallClock = () => performance.timeOrigin + performance.now();

const originalQuery = Client.prototype.query;
Client.prototype.query = function query(config, values, callback) {
  const text = typeof config === 'string' ? config : config?.text;
  if (typeof text !== 'string') return originalQuery.apply(this, arguments);
  const transaction = onStart(this, text, performance.now());
  const traced = trace && trace.length < TRACE_LIMIT ? { statement: label(text), sentAt: wallClock() } : undefined;
  if (traced) trace.push(traced);
  const done = (result) => {
    if (traced) Object.assign(traced, { answeredAt: wallClock(), rows: result?.rowCount ?? null });
    onDone(this, text, transaction, result);
  };
  const args = [...arguments];
  const callbackIndex = args.findIndex((arg) => typeof arg === 'function');
  if (callbackIndex >= 0) {
    const original = args[callbackIndex];
    args[callbackIndex] = (error, result) => {
      done(result);
      original(error, result);
    };
  }
  const returned = originalQuery.apply(this, args);
  if (callbackIndex < 0 && returned && typeof returned.then === 'function') returned.then(done, () => done());
  return returned;
};

/**
 * What was counted since the last reset: statements (= round trips) in all, by statement, and per kind of
 * transaction the count, statements each (BEGIN and COMMIT included; mean, distribution, most common), duration
 * from BEGIN sent to COMMIT answered; with `trace`, the traced statements too.
 */
function snapshot({ reset = false, trace: tracing } = {}) {
  const transactions = {};
  for (const [kind, entry] of stats.transactions) {
    transactions[kind] = {
      count: entry.count,
      statementsEach: round(entry.statements / entry.count),
      // How many transactions took how many statements: a retried upsert (a race) is one more, now and then.
      statementCounts: Object.fromEntries([...entry.statementCounts].sort((a, b) => a[0] - b[0])),
      typicalStatements: [...entry.statementCounts].reduce((a, b) => (b[1] > a[1] ? b : a))[0],
      rowsEach: kind === 'relay' ? round(entry.rows / entry.count) : undefined,
      rolledBack: entry.rolledBack,
      durationMs: summarize(entry.durations),
    };
  }
  const result = {
    seconds: round((performance.now() - stats.since) / 1000),
    statements: stats.statements,
    byStatement: Object.fromEntries([...stats.byStatement].sort((a, b) => b[1] - a[1])),
    transactions,
  };
  if (reset) stats = emptyStats();
  // `trace: 'on'` or `'off'`: hands over the statements traced since the last such snapshot, and traces on or not.
  if (tracing) {
    result.trace = trace ?? [];
    trace = tracing === 'on' ? [] : undefined;
  }
  return result;
}

// Loaded with -r into a service started by the benchmark: answer snapshots, and die with the benchmark.
if (process.send && process.env.BENCH_PG_PROBE === 'ipc') {
  process.on('message', (message) => {
    if (message?.probe === 'snapshot') process.send({ probe: 'snapshot', id: message.id, data: snapshot(message) });
  });
  process.on('disconnect', () => process.exit(1));
  process.channel?.unref();
}

module.exports = { snapshot };
