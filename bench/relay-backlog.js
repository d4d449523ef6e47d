// The bookings service's outbox relay emptying a backlog: N outbox rows committed at once, of a type no queue is bound
// to, so RabbitMQ parks them in the exchange's `.unrouted` queue (through its alternate exchange) instead of the
// coordinator making N weddings of them. Timed from the commit until the last row is marked sent.
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');
const { CpuMeter } = require('./processes');
const { round, summarize } = require('./stats');

/** Bound to nothing: every exchange's alternate exchange routes it to `<exchange>.unrouted`. */
const PROBE_TYPE = 'bench.relay-probe';
const POLL_MS = 20;

/**
 * Inserts `rows` outbox rows in one transaction, wakes the relay with one booking of a vendor who is no coordinator
 * (else it would find them at its next poll, up to OUTBOX_POLL_INTERVAL_MS later), and polls the unsent rows every
 * 20 ms until none is left. Then checks the broker holds them all, purges the queue and deletes the rows.
 */
async function measureRelayBacklog({ databaseUrl, amqpUrl, unroutedQueue, messaging, wake, pids, probe, rows, timeoutMs }) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await messaging.withBrokerChannel(amqpUrl, async (channel) => {
      await channel.purgeQueue(unroutedQueue);
      const unsent = async () =>
        (await db.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')).rows[0].n;
      if ((await unsent()) !== 0) throw new Error('the bookings outbox has unsent rows before the relay measurement');
      await probe({ reset: true, trace: 'on' });
      const cpu = new CpuMeter(pids);

      await db.query('BEGIN');
      await db.query(
        `INSERT INTO outbox (id, type, version, payload, correlation_id)
         SELECT gen_random_uuid(), $1, 1, jsonb_build_object('probe', n, 'note', 'relay benchmark, bound to no queue'),
                'relay-probe-' || n
           FROM generate_series(1, $2) AS n`,
        [PROBE_TYPE, rows],
      );
      await db.query('COMMIT');
      const committedAt = performance.now();
      cpu.start();
      const woken = wake();

      let left = rows;
      while (left > 0 && performance.now() - committedAt < timeoutMs) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        left = await unsent();
      }
      const doneAt = performance.now();
      const cores = cpu.stop();
      const wakeStatus = (await woken).status;
      const seconds = (doneAt - committedAt) / 1000;
      const { rows: [span] } = await db.query(
        `SELECT count(*)::int AS sent, extract(epoch FROM max(sent_at) - min(sent_at)) * 1000 AS first_to_last_ms,
                count(DISTINCT sent_at)::int AS marks
           FROM outbox WHERE type = $1 AND sent_at IS NOT NULL`,
        [PROBE_TYPE],
      );
      // The broker's count may lag its confirms by a moment; a republished row would show here as one too many.
      let parked = 0;
      for (let i = 0; i < 50 && parked < span.sent; i++) {
        parked = (await channel.checkQueue(unroutedQueue)).messageCount;
        if (parked < span.sent) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const { bookings } = await probe({ reset: true, trace: 'off' });
      const relay = bookings.transactions.relay;

      await channel.purgeQueue(unroutedQueue);
      await db.query('DELETE FROM outbox WHERE type = $1', [PROBE_TYPE]);
      return {
        rows,
        unsentLeft: left,
        seconds: round(seconds, 3),
        eventsPerSecond: left === 0 ? round(rows / seconds, 0) : null,
        // Between the first and the last batch's mark: the relay's pace without the wake-up and the first batch.
        firstToLastMarkMs: round(Number(span.first_to_last_ms), 1),
        marks: span.marks,
        parkedInBroker: parked,
        wakeBookingStatus: wakeStatus,
        relay: relay && {
          passes: relay.count,
          rowsEach: relay.rowsEach,
          statementsEach: relay.statementsEach,
          passMs: relay.durationMs,
        },
        passSteps: passSteps(bookings.trace),
        cpuCores: cores,
      };
    });
  } finally {
    await db.end();
  }
}

/**
 * Each pass cut into its steps (ms), from the statements the probe traced in the bookings service: the claim's round
 * trip, claimed → mark sent (publishing the batch and waiting for its confirms), the mark's round trip, and marked →
 * next claim sent (the relay's own turn-around).
 */
function passSteps(trace) {
  const claims = trace.filter((s) => s.statement.startsWith('UPDATE outbox SET claimed_until') && s.rows > 0);
  const steps = { claim: [], publishAndConfirm: [], mark: [], untilNextClaim: [] };
  claims.forEach((claim, i) => {
    const mark = trace.find((s) => s.sentAt >= claim.answeredAt && s.statement.startsWith('UPDATE outbox SET sent_at'));
    if (!mark || mark.answeredAt === undefined) return;
    steps.claim.push(claim.answeredAt - claim.sentAt);
    steps.publishAndConfirm.push(mark.sentAt - claim.answeredAt);
    steps.mark.push(mark.answeredAt - mark.sentAt);
    const next = claims[i + 1];
    if (next) steps.untilNextClaim.push(next.sentAt - mark.answeredAt);
  });
  return Object.fromEntries(Object.entries(steps).map(([name, values]) => [name, summarize(values)]));
}

module.exports = { measureRelayBacklog, PROBE_TYPE };
