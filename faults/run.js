#!/usr/bin/env node
// Fault-injection suite: drives a stream of bookings through the real HTTP API while injecting one fault at a time
// (broker restart, database cut, SIGKILLed consumers, republished events, poison messages, a relay that crashed
// between the broker's confirm and marking the row sent, the broker down while every service starts, a retry ladder
// changed between starts, graceful shutdowns under load, the notification service SIGKILLed mid-delivery, the SMTP
// server down, a webhook receiver down, the SMS provider timing out and refusing, the coordinators' and notification
// services' databases cut for longer than their retry ladder, a notification service frozen past its SMS lease, and —
// full form only — a node of a three-node RabbitMQ cluster stopped), then checks every booking, and the emails (and
// webhooks and SMS) about it, once the system has settled.
//   node faults/run.js [--quick] [--only 1,3]      (npm run faults -- --quick)
// Prints a table of lost / duplicated / unexpected counts and the time to settle per scenario, writes
// faults-results/<timestamp>.json, and exits non-zero when any count is not zero.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { Client, Pool } = require('pg');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');
const { Webhook } = require('standardwebhooks');
const { RabbitCluster } = require('./rabbitmq-cluster');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',').map(Number) : undefined;

const SERVER_URL = process.env.FAULTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_URL = process.env.FAULTS_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const PREFIX = 'faults';
const PORTS = { bookings: 3201, coordinatorA: 3202, coordinatorB: 3203, notificationsA: 3204, notificationsB: 3205 };
const STREAM = quick ? { seconds: 5, rate: 20 } : { seconds: 15, rate: 40 };
const SETTLE_TIMEOUT_MS = 120_000;
// Long enough, in total (15.5 s), to outlast the injected outages, so no booking is dead-lettered by one.
const RETRY_DELAYS_MS = '500,1000,2000,4000,8000';
// The ladder scenario 8 restarts the coordinators with: other delays, so other retry queues.
const OTHER_RETRY_DELAYS_MS = '400,900,1800,3600,7200,9000';
// The email schedule: 15.5 s in all, longer than the SMTP outage of scenario 12.
const EMAIL_RETRY_DELAYS_MS = '500,1000,2000,4000,8000';
// A send's claim lasts 4 × this (at least 10 s): how long an email of a SIGKILLed sender waits to be sent again.
const SMTP_TIMEOUT_MS = '2000';
// The webhook schedule: the email one, longer than the receiver outage of scenario 13.
const WEBHOOK_RETRY_DELAYS_MS = EMAIL_RETRY_DELAYS_MS;
const WEBHOOK_OUTAGE_MS = quick ? 3000 : 5000;
// An SMS unanswered after this is `unknown` (never resent); scenario 14's provider stops answering for longer.
const SMS_TIMEOUT_MS = '1000';
// Scenario 15: the ladder the consumers are restarted with, and a database cut much longer than it (and than the
// give-up report's tries after it) — the services' default ladder and 3 minutes in the full form.
const OUTAGE = quick ? { retryDelaysMs: '250,500,1000', cutMs: 8000 } : { retryDelaysMs: '1000,10000,60000', cutMs: 180_000 };
// Scenario 16 freezes a notification service for longer than its SMS lease (2 × SMS_TIMEOUT_MS + 10 s, app.module).
const SMS_LEASE_MS = 2 * Number(SMS_TIMEOUT_MS) + 10_000;
const FREEZE_MS = SMS_LEASE_MS + 2000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const dbUrl = (name, port) => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  if (port) {
    url.hostname = '127.0.0.1';
    url.port = String(port);
  }
  return url.toString();
};
const names = {
  bookingsDb: `${PREFIX}_bookings`,
  coordinatorDb: `${PREFIX}_coordinator`,
  notificationsDb: `${PREFIX}_notifications`,
  notificationsQueue: `${PREFIX}.notifications.coordinator-events`,
  bookingsExchange: `${PREFIX}.bookings.events`,
  coordinatorExchange: `${PREFIX}.coordinator.events`,
  bookingCreatedQueue: `${PREFIX}.coordinator.booking-created`,
  outcomesQueue: `${PREFIX}.bookings.coordinator-outcomes`,
};

// ---------------------------------------------------------------- the services' own code, compiled
/** Loads a compiled workspace module the way the services resolve their @wedding/* imports (after npm run build). */
function compiled(relativePath) {
  process.env.TS_NODE_PROJECT = path.join(root, 'tsconfig.base.json');
  process.env.TS_NODE_BASEURL = path.join(root, 'dist');
  require('reflect-metadata');
  require('tsconfig-paths/register');
  return require(path.join(root, 'dist', relativePath));
}
const messaging = () => compiled('libs/messaging/src');

/** Both services' topologies as their own code declares them, for the environment they run with. */
function topologies(env) {
  const { loadConfig } = compiled('libs/infrastructure/src');
  const { BookingsConfig } = compiled('apps/bookings/src/config');
  const { CoordinatorConfig } = compiled('apps/coordinator/src/config');
  const { bookingsTopology } = compiled('apps/bookings/src/topology');
  const { coordinatorTopology } = compiled('apps/coordinator/src/topology');
  const { NotificationsConfig } = compiled('apps/notifications/src/config');
  const { notificationsTopology } = compiled('apps/notifications/src/topology');
  return [
    bookingsTopology(loadConfig(BookingsConfig, env)),
    coordinatorTopology(loadConfig(CoordinatorConfig, env)),
    notificationsTopology(loadConfig(NotificationsConfig, env)),
  ];
}

/** Every environment the suite runs the services with (scenarios 8 and 15 change the ladder): all their queues. */
const environments = [];
function brokerObjects() {
  const { topologyNames } = messaging();
  const exchanges = new Set();
  const queues = new Set();
  for (const env of environments) {
    for (const topology of topologies(env)) {
      const objects = topologyNames(topology);
      objects.exchanges.forEach((e) => exchanges.add(e));
      objects.queues.forEach((q) => queues.add(q));
    }
  }
  return { exchanges: [...exchanges], queues: [...queues] };
}

// ---------------------------------------------------------------- TCP proxies in front of PostgreSQL (scenarios 2, 15)
function startProxy(targetPort) {
  const sockets = new Set();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        cutOff() {
          cut = true;
          for (const socket of sockets) socket.destroy();
        },
        restore() {
          cut = false;
        },
        close() {
          cut = true;
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    ),
  );
}

// ---------------------------------------------------------------- an SMTP server the notification service sends to
/**
 * smtp-server in this process, recording each accepted email by its X-Notification-Id and Message-ID. It commits a
 * message when it answers 250 to a client still connected, as a real server does; `answerDelayMs` keeps conversations
 * in flight (scenario 11 kills senders mid-delivery); `down()` refuses connections until `up()`.
 */
