#!/usr/bin/env node
// npm run docs: the AsyncAPI 3 catalogue of every event the services publish, from the compiled contracts, as
// docs/events/asyncapi.json and a static page docs/events/index.html (exchange names from the environment, as the
// services read them). Each producer also serves its own at /docs/asyncapi.json and /docs/events.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
process.env.TS_NODE_PROJECT = path.join(root, 'tsconfig.base.json');
process.env.TS_NODE_BASEURL = path.join(root, 'dist');
require('reflect-metadata');
require('tsconfig-paths/register');
const compiled = (file) => require(path.join(root, 'dist', file));

const { loadConfig } = compiled('libs/infrastructure/src');
const { asyncApiDocument, asyncApiPage } = compiled('libs/messaging/src');
const { BookingsConfig } = compiled('apps/bookings/src/config');
const { CoordinatorConfig } = compiled('apps/coordinator/src/config');
const { bookingsEvents } = compiled('apps/bookings/src/topology');
const { coordinatorEvents } = compiled('apps/coordinator/src/topology');

const document = asyncApiDocument({
  title: 'Wedding-coordinator events',
  producers: [bookingsEvents(loadConfig(BookingsConfig)), coordinatorEvents(loadConfig(CoordinatorConfig))],
});
const out = path.join(root, 'docs/events');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'asyncapi.json'), `${JSON.stringify(document, null, 2)}\n`);
fs.writeFileSync(path.join(out, 'index.html'), asyncApiPage(document));
console.log(`wrote ${path.relative(root, out)}/asyncapi.json and index.html`);
