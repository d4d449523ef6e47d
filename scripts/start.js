#!/usr/bin/env node
// Runs both services from the compiled build (npm run build), each log line prefixed with its service's name.
// Each service creates its database when missing and runs its migrations before it starts listening.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '..');
const services = ['bookings', 'coordinator'];
const env = {
  ...process.env,
  // Resolve the @wedding/* path aliases against the compiled output.
  TS_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
  TS_NODE_BASEURL: path.join(root, 'dist'),
};

const children = services.map((name) => {
  const child = spawn(
    process.execPath,
    ['-r', 'tsconfig-paths/register', path.join(root, 'dist/apps', name, 'src/main.js')],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    console.log(`[${name}] exited (${signal ?? code})`);
    stopAll();
    process.exitCode = code ?? 1;
  });
  return child;
});

let stopping = false;
function stopAll() {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
