#!/usr/bin/env node
// Lists a dead-letter queue, or replays chosen messages into their original queue after a fix.
//   npm run dead-letters -- list   [--service S | --queue Q] [--limit N] [--json]
//   npm run dead-letters -- replay <messageId>... | --all [--service S | --queue Q]
// S is coordinator (the default), bookings or notifications: its dead-letter queue, named by its own topology
// (apps/<S>/src/topology.ts) for the same environment the service runs with (BOOKING_CREATED_QUEUE, …).
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.env.TS_NODE_PROJECT = path.join(root, 'tsconfig.base.json');
process.env.TS_NODE_BASEURL = path.join(root, 'dist');
require('reflect-metadata');
require('tsconfig-paths/register');
const compiled = (relative) => require(path.join(root, 'dist', relative));
const { deadLetterQueueName, listDeadLetters, replayDeadLetters } = compiled('libs/messaging/src');
const { loadConfig } = compiled('libs/infrastructure/src');

const SERVICES = {
  coordinator: () => compiled('apps/coordinator/src/topology').coordinatorTopology(loadConfig(compiled('apps/coordinator/src/config').CoordinatorConfig)),
  bookings: () => compiled('apps/bookings/src/topology').bookingsTopology(loadConfig(compiled('apps/bookings/src/config').BookingsConfig)),
};

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args.splice(index, 2)[1];
};
const flag = (name) => {
  const index = args.indexOf(`--${name}`);
  return index !== -1 && args.splice(index, 1).length === 1;
};
const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const service = option('service', 'coordinator');
const explicitQueue = option('queue', undefined);
if (!explicitQueue && !SERVICES[service]) {
  console.error(`unknown service ${service}: one of ${Object.keys(SERVICES).join(', ')}`);
  process.exit(2);
}
const queue = explicitQueue ?? deadLetterQueueName(SERVICES[service]().consumes.queue);
const limit = Number(option('limit', '100'));
const json = flag('json');
const all = flag('all');
const [command, ...ids] = args;

async function main() {
  if (command === 'list') {
    const letters = await listDeadLetters(url, queue, limit);
    if (json) return console.log(JSON.stringify(letters, null, 2));
    console.log(`${letters.length} message(s) in ${queue}${letters.length === limit ? ` (first ${limit})` : ''}`);
    console.table(
      letters.map(({ messageId, type, correlationId, attempts, reason, failedAt }) => ({
        messageId,
        type,
        correlationId,
        attempts,
        failedAt,
        reason: reason && reason.length > 80 ? `${reason.slice(0, 77)}...` : reason,
      })),
    );
  } else if (command === 'replay' && (all || ids.length > 0)) {
    const replayed = await replayDeadLetters(url, queue, all ? 'all' : ids);
    console.log(`replayed ${replayed.length} message(s) from ${queue}`);
    for (const letter of replayed) console.log(`  ${letter.messageId} → ${letter.originalQueue}`);
    const missing = all ? [] : ids.filter((id) => !replayed.some((letter) => letter.messageId === id));
    if (missing.length > 0) {
      console.error(`not found in ${queue}: ${missing.join(', ')}`);
      process.exitCode = 1;
    }
  } else {
    console.error('usage: npm run dead-letters -- list [--service S | --queue Q] [--limit N] [--json]');
    console.error('       npm run dead-letters -- replay <messageId>... | --all [--service S | --queue Q]');
    process.exitCode = 2;
  }
}

main().catch((error) => {
  if (error.code === 404) console.error(`no queue ${queue} on the broker yet: it is declared when the service first runs`);
  else console.error(error.message);
  process.exit(1);
});