function startSmtpSink() {
  const received = new Map(); // notification id → Message-IDs of every accepted copy
  const closed = new Set();
  const sockets = new Set();
  let answerDelayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onClose: (session) => closed.add(session.id),
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', async () => {
        const mail = await simpleParser(Buffer.concat(chunks));
        await sleep(answerDelayMs);
        if (closed.has(session.id)) return callback(new Error('client gone'));
        const id = mail.headers.get('x-notification-id');
        received.set(id, [...(received.get(id) ?? []), mail.messageId]);
        callback(null, 'OK: queued');
      });
    },
  });
  server.on('error', () => undefined);
  server.server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let port = 0;
  const listen = () => new Promise((resolve) => server.server.listen(port, '127.0.0.1', () => resolve((port = server.server.address().port))));
  return listen().then(() => ({
    received,
    url: () => `smtp://127.0.0.1:${port}`,
    slow(ms) {
      answerDelayMs = ms;
    },
    down: () =>
      new Promise((resolve) => {
        server.server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    up: listen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }));
}

// ---------------------------------------------------------------- a webhook receiver (scenario 13)
/**
 * node:http in this process: records every delivery (path, webhook-id, the booking it is about, whether its signature
 * verifies with the endpoint's secret) once its body has arrived, and answers 200 50 ms later — so that `down()`, which
 * closes the listener and every connection, cuts some requests between receipt and answer (they are retried with the
 * same webhook-id: a repeat, not a duplicate). Refuses connections until `up()`.
 */
function startWebhookReceiver() {
  const received = [];
  const secrets = new Map(); // path → the endpoint's secret
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let valid = false;
      try {
        new Webhook(secrets.get(req.url)).verify(body, req.headers);
        valid = true;
      } catch {
        // counted as unexpected
      }
      let bookingId;
      try {
        bookingId = JSON.parse(body).data.bookingId;
      } catch {
        // no booking: counted as unexpected
      }
      received.push({ path: req.url, webhookId: req.headers['webhook-id'], bookingId, valid });
      setTimeout(() => res.writeHead(200).end('ok'), 50);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let port = 0;
  const listen = () => new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((port = server.address().port))));
  return listen().then(() => ({
    received,
    secrets,
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    down: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    up: listen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }));
}

// ---------------------------------------------------------------- an SMS provider the notification service sends to
/**
 * Semaphore's POST /api/v4/messages in this process. It records every request it read as received (a real provider
 * that read it may have sent it, answered or not): `mode` `ok` answers 200, `timeout` reads and never answers, and
 * `down()` refuses connections until `up()`. `slow(ms)` answers that much later; `openFor(apiKey)` counts the requests
 * of one sender (each notification service has an API key of its own) read and not answered yet.
 */
function startSmsProvider() {
  const received = []; // { number, message }
  const open = new Map(); // API key → requests read, not answered yet
  const sockets = new Set();
  const state = { mode: 'ok', answerDelayMs: 0 };
  const server = require('node:http').createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const fields = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      received.push({ number: fields.get('number'), message: fields.get('message') });
      if (state.mode === 'timeout') return;
      const id = received.length;
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify([{ message_id: id, status: 'Pending' }]));
      };
      if (state.answerDelayMs === 0) return answer();
      const key = fields.get('apikey');
      open.set(key, (open.get(key) ?? 0) + 1);
      setTimeout(() => {
        open.set(key, open.get(key) - 1);
        if (!res.destroyed) answer();
      }, state.answerDelayMs);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let port = 0;
  const listen = () => new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((port = server.address().port))));
  return listen().then(() => ({
    received,
    url: () => `http://127.0.0.1:${port}/api/v4/messages`,
    mode(mode) {
      state.mode = mode;
    },
    slow(ms) {
      state.answerDelayMs = ms;
    },
    openFor: (apiKey) => open.get(apiKey) ?? 0,
    down: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    up: listen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  }));
}

// ---------------------------------------------------------------- the services, as separate processes
const services = {};
function startService(name, app, env) {
  const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', path.join(root, 'dist/apps', app, 'src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      TS_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
      TS_NODE_BASEURL: path.join(root, 'dist'),
      NO_COLOR: '1',
      // This suite calls the services on 127.0.0.1, whatever HOST the shell exports.
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(path.join(resultsDir, `${stamp}-${name}.log`), { flags: 'a' });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  services[name] = { child, app, env };
  return child;
}

/** Until the service answers 200 on `path`: /health/ready (it can do its job) or /health/live (it runs). */
async function waitFor(port, path = '/health/ready', timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${path}`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`service on port ${port} not answering ${path} after ${timeoutMs} ms`);
}

const portOf = (name) =>
  Number(services[name].env.BOOKINGS_PORT ?? services[name].env.COORDINATOR_PORT ?? services[name].env.NOTIFICATIONS_PORT);

async function kill(name, signal = 'SIGKILL') {
  const { child } = services[name];
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Starts the service again, with `changes` to its environment (kept for later restarts). */
async function restart(name, { changes = {}, waitPath = '/health/ready' } = {}) {
  const { app, env } = services[name];
  startService(name, app, { ...env, ...changes });
  await waitFor(portOf(name), waitPath);
}

// ---------------------------------------------------------------- the booking stream
async function post(pathname, body) {
  const response = await fetch(`http://127.0.0.1:${PORTS.bookings}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

const couples = Array.from({ length: 25 }, (_, i) => ({
  name: `Couple ${i}`,
  email: `couple${i}.${Date.now()}@example.com`,
  phone: `0917 ${String(1000000 + i * 7919).slice(0, 7)}`,
}));

/** Open loop: one POST every 1/rate s whatever the answers; returns counts of answers by kind. */
async function stream(scenario, vendors, { seconds = STREAM.seconds, rate = STREAM.rate } = {}) {
  const answers = { accepted: 0, refused: 0, failed: 0 };
  const pending = [];
  const total = seconds * rate;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    await sleep(Math.max(0, started + (i * 1000) / rate - Date.now()));
    const vendor = vendors[i % vendors.length];
    const couple = couples[Math.floor(Math.random() * couples.length)];
    const body = {
      vendorId: vendor.id,
      coupleName: couple.name,
      contactEmail: i % 5 === 0 ? couple.email.toUpperCase() : couple.email,
      contactPhone: couple.phone,
      eventDate: new Date(Date.now() + (30 + (i % 300)) * 86_400_000).toISOString().slice(0, 10),
      guestCount: 50 + (i % 200),
      budgetRange: ['50k-100k', '1M-2M', 'flexible', '100k+'][i % 4],
      metadata: { scenario: String(scenario) },
    };
    pending.push(
      post('/api/bookings/request', body).then(
        ({ status }) => (status === 201 ? answers.accepted++ : answers.refused++),
        () => answers.failed++,
      ),
    );
  }
  await Promise.all(pending);
  return answers;
}

