// The system under test on resources of its own: bench_* databases, bench.* exchanges and queues, ports 3101-3103.
// Builds the workspace, starts the three compiled services (like scripts/start.js) with the pg probe and the CPU
// profiler loaded, and an SMTP server in this process that accepts the notification service's email; stops them.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..');
const postgresServerUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432';
const amqpUrl = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';

const NAMES = {
  bookingsDatabase: 'bench_bookings',
  coordinatorDatabase: 'bench_coordinator',
  notificationsDatabase: 'bench_notifications',
  scratchDatabase: 'bench_scratch',
  listenerQueue: 'bench.coordinator-events.listener',
};
/** Every exchange and queue setting of the services, prefixed; isolatedBrokerNames() refuses any it does not know. */
const BROKER_ENV = {
  BOOKINGS_EXCHANGE: 'bench.bookings.events',
  COORDINATOR_EXCHANGE: 'bench.coordinator.events',
  BOOKING_CREATED_QUEUE: 'bench.coordinator.booking-created',
  COORDINATOR_OUTCOMES_QUEUE: 'bench.bookings.coordinator-outcomes',
  NOTIFICATIONS_QUEUE: 'bench.notifications.coordinator-events',
};
const BENCH_PREFIX = 'bench.';
const PORTS = { bookings: 3101, coordinator: 3102, notifications: 3103 };

