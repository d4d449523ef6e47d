// What a service spends its CPU on, from a .cpuprofile (V8's sampling profiler, as `node --cpu-prof` writes it):
// each sample is charged to the nearest frame on its stack that belongs to a known part (the HTTP pipeline,
// validation, TypeORM, the pg driver, JSON, AMQP, logging, metrics, tracing, our own code), walking from the leaf
// up, so a native socket write made for a log line counts as logging, and JSON.stringify as JSON wherever it is
// called from. `node bench/profile-summary.js <file.cpuprofile> [bookings]` prints one profile's summary.
const fs = require('node:fs');
const path = require('node:path');

/** [category, test on the frame's url] in order; the first that matches names the frame's part. */
const BY_URL = [
  ['validation', /\/node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//],
  ['TypeORM', /\/node_modules\/typeorm\//],
  ['pg driver', /\/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-[a-z]+)\//],
  ['AMQP', /\/node_modules\/(amqplib|amqp-connection-manager|@nestjs\/microservices)\/|\/dist\/libs\/messaging\//],
  ['logging', /\/node_modules\/(pino[^/]*|nestjs-pino|sonic-boom|thread-stream|fast-redact|@pinojs\/[^/]+|quick-format-unescaped|on-exit-leak-free|safe-stable-stringify|fast-safe-stringify)\/|\/dist\/libs\/infrastructure\/src\/(logging|personal-data)\.js/],
  ['metrics', /\/node_modules\/(prom-client|tdigest|bintrees)\/|\/dist\/libs\/(infrastructure\/src\/metrics|messaging\/src\/messaging-metrics)\.js/],
  ['tracing', /\/node_modules\/@opentelemetry\/|\/node_modules\/require-in-the-middle\/|\/node_modules\/import-in-the-middle\/|\/dist\/libs\/(infrastructure\/src\/tracing|messaging\/src\/message-tracing)\.js/],
  ['HTTP pipeline', /\/node_modules\/(express|body-parser|router|raw-body|iconv-lite|qs|finalhandler|send|serve-static|path-to-regexp|on-finished|type-is|content-type|content-disposition|cookie|accepts|negotiator|mime-types|mime-db|parseurl|proxy-addr|forwarded|statuses|http-errors|depd|etag|fresh|vary|encodeurl|escape-html|media-typer|ipaddr\.js|cors|helmet|@nestjs\/core|@nestjs\/common|@nestjs\/platform-express|@nestjs\/throttler|rxjs|tslib)\/|^node:_http_|^node:http$|^node:internal\/http/],
  ['SMTP (email)', /\/node_modules\/(nodemailer|mustache|ical-generator)\//],
  ['benchmark probes', /\/bench\/(pg-probe|cpu-profiler)\.js/],
  ['our code', /\/dist\/(apps|libs)\//],
];
/** Builtins the profile shows without a url. */
const JSON_FUNCTIONS = new Set(['stringify', 'parse', 'JSONSerialize', 'JSONParse']);
const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeString']);
const CATEGORIES = [
  'HTTP pipeline', 'validation', 'TypeORM', 'pg driver', 'JSON', 'AMQP', 'logging', 'metrics', 'tracing',
  'SMTP (email)', 'our code', 'node internals', 'garbage collection', 'native (program)', 'other libraries',
  'benchmark probes',
];

function categoryOf(frame) {
  const { url, functionName } = frame.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'native (program)';
  if (!url) return JSON_FUNCTIONS.has(functionName) ? 'JSON' : null;
  for (const [category, pattern] of BY_URL) if (pattern.test(url)) return category;
  if (url.includes('/node_modules/')) return 'other libraries';
  return null; // node internals and anything else: the frame above decides
}

/**
 * Each part's share of the busy samples and, with `bookings`, its milliseconds per booking: the share of `cpuMs` (the
 * process's CPU time per booking, from /proc) when given, else of the profile's busy wall time. Also the busiest
 * functions by self time, and the native socket writes (a cross-cutting figure: many small writes cost more than
 * their bytes).
 */
function summarizeProfile(profile, bookings, cpuMs) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = new Map();
  const ownerOf = (id) => {
    if (owner.has(id)) return owner.get(id);
    const node = nodes.get(id);
    let category = categoryOf(node);
    if (category === null) {
      const up = parent.get(id);
      category = up === undefined || nodes.get(up).callFrame.functionName === '(root)'
        ? (node.callFrame.url ? 'node internals' : 'native (program)')
        : ownerOf(up);
      // A frame of node itself with nothing of ours or a library above it (a timer, a socket read) stays node's.
      if (category === 'native (program)' && node.callFrame.url) category = 'node internals';
    }
    owner.set(id, category);
    return category;
  };
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  const selfByFunction = new Map();
  let idleMs = 0;
  let socketWritesMs = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const ms = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000; // a sample lasts until the next one
    const node = nodes.get(samples[i]);
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    byCategory[ownerOf(node.id)] += ms;
    if (SOCKET_WRITES.has(functionName) && !url) socketWritesMs += ms;
    const key = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : '(native)'}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + ms);
  }
  const busyMs = Object.values(byCategory).reduce((a, b) => a + b, 0);
  const scale = cpuMs !== undefined && busyMs > 0 ? (cpuMs * (bookings ?? 1)) / busyMs : 1;
  const per = (ms) => (bookings ? round3((ms * scale) / bookings) : null);
  return {
    seconds: round3((profile.endTime - profile.startTime) / 1e6),
    busyMs: round3(busyMs),
    idleMs: round3(idleMs),
    bookings: bookings ?? null,
    busyMsPerBooking: per(busyMs),
    scaledToCpuMs: cpuMs !== undefined,
    categories: Object.entries(byCategory)
      .filter(([, ms]) => ms > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([category, ms]) => ({ category, ms: round3(ms), msPerBooking: per(ms), percent: round1((100 * ms) / busyMs) })),
    socketWrites: { ms: round3(socketWritesMs), msPerBooking: per(socketWritesMs), percent: round1((100 * socketWritesMs) / busyMs) },
    topFunctions: [...selfByFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([fn, ms]) => ({ function: fn, ms: round3(ms), percent: round1((100 * ms) / busyMs) })),
  };
}

function shortUrl(url) {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : path.basename(url);
}

const round3 = (v) => Number(v.toFixed(3));
const round1 = (v) => Number(v.toFixed(1));

function summarizeFile(file, bookings, cpuMs) {
  return { file, ...summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')), bookings, cpuMs) };
}

module.exports = { summarizeProfile, summarizeFile, CATEGORIES };

if (require.main === module) {
  const [file, bookings] = process.argv.slice(2);
  const summary = summarizeFile(file, bookings ? Number(bookings) : undefined);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