// ---------------------------------------------------------------- the checker
async function check(scenario, context) {
  const bookings = (
    await context.bookingsDb.query(
      `SELECT b.id, b.vendor_id, b.coordinator_integration_status AS status
         FROM bookings b WHERE b.metadata->>'scenario' = $1`,
      [String(scenario)],
    )
  ).rows;
  const ids = bookings.map((b) => b.id);
  const rows = async (sql) => (await context.coordinatorDb.query(sql, [ids])).rows;
  const weddings = await rows(`SELECT booking_id, count(*)::int AS n FROM coordinator_weddings WHERE booking_id = ANY($1) GROUP BY booking_id`);
  const milestones = await rows(
    `SELECT w.booking_id, count(*)::int AS n FROM wedding_milestones m JOIN coordinator_weddings w ON w.id = m.wedding_id
      WHERE w.booking_id = ANY($1) GROUP BY w.booking_id`,
  );
  const activity = await rows(
    `SELECT metadata->>'bookingId' AS booking_id, count(*)::int AS n FROM coordinator_activity_log
      WHERE metadata->>'bookingId' = ANY($1::text[]) AND activity_type IN ('client_created', 'client_matched', 'wedding_created')
      GROUP BY 1`,
  );
  const events = await rows(
    `SELECT payload->>'bookingId' AS booking_id, count(*)::int AS n FROM outbox
      WHERE type = 'coordinator.wedding.created' AND payload->>'bookingId' = ANY($1::text[]) GROUP BY 1`,
  );
  // How many milestones each wedding's plan has: what its CoordinatorWeddingCreated carries (the plan depends on the
  // wedding's type and the days left).
  const plans = await rows(
    `SELECT DISTINCT ON (payload->>'bookingId') payload->>'bookingId' AS booking_id, jsonb_array_length(payload->'milestones') AS n
       FROM outbox WHERE type = 'coordinator.wedding.created' AND payload->>'bookingId' = ANY($1::text[])`,
  );
  const count = (list) => new Map(list.map((r) => [r.booking_id, r.n]));
  const [w, m, a, e] = [count(weddings), count(milestones), count(activity), count(events)];
  const planned = count(plans);
  const result = { bookings: bookings.length, coordinatorBookings: 0, lost: 0, duplicated: 0, unexpected: 0, lostIds: [], duplicatedIds: [], unexpectedIds: [] };
  for (const booking of bookings) {
    const isCoordinator = context.coordinatorIds.has(booking.vendor_id);
    const [nw, nm, na, ne] = [w.get(booking.id) ?? 0, m.get(booking.id) ?? 0, a.get(booking.id) ?? 0, e.get(booking.id) ?? 0];
    if (!isCoordinator) {
      if (nw + nm + na + ne > 0 || booking.status !== 'not_applicable') {
        result.unexpected++;
        result.unexpectedIds.push(booking.id);
      }
      continue;
    }
    result.coordinatorBookings++;
    const np = planned.get(booking.id) ?? 1;
    if (nw > 1 || nm > np || na > 2 || ne > 1) {
      result.duplicated++;
      result.duplicatedIds.push(booking.id);
    } else if (nw < 1 || nm < np || na < 2 || ne < 1 || booking.status !== 'completed') {
      result.lost++;
      result.lostIds.push(booking.id);
    }
  }
  // One client per couple and coordinator, across everything so far.
  const duplicateClients = (
    await context.coordinatorDb.query(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM coordinator_clients WHERE email_normalized IS NOT NULL
          GROUP BY coordinator_id, email_normalized HAVING count(*) > 1
         UNION ALL
         SELECT 1 FROM coordinator_clients WHERE phone_normalized IS NOT NULL
          GROUP BY coordinator_id, phone_normalized HAVING count(*) > 1) d`,
    )
  ).rows[0].n;
  result.duplicated += duplicateClients;
  result.duplicateClients = duplicateClients;
  // Weddings that no booking explains.
  const orphans = (
    await context.coordinatorDb.query(`SELECT booking_id FROM coordinator_weddings WHERE booking_id IS NOT NULL`)
  ).rows.filter((r) => !context.allBookingIds.has(r.booking_id));
  if (orphans.length) {
    context.allBookingIds = new Set((await context.bookingsDb.query(`SELECT id FROM bookings`)).rows.map((r) => r.id));
  }
  const unexplained = orphans.filter((r) => !context.allBookingIds.has(r.booking_id)).length;
  result.unexpected += unexplained;
  checkEmails(bookings, context, (await context.notificationsDb.query(
    `SELECT id, booking_id, template, status, message_id FROM notifications WHERE booking_id = ANY($1) AND resend_of IS NULL`,
    [ids],
  )).rows, result);
  return result;
}

/**
 * Every coordinator booking gets one email to the coordinator and one to the couple (every vendor and couple of the
 * stream has an address): a row of each, sent, whose Message-ID the SMTP sink accepted. Lost: a row missing or never
 * accepted. Duplicated: two rows of one template, or a copy with another Message-ID. Repeated: the same Message-ID
 * accepted again — the documented at-least-once window (a sender killed between the 250 and its record), which mail
 * clients show as one message; counted and reported, apart.
 */
function checkEmails(bookings, context, rows, result) {
  const byBooking = new Map();
  for (const row of rows) byBooking.set(row.booking_id, [...(byBooking.get(row.booking_id) ?? []), row]);
  const emails = { expected: 0, sent: 0, lost: 0, duplicated: 0, repeated: 0 };
  for (const booking of bookings) {
    const mine = byBooking.get(booking.id) ?? [];
    if (!context.coordinatorIds.has(booking.vendor_id)) {
      if (mine.length > 0) result.unexpected++;
      continue;
    }
    for (const template of ['wedding-created', 'couple-confirmation']) {
      emails.expected++;
      const ofTemplate = mine.filter((row) => row.template === template);
      if (ofTemplate.length > 1) {
        emails.duplicated++;
        result.duplicatedIds.push(`${booking.id} ${template}`);
      }
      const row = ofTemplate[0];
      const copies = row ? context.smtp.received.get(row.id) ?? [] : [];
      if (!row || row.status !== 'sent' || copies.length === 0) {
        emails.lost++;
        result.lostIds.push(`${booking.id} ${template}`);
        continue;
      }
      emails.sent++;
      if (copies.some((messageId) => messageId !== row.message_id)) {
        emails.duplicated++;
        result.duplicatedIds.push(`${booking.id} ${template}`);
      }
      emails.repeated += copies.filter((messageId) => messageId === row.message_id).length - 1;
    }
  }
  result.lost += emails.lost;
  result.duplicated += emails.duplicated;
  result.emails = emails;
}

/**
 * Turns SMS on (or off) for every coordinator of the stream, each with a number of its own, through the settings API;
 * turned on, each number is confirmed as its owner would, with the code the suite's provider received for it.
 */
async function setCoordinatorSms(context, enabled) {
  const { codeInText } = compiled('apps/notifications/src/sms/confirmation-code');
  const coordinators = context.vendors.filter((v) => v.isCoordinator);
  for (const [i, vendor] of coordinators.entries()) {
    // The one way to mint a token (npm run token).
    const token = execFileSync(process.execPath, [path.join(root, 'scripts/mint-token.js'), vendor.id], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const api = (method, route, body) =>
      fetch(`http://127.0.0.1:${PORTS.notificationsA}/api/notifications${route}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    // Only a text that arrives after this save can carry its code: a number turned on again (scenario 14 did it
    // before 16) already holds an earlier, spent code in what the provider received.
    const receivedBefore = context.sms.received.length;
    const response = await api('PUT', '/settings', {
      email: { enabled: true, address: null },
      coupleConfirmation: { enabled: true },
      sms: { enabled, phone: `0917 000 ${1000 + i}` },
    });
    if (response.status !== 200) throw new Error(`SMS settings of ${vendor.id}: ${response.status} ${await response.text()}`);
    const { sms } = await response.json();
    if (!enabled || sms.state === 'opted-in') continue;
    const number = sms.phone.replace(/^\+/, '');
    let code;
    for (const deadline = Date.now() + 30_000; !code && Date.now() < deadline; await sleep(100)) {
      code = context.sms.received.slice(receivedBefore).filter((r) => r.number === number).map((r) => codeInText(r.message ?? '')).filter(Boolean).pop();
    }
    if (!code) throw new Error(`no confirmation code reached ${number}`);
    const confirmed = await api('POST', '/sms/confirm', { code });
    if (confirmed.status !== 200) throw new Error(`SMS confirmation of ${vendor.id}: ${confirmed.status} ${await confirmed.text()}`);
  }
  context.smsReceivedBefore = context.sms.received.length;
}

/** checkSms over the SMS (not their resends) of a scenario's bookings. */
async function checkScenarioSms(context, result, scenario) {
  const { rows: bookings } = await context.bookingsDb.query(`SELECT id, vendor_id FROM bookings WHERE metadata->>'scenario' = $1`, [scenario]);
  const { rows } = await context.notificationsDb.query(
    `SELECT n.booking_id, n.recipient, n.subject, n.status, n.attempts,
            (SELECT count(*)::int FROM notification_attempts a WHERE a.notification_id = n.id AND a.outcome = 'deferred') AS deferred
       FROM notifications n WHERE n.channel = 'sms' AND n.resend_of IS NULL AND n.booking_id = ANY($1)`,
    [bookings.map((b) => b.id)],
  );
  checkSms(context, result, bookings, rows);
}

