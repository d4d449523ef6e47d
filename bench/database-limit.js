// The database's own limit: pgbench running one-booking.pgbench.sql (the minimum SQL of one coordinator booking)
// on the scratch database, at each concurrency of the closed-loop phase.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { CpuMeter, cpuMsPerBooking } = require('./processes');
const { scratchUrl } = require('./scratch-database');

const SCRIPT = path.join(__dirname, 'one-booking.pgbench.sql');

function runPgbench(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.PGBENCH || 'pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`pgbench exited ${code}:\n${stderr}${stdout}`)),
    );
  });
}

/** tps, latency, failures and per-statement latencies from pgbench's report (PostgreSQL 15 format). */
function parseReport(report) {
  const number = (pattern) => {
    const match = pattern.exec(report);
    return match ? Number(match[1]) : null;
  };
  const statements = [];
  const lines = report.split('\n');
  const start = lines.findIndex((line) => line.startsWith('statement latencies'));
  if (start >= 0) {
    for (const line of lines.slice(start + 1)) {
      const match = /^\s+([\d.]+)\s+(?:\d+\s+)?(.+)$/.exec(line);
      if (match && !match[2].startsWith('\\')) statements.push({ ms: Number(match[1]), statement: match[2].trim() });
    }
  }
  return {
    tps: number(/^tps = ([\d.]+)/m),
    latencyMs: number(/^latency average = ([\d.]+) ms/m),
    transactions: number(/^number of transactions actually processed: (\d+)/m),
    failed: number(/^number of failed transactions: (\d+)/m) ?? 0,
    statements,
  };
}

/** One pgbench run per concurrency; each transaction is one booking. */
async function measureDatabaseLimit({ concurrencies, seconds, bookingPayload, weddingPayload }) {
  const runs = [];
  for (const clients of concurrencies) {
    // Only the machine's total is meaningful here: pgbench's backends exit before their CPU time could be read.
    const cpu = new CpuMeter({});
    cpu.start();
    const report = await runPgbench([
      '-n', // no vacuum of pgbench's own tables: there are none
      '-M', 'extended', // parse/bind/execute per statement, as node-postgres does
      '-r',
      '-f', SCRIPT,
      '-c', String(clients),
      '-j', String(Math.min(clients, 2)),
      '-T', String(seconds),
      '-D', `booking_payload=${JSON.stringify(bookingPayload)}`,
      '-D', `wedding_payload=${JSON.stringify(weddingPayload)}`,
      scratchUrl,
    ]);
    const { machine, machineBusyPercent, otherAlive } = cpu.stop();
    const parsed = parseReport(report);
    runs.push({
      concurrency: clients,
      seconds,
      ...parsed,
      machineBusyPercent,
      otherCores: otherAlive,
      cpuMsPerBooking: cpuMsPerBooking({ machine }, parsed.tps).machine,
    });
  }
  return { script: path.relative(process.cwd(), SCRIPT), runs };
}

module.exports = { measureDatabaseLimit };