function databaseUrl(name) {
  const url = new URL(postgresServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** How the @wedding/* path aliases resolve against the compiled output, for the services and for this process. */
const compiledPathsEnv = {
  TS_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
  TS_NODE_BASEURL: path.join(root, 'dist'),
};

const serviceEnv = {
  ...process.env,
  ...compiledPathsEnv,
  BENCH_PG_PROBE: 'ipc',
  BOOKINGS_PORT: String(PORTS.bookings),
  COORDINATOR_PORT: String(PORTS.coordinator),
  BOOKINGS_DATABASE_URL: databaseUrl(NAMES.bookingsDatabase),
  COORDINATOR_DATABASE_URL: databaseUrl(NAMES.coordinatorDatabase),
  NOTIFICATIONS_PORT: String(PORTS.notifications),
  NOTIFICATIONS_DATABASE_URL: databaseUrl(NAMES.notificationsDatabase),
  AMQP_URL: amqpUrl,
  // The benchmark calls the services on 127.0.0.1, whatever HOST the shell exports.
  HOST: '127.0.0.1',
  ...BROKER_ENV,
  // Every request comes from one address here; a per-address limit would measure the limiter, not the pipeline.
  RATE_LIMIT_PER_MINUTE: '0',
  // No collector: the tracing code's cost with tracing off is part of what is measured (issue 19).
  OTEL_SDK_DISABLED: process.env.OTEL_SDK_DISABLED ?? 'true',
};

function build() {
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
}

let compiledPathsRegistered = false;

/** Lets this process load compiled workspace modules (configs, AutoIntegrationService) the way the services do. */
function loadCompiled(relativePath) {
  if (!compiledPathsRegistered) {
    Object.assign(process.env, compiledPathsEnv);
    require('reflect-metadata');
    require('tsconfig-paths/register');
    compiledPathsRegistered = true;
  }
  return require(path.join(root, 'dist', relativePath));
}

/** The settings each service runs with in this benchmark, read by the services' own config classes. */
function effectiveConfig() {
  const { loadConfig } = loadCompiled('libs/infrastructure/src');
  const { BookingsConfig } = loadCompiled('apps/bookings/src/config');
  const { CoordinatorConfig } = loadCompiled('apps/coordinator/src/config');
  const { NotificationsConfig } = loadCompiled('apps/notifications/src/config');
  return {
    bookings: loadConfig(BookingsConfig, serviceEnv),
    coordinator: loadConfig(CoordinatorConfig, serviceEnv),
    notifications: loadConfig(NotificationsConfig, serviceEnv),
  };
}

async function withAdmin(work) {
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function recreateDatabases(...names) {
  await withAdmin(async (admin) => {
    for (const name of names) {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
    }
  });
}

async function dropDatabases(...names) {
  await withAdmin(async (admin) => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** The lib's AMQP helpers (connectToBroker, withBrokerChannel, the topology names), compiled: one way to talk AMQP. */
const messaging = () => loadCompiled('libs/messaging/src');

/**
 * Every exchange and queue the services declare, from their own topology declarations (`bookingsTopology`,
 * `coordinatorTopology`), plus the listener's queue; throws when one is not a bench.* name, so a new setting cannot touch the shared broker's.
 */
function isolatedBrokerNames(config) {
  const { topologyNames } = messaging();
  const { bookingsTopology } = loadCompiled('apps/bookings/src/topology');
  const { coordinatorTopology } = loadCompiled('apps/coordinator/src/topology');
  const { notificationsTopology } = loadCompiled('apps/notifications/src/topology');
  const topologies = {
    bookings: bookingsTopology(config.bookings),
    coordinator: coordinatorTopology(config.coordinator),
    notifications: notificationsTopology(config.notifications),
  };
  const names = { exchanges: new Set(), queues: new Set([NAMES.listenerQueue]) };
  for (const [service, topology] of Object.entries(topologies)) {
    const { exchanges, queues } = topologyNames(topology);
    for (const [kind, list] of [['exchanges', exchanges], ['queues', queues]]) {
      for (const name of list) {
        if (!name.startsWith(BENCH_PREFIX)) {
          throw new Error(`${service} would use the ${kind.slice(0, -1)} "${name}", which is not isolated: ` +
            'add the variable that names it to BROKER_ENV');
        }
        names[kind].add(name);
      }
    }
  }
  return { exchanges: [...names.exchanges], queues: [...names.queues] };
}

/** Deletes those exchanges and queues; missing ones are fine. */
async function deleteBrokerObjects({ exchanges, queues }) {
  await messaging().withBrokerChannel(amqpUrl, async (channel) => {
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
  });
}

/**
 * An SMTP server that accepts every email and keeps nothing but a count: the notification service's email ends here,
 * as it would at a mail provider, so that each booking's notifications cost what they cost.
 */
async function startSmtpSink() {
  const { SMTPServer } = require('smtp-server');
  const sink = { accepted: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        sink.accepted++;
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${server.server.address().port}`;
  sink.close = () => new Promise((resolve) => server.close(resolve));
  return sink;
}

/**
 * The services as child processes, each logging to a file, each with the pg probe and the CPU profiler answering
 * over IPC; the notification service sends to an SMTP sink in this process.
 */
class Services {
  /**
   * `extraEnv`: settings for the services beyond the benchmark's, and `ports` where they then listen, one per service
   * to start (tracing-overhead.js turns tracing on and off, on names and ports of its own).
   */
  constructor(logPrefix, extraEnv = {}, ports = PORTS) {
    this.logPrefix = logPrefix;
    this.extraEnv = extraEnv;
    this.ports = ports;
    this.names = Object.keys(ports);
    this.children = {};
    this.nextRequest = 0;
  }

  async start() {
    if (this.names.includes('notifications')) {
      this.smtp = await startSmtpSink();
      this.extraEnv = { SMTP_URL: this.smtp.url, ...this.extraEnv };
    }
    for (const name of this.names) this.spawn(name, { ...serviceEnv, ...this.extraEnv });
    await Promise.all(this.names.map((name) => this.waitReady(name)));
  }

  pids() {
    return Object.fromEntries(this.names.map((name) => [name, this.pid(name)]));
  }

  /** Stops one service and starts it again with `settings` added to its environment (e.g. another batch size). */
  async restart(name, settings = {}) {
    await stopChild(this.children[name]);
    this.spawn(name, { ...serviceEnv, ...this.extraEnv, ...settings });
    await this.waitReady(name);
  }

  spawn(name, env) {
    const log = fs.openSync(`${this.logPrefix}-${name}.log`, 'a');
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : []),
        '-r', 'tsconfig-paths/register',
        '-r', path.join(__dirname, 'pg-probe.js'),
        '-r', path.join(__dirname, 'cpu-profiler.js'),
        path.join(root, 'dist/apps', name, 'src/main.js'),
      ],
      { cwd: root, env, stdio: ['ignore', log, log, 'ipc'] },
    );
    fs.closeSync(log);
    child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    this.children[name] = child;
  }

  pid(name) {
    return this.children[name].pid;
  }

  async waitReady(name, timeoutMs = 90_000) {
    const child = this.children[name];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited during start-up; see ${this.logPrefix}-${name}.log`);
      }
      const status = await fetch(`http://127.0.0.1:${this.ports[name]}/health/ready`).then((r) => r.status, () => 0);
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`${name} not ready after ${timeoutMs / 1000} s (last ${status})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The probe's counts in each service since the last reset (and its statement trace, see pg-probe.js). */
  async probe({ reset = false, trace } = {}) {
    const entries = await Promise.all(this.names.map(async (name) => [name, await this.probeOne(name, { reset, trace })]));
    return Object.fromEntries(entries);
  }

  probeOne(name, { reset, trace }) {
    const child = this.children[name];
    const id = ++this.nextRequest;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`${name} did not answer the probe`));
      }, 10_000);
      function onMessage(message) {
        if (message?.probe !== 'snapshot' || message.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message.data);
      }
      child.on('message', onMessage);
      child.send({ probe: 'snapshot', id, reset, trace });
    });
  }

  /** Starts V8's sampling profiler in every service (cpu-profiler.js). */
  async startProfiling() {
    await Promise.all(this.names.map((name) => this.ask(name, { profile: 'start' })));
  }

  /** Stops it and has each service write `<prefix>-<service>.cpuprofile`; answers the files by service. */
  async stopProfiling(prefix) {
    const files = await Promise.all(
      this.names.map((name) => this.ask(name, { profile: 'stop', file: `${prefix}-${name}.cpuprofile` })),
    );
    return Object.fromEntries(this.names.map((name, i) => [name, files[i]]));
  }

  ask(name, message, timeoutMs = 60_000) {
    const child = this.children[name];
    const id = ++this.nextRequest;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`${name} did not answer ${message.profile}`));
      }, timeoutMs);
      function onMessage(answer) {
        if (answer?.profile !== message.profile || answer.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        if (answer.error) reject(new Error(`${name}: ${answer.error}`));
        else resolve(answer.data);
      }
      child.on('message', onMessage);
      child.send({ ...message, id });
    });
  }

  async stop() {
    await Promise.all(Object.values(this.children).map(stopChild));
    await this.smtp?.close();
  }
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await child.exited;
  clearTimeout(timer);
}

/** Operating system, CPUs, memory, Node, PostgreSQL and RabbitMQ versions. */
async function describeMachine() {
  const release = fs.existsSync('/etc/os-release')
    ? /^PRETTY_NAME="?([^"\n]*)/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1]
    : undefined;
  const postgres = await withAdmin(async (admin) => (await admin.query('SHOW server_version')).rows[0].server_version);
  const postgresSettings = await withAdmin(async (admin) => {
    const { rows } = await admin.query(
      `SELECT name, setting FROM pg_settings
        WHERE name IN ('max_connections', 'shared_buffers', 'synchronous_commit', 'fsync', 'wal_sync_method')`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  });
  const rabbitmq = await messaging().withBrokerChannel(
    amqpUrl,
    async (_channel, connection) => connection.connection.serverProperties.version,
  );
  return {
    os: `${release ?? os.type()} (${os.type()} ${os.release()}, ${os.arch()})`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    postgres,
    postgresSettings,
    rabbitmq,
  };
}

module.exports = {
  root,
  amqpUrl,
  messaging,
  NAMES,
  PORTS,
  databaseUrl,
  build,
  loadCompiled,
  effectiveConfig,
  isolatedBrokerNames,
  recreateDatabases,
  dropDatabases,
  deleteBrokerObjects,
  Services,
  describeMachine,
};