/**
 * Every coordinator booking of the scenario gets one SMS to its coordinator's opted-in number, that ends `sent` or
 * `unknown` (the provider did not answer: shown, never resent). Lost: no row, another end, or a `sent` row the provider
 * never received. Sent twice: two rows for one booking, or the provider receiving a text for a number more often than
 * there are rows that may have reached it (sent + unknown) — a resent `unknown` would show here.
 */
function checkSms(context, result, bookings, rows) {
  const sms = { expected: 0, sent: 0, unknown: 0, retried: 0, lost: 0, sentTwice: 0 };
  const key = (number, text) => `${number.replace(/^\+/, '')}\n${text}`;
  const byBooking = new Map();
  for (const row of rows) byBooking.set(row.booking_id, [...(byBooking.get(row.booking_id) ?? []), row]);
  const mayHaveReached = new Map(); // key → { sent, unknown }
  for (const booking of bookings) {
    if (!context.coordinatorIds.has(booking.vendor_id)) continue;
    sms.expected++;
    const mine = byBooking.get(booking.id) ?? [];
    if (mine.length > 1) sms.sentTwice += mine.length - 1;
    const row = mine[0];
    if (!row || (row.status !== 'sent' && row.status !== 'unknown')) {
      sms.lost++;
      result.lostIds.push(`${booking.id} sms ${row?.status ?? 'missing'}`);
      continue;
    }
    if (row.status === 'sent') sms.sent++;
    else sms.unknown++;
    if (row.deferred > 0 && row.status === 'sent') sms.retried++;
    const k = key(row.recipient, row.subject);
    const counts = mayHaveReached.get(k) ?? { sent: 0, unknown: 0 };
    counts[row.status]++;
    mayHaveReached.set(k, counts);
  }
  const receipts = new Map();
  for (const r of context.sms.received.slice(context.smsReceivedBefore)) receipts.set(key(r.number, r.message), (receipts.get(key(r.number, r.message)) ?? 0) + 1);
  for (const k of new Set([...receipts.keys(), ...mayHaveReached.keys()])) {
    const got = receipts.get(k) ?? 0;
    const { sent, unknown } = mayHaveReached.get(k) ?? { sent: 0, unknown: 0 };
    if (got > sent + unknown) sms.sentTwice += got - sent - unknown;
    if (got < sent) sms.lost += sent - got;
  }
  result.lost += sms.lost;
  result.duplicated += sms.sentTwice;
  result.sms = sms;
}

async function backlog(context) {
  const [bookingsOutbox, coordinatorOutbox, emails] = await Promise.all([
    context.bookingsDb.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`),
    context.coordinatorDb.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`),
    context.notificationsDb.query(`SELECT count(*)::int AS n FROM notifications WHERE status IN ('pending', 'sending')`),
  ]);
  const queued = await messaging().withBrokerChannel(context.amqpUrl, async (_channel, connection) => {
    let total = 0;
    for (const queue of brokerObjects().queues) {
      if (queue.endsWith('.dead-letter') || queue.endsWith('.unrouted')) continue;
      // A queue of a ladder not declared yet answers 404 and closes its channel: one channel per check.
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      total += await channel.checkQueue(queue).then((q) => q.messageCount, () => 0);
      await channel.close().catch(() => undefined);
    }
    return total;
  });
  return bookingsOutbox.rows[0].n + coordinatorOutbox.rows[0].n + emails.rows[0].n + queued;
}

/** Waits until every booking of the scenario is accounted for and nothing is in flight; the settle time. */
async function settle(scenario, context, faultEndedAt) {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let result;
  for (;;) {
    result = await check(scenario, context);
    const inFlight = await backlog(context).catch(() => Infinity);
    if ((result.lost === 0 && inFlight === 0) || Date.now() > deadline) break;
    await sleep(200);
  }
  // Settled: look once more a moment later, so late duplicates are counted too.
  await sleep(1000);
  result = await check(scenario, context);
  result.settleSeconds = Number(((Date.now() - 1000 - faultEndedAt) / 1000).toFixed(1));
  return result;
}

// ---------------------------------------------------------------- the scenarios
async function republish(captured, times) {
  await messaging().withBrokerChannel(AMQP_URL, async (channel) => {
    for (const message of captured) {
      for (let i = 0; i < times; i++) channel.publish(names.bookingsExchange, 'booking.created', message.content, message.properties);
    }
    await channel.waitForConfirms();
  });
}

async function capture(exchange, routingKey) {
  const connection = await messaging().connectToBroker(AMQP_URL);
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, routingKey);
  const messages = [];
  await channel.consume(queue, (message) => message && messages.push(message), { noAck: true });
  return { messages, stop: () => connection.close().catch(() => undefined) };
}

function rabbitmqctl(...args) {
  execFileSync('rabbitmqctl', args, { stdio: 'ignore', timeout: 120_000 });
}

/** Lines each service logged since `since` (its log file, pino's JSON lines: `time`, `msg` and the fields), parsed. */
function loggedSince(name, since) {
  const file = path.join(resultsDir, `${stamp}-${name}.log`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })
    .filter((entry) => entry && Number(entry.time) >= since);
}

/** Bookings whose BookingCreated a coordinator handled again after it had committed it: a redelivery. */
function redeliveredAfterCommit(since) {
  return ['coordinatorA', 'coordinatorB']
    .flatMap((name) => loggedSince(name, since))
    .filter((entry) => entry.msg === 'booking integrated' && entry.outcome === 'duplicate').length;
}

