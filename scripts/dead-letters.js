#!/usr/bin/env node
// Lists a dead-letter queue, or replays chosen messages into their original queue after a fix.
//   npm run dead-letters -- list   [--queue Q] [--limit N] [--json]
//   npm run dead-letters -- replay <messageId>... | --all [--queue Q]
// Q defaults to the coordinator's: $BOOKING_CREATED_QUEUE.dead-letter (coordinator.booking-created.dead-letter).
const path = require('node:path');
const { listDeadLetters, replayDeadLetters } = require(path.join(__dirname, '../dist/libs/messaging/src/dead-letters.js'));

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
const queue = option('queue', `${process.env.BOOKING_CREATED_QUEUE ?? 'coordinator.booking-created'}.dead-letter`);
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
    console.error('usage: npm run dead-letters -- list [--queue Q] [--limit N] [--json]');
    console.error('       npm run dead-letters -- replay <messageId>... | --all [--queue Q]');
    process.exitCode = 2;
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
