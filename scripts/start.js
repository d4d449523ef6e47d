#!/usr/bin/env node
// Runs the services from the compiled build (npm run build), each log line prefixed with its service's name.
// Each service creates its database when missing and runs its migrations before it starts listening.
// Without SMTP_URL, a development mail server (MailDev) catches the notification service's email: SMTP on
// 127.0.0.1:MAILDEV_SMTP_PORT (1025), the mail on a web page at http://127.0.0.1:MAILDEV_WEB_PORT (1080).
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '..');
const services = ['bookings', 'coordinator', 'notifications'];
const env = {
  ...process.env,
  // Resolve the @wedding/* path aliases against the compiled output.
  TS_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
  TS_NODE_BASEURL: path.join(root, 'dist'),
  // The email's link to the wedding: the dashboard of the coordinator service started here.
  DASHBOARD_URL: process.env.DASHBOARD_URL || `http://127.0.0.1:${process.env.COORDINATOR_PORT || 3002}/dashboard/`,
  // The dashboard's Notifications page: the notification service started here (its CORS_ORIGINS allow the dashboard's
  // origin by default).
  NOTIFICATIONS_API_URL: process.env.NOTIFICATIONS_API_URL ?? `http://127.0.0.1:${process.env.NOTIFICATIONS_PORT || 3003}`,
  // A development run may send webhooks to a receiver on this machine (plain http to 127.0.0.1 only); a deployment
  // leaves WEBHOOK_ALLOWED_PRIVATE_TARGETS empty: public https endpoints only.
  WEBHOOK_ALLOWED_PRIVATE_TARGETS: process.env.WEBHOOK_ALLOWED_PRIVATE_TARGETS ?? '127.0.0.1/32',
};

const children = [];
function run(name, args) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    console.log(`[${name}] exited (${signal ?? code})`);
    stopAll();
    process.exitCode = code ?? 1;
  });
  children.push(child);
  return child;
}

/** Until something accepts connections on the port (MailDev takes a moment). */
async function listening(port, timeoutMs = 15_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

async function main() {
  if (!process.env.SMTP_URL) {
    const smtpPort = process.env.MAILDEV_SMTP_PORT || '1025';
    const webPort = process.env.MAILDEV_WEB_PORT || '1080';
    run('maildev', [
      require.resolve('maildev/bin/maildev'),
      ...['--smtp', smtpPort, '--web', webPort, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'],
    ]);
    env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
    await listening(Number(smtpPort));
    console.log(`[maildev] SMTP_URL is not set: the notification service's email is caught here, read it at http://127.0.0.1:${webPort}/`);
  }
  for (const name of services) {
    if (stopping) return;
    run(name, ['-r', 'tsconfig-paths/register', path.join(root, 'dist/apps', name, 'src/main.js')]);
  }
}

let stopping = false;
function stopAll() {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

main().catch((error) => {
  console.error(error.message);
  stopAll();
  process.exitCode = 1;
});