const scenarios = [
  {
    id: 1,
    name: 'RabbitMQ restarted mid-stream',
    async run(context) {
      const during = stream(1, context.vendors);
      await sleep(1500);
      try {
        rabbitmqctl('stop_app');
        await sleep(3000);
      } finally {
        rabbitmqctl('start_app');
      }
      const answers = await during;
      return { answers, notes: 'broker stopped for 3 s (rabbitmqctl stop_app / start_app)' };
    },
  },
  {
    id: 2,
    name: 'PostgreSQL unreachable for the coordinator',
    async run(context) {
      const during = stream(2, context.vendors);
      await sleep(1500);
      context.databaseProxy.cutOff();
      try {
        await sleep(4000);
      } finally {
        context.databaseProxy.restore();
      }
      return { answers: await during, notes: 'coordinator database connections cut for 4 s (TCP proxy)' };
    },
  },
  {
    id: 3,
    name: 'coordinator processes SIGKILLed mid-stream',
    async run(context) {
      const during = stream(3, context.vendors);
      let kills = 0;
      const endAt = Date.now() + STREAM.seconds * 1000 - 1000;
      while (Date.now() < endAt) {
        await sleep(700 + Math.random() * 800);
        const victim = Math.random() < 0.5 ? 'coordinatorA' : 'coordinatorB';
        await kill(victim);
        kills++;
        await restart(victim);
      }
      return { answers: await during, notes: `${kills} SIGKILLs of a coordinator under load (prefetch 10), each restarted` };
    },
  },
  {
    id: 4,
    name: 'events published again, concurrently, to two consumers',
    async run(context) {
      const captured = await capture(names.bookingsExchange, 'booking.created');
      const answers = await stream(4, context.vendors);
      await sleep(1000);
      await captured.stop();
      const ours = captured.messages.filter((m) => JSON.parse(m.content.toString()).metadata?.scenario === '4');
      await republish(ours, 2);
      return { answers, notes: `${ours.length} events published twice more each (${ours.length * 2} duplicates)` };
    },
  },
  {
    id: 5,
    name: 'poison messages mixed into the queue',
    async run(context) {
      const during = stream(5, context.vendors);
      const poisonIds = [];
      await messaging().withBrokerChannel(AMQP_URL, async (channel) => {
        const kinds = [
          () => Buffer.from('{"not json'),
          () => Buffer.from(JSON.stringify({ eventId: randomUUID(), bookingId: 'x', eventDate: '2025-02-30' })),
          () => Buffer.from(JSON.stringify([1, 2, 3])),
        ];
        for (let i = 0; i < 12; i++) {
          await sleep(200);
          const messageId = randomUUID();
          poisonIds.push(messageId);
          channel.publish(names.bookingsExchange, 'booking.created', kinds[i % kinds.length](), {
            messageId,
            type: 'booking.created',
            persistent: true,
            headers: { 'x-event-version': i % 4 === 3 ? '2' : '1' },
          });
        }
        await channel.waitForConfirms();
      });
      const answers = await during;
      context.poisonIds = poisonIds;
      return { answers, notes: `${poisonIds.length} poison messages (bad JSON, invalid contract, wrong version)` };
    },
    async verify(context, result) {
      const { listDeadLetters, deadLetterQueueName } = messaging();
      const letters = await listDeadLetters(AMQP_URL, deadLetterQueueName(names.bookingCreatedQueue), 1000);
      const dead = new Set(letters.map((l) => l.messageId));
      const missing = context.poisonIds.filter((id) => !dead.has(id));
      const extra = letters.filter((l) => !context.poisonIds.includes(l.messageId));
      result.lost += missing.length;
      result.unexpected += extra.length;
      result.notes += `; dead-lettered ${context.poisonIds.length - missing.length}/${context.poisonIds.length}, others there: ${extra.length}`;
    },
  },
  {
    id: 6,
    name: 'bookings relay killed after the confirm, before marking sent',
    async run(context) {
      const during = stream(6, context.vendors);
      await sleep(1500);
      await kill('bookings');
      await restart('bookings');
      const answers = await during;
      // What a relay killed between the broker's confirm and its UPDATE leaves behind: rows the broker has, still
      // marked unsent. Recreate that state for a third of this scenario's rows; the restarted relay sends them again.
      const { rowCount } = await context.bookingsDb.query(
        `UPDATE outbox SET sent_at = NULL
          WHERE sent_at IS NOT NULL AND payload->'metadata'->>'scenario' = '6' AND random() < 0.34`,
      );
      return { answers, notes: `bookings process SIGKILLed and restarted mid-stream; ${rowCount} confirmed rows marked unsent again` };
    },
  },
  {
    id: 7,
    name: 'every service restarted while RabbitMQ is down',
    async run(context) {
      let answers;
      rabbitmqctl('stop_app');
      try {
        for (const name of Object.keys(services)) await kill(name, 'SIGTERM');
        // They start without the broker: the bookings service ready (its database answers), the coordinators live.
        await restart('bookings');
        await restart('coordinatorA', { waitPath: '/health/live' });
        await restart('coordinatorB', { waitPath: '/health/live' });
        await restart('notificationsA', { waitPath: '/health/live' });
        await restart('notificationsB', { waitPath: '/health/live' });
        answers = await stream(7, context.vendors);
      } finally {
        rabbitmqctl('start_app');
      }
      for (const name of Object.keys(services)) await waitFor(portOf(name));
      return { answers, notes: `broker stopped, every service restarted without it; ${answers.accepted} bookings taken meanwhile` };
    },
  },
  {
    id: 8,
    name: 'coordinators restarted with another retry ladder',
    async run(context) {
      const since = Date.now();
      for (const name of ['coordinatorA', 'coordinatorB']) {
        await kill(name, 'SIGTERM');
        await restart(name, { changes: { CONSUMER_RETRY_DELAYS_MS: OTHER_RETRY_DELAYS_MS } });
      }
      const during = stream(8, context.vendors);
      await sleep(1500);
      // Every wedding refused for 3 s (a trigger: a failure of the work itself; a database cut would pause the consumers
      // instead), so that deliveries climb the new ladder.
      const until = new Date(Date.now() + 3000).toISOString();
      await context.coordinatorDb.query(`
        CREATE FUNCTION faults_refuse_weddings() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF clock_timestamp() < '${until}'::timestamptz THEN RAISE EXCEPTION 'injected failure (scenario 8)'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER faults_refuse_weddings BEFORE INSERT ON coordinator_weddings
          FOR EACH ROW EXECUTE FUNCTION faults_refuse_weddings();`);
      const answers = await during;
      await context.coordinatorDb.query(`DROP TRIGGER faults_refuse_weddings ON coordinator_weddings; DROP FUNCTION faults_refuse_weddings();`);
      const newRungs = new Set(OTHER_RETRY_DELAYS_MS.split(',').map((ms) => messaging().retryQueueName(names.bookingCreatedQueue, Number(ms))));
      const forwards = ['coordinatorA', 'coordinatorB']
        .flatMap((name) => loggedSince(name, since))
        .filter((entry) => entry.msg === 'delivery failed; forwarding' && newRungs.has(entry.queue)).length;
      return {
        answers,
        notes: `both coordinators restarted with retry delays ${OTHER_RETRY_DELAYS_MS} ms; weddings refused for 3 s: ${forwards} deliveries retried through the new queues`,
      };
    },
  },
  {
    id: 9,
    name: 'coordinators shut down gracefully (SIGTERM) mid-stream',
    async run(context) {
      context.since = Date.now();
      const during = stream(9, context.vendors);
      let stops = 0;
      const endAt = Date.now() + STREAM.seconds * 1000 - 1000;
      while (Date.now() < endAt) {
        await sleep(700 + Math.random() * 800);
        const victim = Math.random() < 0.5 ? 'coordinatorA' : 'coordinatorB';
        await kill(victim, 'SIGTERM');
        stops++;
        await restart(victim);
      }
      return { answers: await during, notes: `${stops} SIGTERMs of a coordinator under load, each restarted` };
    },
    async verify(context, result) {
      // A drained shutdown acks what it handled: nothing it committed comes back.
      result.redelivered = redeliveredAfterCommit(context.since);
      result.notes += `; handled again after a commit: ${result.redelivered}`;
    },
  },
  {
    id: 11,
    name: 'notification service SIGKILLed mid-delivery',
    async run(context) {
      // Each SMTP answer takes 100 ms, so a kill finds conversations in flight.
      context.smtp.slow(100);
      const during = stream(11, context.vendors);
      let kills = 0;
      try {
        const endAt = Date.now() + STREAM.seconds * 1000 - 1000;
        while (Date.now() < endAt) {
          await sleep(700 + Math.random() * 800);
          const victim = Math.random() < 0.5 ? 'notificationsA' : 'notificationsB';
          await kill(victim);
          kills++;
          await restart(victim);
        }
      } finally {
        context.smtp.slow(0);
      }
      return { answers: await during, notes: `${kills} SIGKILLs of a notification service sending (SMTP answers after 100 ms), each restarted` };
    },
    async verify(context, result) {
      const { rows } = await context.notificationsDb.query(
        `SELECT count(*)::int AS n FROM notification_attempts a JOIN notifications n ON n.id = a.notification_id
          WHERE a.outcome = 'interrupted' AND n.created_at >= $1`,
        [new Date(context.scenarioStartedAt)],
      );
      result.notes += `; attempts interrupted by a kill and sent again after the claim lapsed: ${rows[0].n}`;
    },
  },
  {
    id: 12,
    name: 'SMTP server down mid-stream',
    async run(context) {
      const during = stream(12, context.vendors);
      await sleep(1500);
      await context.smtp.down();
      try {
        await sleep(5000);
      } finally {
        await context.smtp.up();
      }
      return { answers: await during, notes: 'SMTP server refusing connections for 5 s' };
    },
    async verify(context, result) {
      const { rows } = await context.notificationsDb.query(
        `SELECT count(DISTINCT a.notification_id)::int AS n FROM notification_attempts a JOIN notifications n ON n.id = a.notification_id
          WHERE a.outcome = 'deferred' AND n.created_at >= $1`,
        [new Date(context.scenarioStartedAt)],
      );
      result.notes += `; emails deferred by the outage and delivered on a retry: ${rows[0].n}`;
    },
  },
  {
    id: 13,
    name: 'webhook receiver down mid-stream',
    async run(context) {
      // Each coordinator gets an endpoint on the suite's receiver, for its new weddings.
      context.endpoints = new Map(); // coordinator id → endpoint id
      for (const vendor of context.vendors.filter((v) => context.coordinatorIds.has(v.id))) {
        const pathname = `/faults/${vendor.id}`;
        const response = await fetch(`http://127.0.0.1:${PORTS.notificationsA}/api/notifications/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${mintToken(vendor.id)}` },
          body: JSON.stringify({ url: context.webhooks.url(pathname), events: ['coordinator.wedding.created'] }),
        });
        const endpoint = await response.json();
        if (response.status !== 201) throw new Error(`registering a webhook answered ${response.status}: ${JSON.stringify(endpoint)}`);
        context.webhooks.secrets.set(pathname, endpoint.secret);
        context.endpoints.set(vendor.id, endpoint.id);
      }
      const during = stream(13, context.vendors);
      await sleep(1500);
      await context.webhooks.down();
      try {
        await sleep(WEBHOOK_OUTAGE_MS);
      } finally {
        await context.webhooks.up();
      }
      return { answers: await during, notes: `webhook receiver refusing connections for ${WEBHOOK_OUTAGE_MS / 1000} s` };
    },
    /**
     * Every coordinator booking is delivered once to its coordinator's endpoint: one row, sent, received with its
     * webhook-id and a valid signature. Lost: no row, not sent or never received. Duplicated: two rows, or a request
     * about the booking with another webhook-id. Repeated: the same webhook-id received again (a retry after an answer
     * the receiver never gave), reported apart.
     */
    async verify(context, result) {
      const bookings = (
        await context.bookingsDb.query(`SELECT id, vendor_id FROM bookings WHERE metadata->>'scenario' = '13'`)
      ).rows.filter((b) => context.coordinatorIds.has(b.vendor_id));
      const { rows } = await context.notificationsDb.query(
        `SELECT id, booking_id, recipient, status, message_id FROM notifications
          WHERE channel = 'webhook' AND booking_id = ANY($1) AND resend_of IS NULL`,
        [bookings.map((b) => b.id)],
      );
      const webhooks = { expected: 0, delivered: 0, lost: 0, duplicated: 0, repeated: 0, badSignatures: 0 };
      for (const booking of bookings) {
        webhooks.expected++;
        const endpointId = context.endpoints.get(booking.vendor_id);
        const mine = rows.filter((r) => r.booking_id === booking.id && r.recipient === endpointId);
        const requests = context.webhooks.received.filter((r) => r.bookingId === booking.id);
        if (mine.length > 1 || requests.some((r) => r.webhookId !== mine[0]?.message_id)) {
          webhooks.duplicated++;
          result.duplicatedIds.push(`${booking.id} webhook`);
        }
        if (mine.length === 0 || mine[0].status !== 'sent' || requests.length === 0) {
          webhooks.lost++;
          result.lostIds.push(`${booking.id} webhook`);
          continue;
        }
        webhooks.delivered++;
        webhooks.repeated += requests.filter((r) => r.webhookId === mine[0].message_id).length - 1;
      }
      webhooks.badSignatures = context.webhooks.received.filter((r) => !r.valid).length;
      const retried = await context.notificationsDb.query(
        `SELECT count(DISTINCT a.notification_id)::int AS n FROM notification_attempts a JOIN notifications n ON n.id = a.notification_id
          WHERE n.channel = 'webhook' AND a.outcome = 'deferred' AND n.created_at >= $1`,
        [new Date(context.scenarioStartedAt)],
      );
      result.lost += webhooks.lost;
      result.duplicated += webhooks.duplicated;
      result.unexpected += webhooks.badSignatures;
      result.webhooks = webhooks;
      result.notes += `; webhooks failed by the outage and delivered on a retry: ${retried.rows[0].n}; signatures that did not verify: ${webhooks.badSignatures}`;
    },
    async after(context) {
      for (const [vendorId, endpointId] of context.endpoints) {
        await fetch(`http://127.0.0.1:${PORTS.notificationsA}/api/notifications/webhooks/${endpointId}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${mintToken(vendorId)}` },
        });
      }
    },
  },
  {
    id: 14,
    name: 'SMS provider timing out, then refusing, mid-stream',
    async run(context) {
      await setCoordinatorSms(context, true);
      const during = stream(14, context.vendors);
      let timeoutFor, refuseFor;
      try {
        await sleep(1000);
        // Reads each request and never answers: every SMS sent meanwhile is `unknown`, and may have been delivered.
        context.sms.mode('timeout');
        await sleep((timeoutFor = quick ? 1500 : 4000));
        context.sms.mode('ok');
        // Connection refused: known to precede delivery, so retried.
        await context.sms.down();
        await sleep((refuseFor = quick ? 2000 : 5000));
      } finally {
        context.sms.mode('ok');
        await context.sms.up();
      }
      return { answers: await during, notes: `SMS provider not answering for ${timeoutFor / 1000} s, then refusing connections for ${refuseFor / 1000} s` };
    },
    async verify(context, result) {
      await checkScenarioSms(context, result, '14');
      result.notes += `; SMS sent / expected ${result.sms.sent} / ${result.sms.expected}, unknown (shown, not resent) ${result.sms.unknown}, retried after a refusal ${result.sms.retried}, lost ${result.sms.lost}, sent twice ${result.sms.sentTwice}`;
    },
    async after(context) {
      await setCoordinatorSms(context, false);
    },
  },
  {
    id: 15,
    name: 'PostgreSQL unreachable for the coordinators and the notification services, longer than the retry ladder',
    async run(context) {
      // The four consumers on the ladder of this scenario (restarted together, SIGTERM: drained), the previous one kept.
      const consumers = ['coordinatorA', 'coordinatorB', 'notificationsA', 'notificationsB'];
      context.laddersBefore = Object.fromEntries(consumers.map((name) => [name, services[name].env.CONSUMER_RETRY_DELAYS_MS]));
      await Promise.all(consumers.map((name) => kill(name, 'SIGTERM')));
      await Promise.all(consumers.map((name) => restart(name, { changes: { CONSUMER_RETRY_DELAYS_MS: OUTAGE.retryDelaysMs } })));
      context.since = Date.now();
      const during = stream(15, context.vendors);
      // The notification services first, while the coordinators still announce weddings to them; then the coordinators.
      await sleep(1000);
      context.notificationsDatabaseProxy.cutOff();
      await sleep(1000);
      context.databaseProxy.cutOff();
      try {
        await sleep(OUTAGE.cutMs);
      } finally {
        context.databaseProxy.restore();
        context.notificationsDatabaseProxy.restore();
      }
      const ladderS = OUTAGE.retryDelaysMs.split(',').reduce((sum, ms) => sum + Number(ms), 0) / 1000;
      return {
        answers: await during,
        notes: `coordinator databases cut for ${OUTAGE.cutMs / 1000} s, notification databases for ${OUTAGE.cutMs / 1000 + 1} s (TCP proxies), under retry delays ${OUTAGE.retryDelaysMs} ms (${ladderS} s in all)`,
      };
    },
    /**
     * Besides the checker's counts: nothing of the scenario in a dead-letter queue (unexpected), and — from the services'
     * logs — how often each consumer paused and resumed, and how many deliveries climbed a retry queue meanwhile.
     */
    async verify(context, result) {
      const { rows } = await context.bookingsDb.query(`SELECT id FROM bookings WHERE metadata->>'scenario' = '15'`);
      const ids = new Set(rows.map((r) => r.id));
      const { listDeadLetters, deadLetterQueueName } = messaging();
      let dead = 0;
      for (const queue of [names.bookingCreatedQueue, names.notificationsQueue, names.outcomesQueue]) {
        const letters = await listDeadLetters(AMQP_URL, deadLetterQueueName(queue), 10_000);
        dead += letters.filter((l) => ids.has(l.correlationId)).length;
      }
      result.unexpected += dead;
      const lines = (who, msg) => who.flatMap((name) => loggedSince(name, context.since)).filter((entry) => entry.msg === msg).length;
      const coordinators = ['coordinatorA', 'coordinatorB'];
      const notifications = ['notificationsA', 'notificationsB'];
      const paused = 'database unavailable; consumer paused until it answers again';
      const resumed = 'database answers again; consumer resumed';
      const retried = lines([...coordinators, ...notifications], 'delivery failed; forwarding');
      result.notes += `; paused / resumed: coordinators ${lines(coordinators, paused)} / ${lines(coordinators, resumed)}, notification services ${lines(notifications, paused)} / ${lines(notifications, resumed)}; deliveries sent up the ladder: ${retried}; dead-lettered: ${dead}`;
    },
    async after(context) {
      await Promise.all(Object.keys(context.laddersBefore).map((name) => kill(name, 'SIGTERM')));
      await Promise.all(
        Object.entries(context.laddersBefore).map(([name, ladder]) => restart(name, { changes: { CONSUMER_RETRY_DELAYS_MS: ladder } })),
      );
    },
  },
  {
    id: 16,
    name: 'a notification service frozen (SIGSTOP) past its SMS lease while it sends',
    async run(context) {
      await setCoordinatorSms(context, true);
      // Each SMS answered 300 ms late: both instances hold claims, requests in flight, while the stream runs.
      context.sms.slow(300);
      const during = stream(16, context.vendors);
      const victim = 'notificationsB';
      let openWhenFrozen;
      try {
        const deadline = Date.now() + 15_000;
        while ((openWhenFrozen = context.sms.openFor(smsApiKey(portOf(victim)))) === 0) {
          if (Date.now() > deadline) throw new Error(`${victim} sent no SMS to freeze it in`);
          await sleep(20);
        }
        context.frozenAt = Date.now();
        services[victim].child.kill('SIGSTOP');
        try {
          await sleep(FREEZE_MS);
        } finally {
          services[victim].child.kill('SIGCONT');
        }
      } finally {
        context.sms.slow(0);
      }
      return {
        answers: await during,
        notes: `${victim} frozen for ${FREEZE_MS / 1000} s (its SMS lease ${SMS_LEASE_MS / 1000} s) with ${openWhenFrozen} SMS requests open at the provider, then resumed`,
      };
    },
    async verify(context, result) {
      await checkScenarioSms(context, result, '16');
      // What the freeze did: the SMS claims the running instance found lapsed (put back, or unknown: their request had
      // gone out), and what each instance found overtaken when it came back to a claim.
      const lines = ['notificationsA', 'notificationsB'].flatMap((name) => loggedSince(name, context.frozenAt).map((entry) => ({ name, ...entry })));
      const lapsed = (msg) => lines.filter((e) => e.msg === msg).reduce((sum, e) => sum + e.count, 0);
      const overtaken = new Map();
      for (const e of lines.filter((e) => e.channel && ['claim', 'admit', 'record'].includes(e.step))) {
        const key = `${e.name} ${e.channel} ${e.step}`;
        overtaken.set(key, (overtaken.get(key) ?? 0) + 1);
      }
      result.notes +=
        `; SMS sent / expected ${result.sms.sent} / ${result.sms.expected}, unknown (shown, not resent) ${result.sms.unknown}, lost ${result.sms.lost}, sent twice ${result.sms.sentTwice}` +
        `; lapsed SMS claims put back ${lapsed('interrupted sms due again')}, marked unknown ${lapsed('interrupted sms marked unknown')}` +
        `; overtaken (instance channel step): ${[...overtaken].map(([key, n]) => `${key} ${n}`).join(', ') || 'none'}`;
    },
    async after(context) {
      await setCoordinatorSms(context, false);
    },
  },
  {
    id: 10,
    name: 'a node of a three-node RabbitMQ cluster stopped mid-stream',
    fullOnly: true,
    async run(context) {
      context.cluster = new RabbitCluster();
      await context.cluster.start();
      // Every service moves to the cluster, each trying another node first.
      context.amqpUrl = context.cluster.urls(0);
      for (const [name, first] of [['bookings', 0], ['coordinatorA', 1], ['coordinatorB', 2], ['notificationsA', 0], ['notificationsB', 1]]) {
        await kill(name, 'SIGTERM');
        await restart(name, { changes: { AMQP_URL: context.cluster.urls(first) } });
      }
      const during = stream(10, context.vendors);
      await sleep(2000);
      const leader = (await context.cluster.leaderOf(names.bookingCreatedQueue)) ?? context.cluster.nodes[0];
      await context.cluster.stopNode(leader);
      const answers = await during;
      return { answers, notes: `stopped ${leader.name}, the leader of ${names.bookingCreatedQueue}, mid-stream; two nodes left` };
    },
    async after(context) {
      context.amqpUrl = AMQP_URL;
      for (const name of Object.keys(services)) {
        await kill(name, 'SIGTERM');
        await restart(name, { changes: { AMQP_URL } });
      }
      await context.cluster.remove();
    },
  },
];

const smsApiKey = (port) => `faults-${port}`;

/** A coordinator's token, minted the one way the repository mints them. */
const mintToken = (vendorId) =>
  execFileSync(process.execPath, [path.join(root, 'scripts/mint-token.js'), vendorId], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

// ---------------------------------------------------------------- main
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = path.join(root, 'faults-results');

async function resetDatabases() {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    for (const name of [names.bookingsDb, names.coordinatorDb, names.notificationsDb]) {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

async function resetBroker(amqpUrl = AMQP_URL) {
  const { exchanges, queues } = brokerObjects();
  await messaging().withBrokerChannel(amqpUrl, async (channel) => {
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
  });
}

async function main() {
  fs.mkdirSync(resultsDir, { recursive: true });
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });

  // The coordinators' database connections go through one proxy, the notification services' through another.
  const databaseProxy = await startProxy(Number(new URL(SERVER_URL).port || 5432));
  const notificationsDatabaseProxy = await startProxy(Number(new URL(SERVER_URL).port || 5432));
  const smtp = await startSmtpSink();
  const webhooks = await startWebhookReceiver();
  const sms = await startSmsProvider();
  const shared = {
    AMQP_URL,
    BOOKINGS_EXCHANGE: names.bookingsExchange,
    COORDINATOR_EXCHANGE: names.coordinatorExchange,
    BOOKING_CREATED_QUEUE: names.bookingCreatedQueue,
    COORDINATOR_OUTCOMES_QUEUE: names.outcomesQueue,
    NOTIFICATIONS_QUEUE: names.notificationsQueue,
    CONSUMER_RETRY_DELAYS_MS: RETRY_DELAYS_MS,
    OUTBOX_POLL_INTERVAL_MS: '200',
    PUBLISH_TIMEOUT_MS: '2000',
    RATE_LIMIT_PER_MINUTE: '0',
  };
  environments.push(
    shared,
    { ...shared, CONSUMER_RETRY_DELAYS_MS: OTHER_RETRY_DELAYS_MS },
    { ...shared, CONSUMER_RETRY_DELAYS_MS: OUTAGE.retryDelaysMs },
  );
  await resetDatabases();
  await resetBroker();

  const coordinatorEnv = (port) => ({
    ...shared,
    COORDINATOR_PORT: String(port),
    COORDINATOR_DATABASE_URL: dbUrl(names.coordinatorDb, databaseProxy.port),
  });
  startService('bookings', 'bookings', { ...shared, BOOKINGS_PORT: String(PORTS.bookings), BOOKINGS_DATABASE_URL: dbUrl(names.bookingsDb) });
  await waitFor(PORTS.bookings);
  startService('coordinatorA', 'coordinator', coordinatorEnv(PORTS.coordinatorA));
  await waitFor(PORTS.coordinatorA);
  startService('coordinatorB', 'coordinator', coordinatorEnv(PORTS.coordinatorB));
  await waitFor(PORTS.coordinatorB);
  // Two notification services sharing their database and queue, sending to the suite's SMTP server.
  const notificationsEnv = (port) => ({
    ...shared,
    NOTIFICATIONS_PORT: String(port),
    NOTIFICATIONS_DATABASE_URL: dbUrl(names.notificationsDb, notificationsDatabaseProxy.port),
    SMTP_URL: smtp.url(),
    EMAIL_RETRY_DELAYS_MS,
    EMAIL_POLL_INTERVAL_MS: '200',
    SMTP_TIMEOUT_MS,
    // The suite's webhook receiver listens on 127.0.0.1.
    WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1/32',
    WEBHOOK_RETRY_DELAYS_MS,
    WEBHOOK_TIMEOUT_MS: '2000',
    // SMS on, at any hour the suite runs; only scenario 14's coordinators opt in.
    SMS_PROVIDER_URL: sms.url(),
    // One key per instance: the suite's provider tells their requests apart (scenario 16).
    SMS_API_KEY: smsApiKey(port),
    SMS_QUIET_HOURS: 'off',
    SMS_MAX_PER_DAY: '100000',
    SMS_TIMEOUT_MS,
    SMS_RETRY_DELAYS_MS: EMAIL_RETRY_DELAYS_MS,
    SMS_POLL_INTERVAL_MS: '200',
  });
  startService('notificationsA', 'notifications', notificationsEnv(PORTS.notificationsA));
  await waitFor(PORTS.notificationsA);
  startService('notificationsB', 'notifications', notificationsEnv(PORTS.notificationsB));
  await waitFor(PORTS.notificationsB);

  const vendors = [];
  for (const [businessName, businessType] of [
    ['Ayos Events', 'Wedding Coordination'],
    ['Plano Weddings', 'Event Planning'],
    ['Sabay Planners', 'wedding planner'],
    ['Liwanag Studio', 'Photography'],
    ['Busog Catering', 'Catering'],
  ]) {
    // Each with an email: every coordinator booking gets an email to its coordinator.
    const email = `${businessName.toLowerCase().replace(/\W+/g, '.')}@faults.test`;
    vendors.push((await post('/api/vendors', { businessName, businessType, email })).body);
  }
  const context = {
    amqpUrl: AMQP_URL,
    vendors,
    coordinatorIds: new Set(vendors.filter((v) => v.isCoordinator).map((v) => v.id)),
    allBookingIds: new Set(),
    databaseProxy,
    notificationsDatabaseProxy,
    bookingsDb: new Pool({ connectionString: dbUrl(names.bookingsDb), max: 2 }),
    coordinatorDb: new Pool({ connectionString: dbUrl(names.coordinatorDb), max: 2 }),
    notificationsDb: new Pool({ connectionString: dbUrl(names.notificationsDb), max: 2 }),
    smtp,
    webhooks,
    sms,
  };

  const results = [];
  const selected = scenarios.filter((s) => (only ? only.includes(s.id) : !(quick && s.fullOnly)));
  try {
    for (const scenario of selected) {
      process.stdout.write(`scenario ${scenario.id}: ${scenario.name} … `);
      context.scenarioStartedAt = Date.now();
      const { answers, notes } = await scenario.run(context);
      const faultEndedAt = Date.now();
      const result = { scenario: scenario.id, name: scenario.name, answers, notes, ...(await settle(scenario.id, context, faultEndedAt)) };
      if (scenario.verify) await scenario.verify(context, result);
      if (scenario.after) await scenario.after(context);
      results.push(result);
      console.log(`settled in ${result.settleSeconds} s`);
    }
  } finally {
    rabbitmqctl('start_app');
    databaseProxy.restore();
    notificationsDatabaseProxy.restore();
    for (const name of Object.keys(services)) await kill(name);
    await context.cluster?.remove().catch(() => undefined);
    await context.bookingsDb.end();
    await context.coordinatorDb.end();
    await context.notificationsDb.end();
    await smtp.close().catch(() => undefined);
    await webhooks.close().catch(() => undefined);
    await sms.close().catch(() => undefined);
    databaseProxy.close();
    notificationsDatabaseProxy.close();
  }

  console.log('\n| # | scenario | accepted | coordinator bookings | POSTs refused / failed | emails sent / expected | webhooks delivered / expected | lost | duplicated | repeated (same Message-ID) | repeated (same webhook-id) | unexpected | settle (s) | notes |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const hooks = r.webhooks ? `${r.webhooks.delivered} / ${r.webhooks.expected}` : '–';
    console.log(
      `| ${r.scenario} | ${r.name} | ${r.bookings} | ${r.coordinatorBookings} | ${r.answers.refused} / ${r.answers.failed} | ${r.emails.sent} / ${r.emails.expected} | ${hooks} | ${r.lost} | ${r.duplicated} | ${r.emails.repeated} | ${r.webhooks?.repeated ?? '–'} | ${r.unexpected} | ${r.settleSeconds} | ${r.notes} |`,
    );
  }
  const file = path.join(resultsDir, `${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify({ quick, stream: STREAM, retryDelaysMs: [RETRY_DELAYS_MS, OTHER_RETRY_DELAYS_MS], results }, null, 2));
  console.log(`\nresults: ${path.relative(root, file)}; service logs beside it`);
  const bad = results.filter((r) => r.lost || r.duplicated || r.unexpected || r.redelivered);
  if (bad.length > 0) {
    console.error(`FAILED: scenarios ${bad.map((r) => r.scenario).join(', ')} have non-zero counts`);
    process.exitCode = 1;
  } else {
    console.log('all counts are zero');
  }
  await resetBroker().catch(() => undefined);
}

main().catch(async (error) => {
  console.error(error);
  try {
    rabbitmqctl('start_app');
  } catch {
    // nothing more to do
  }
  for (const name of Object.keys(services)) await kill(name).catch(() => undefined);
  process.exit(1);
});
