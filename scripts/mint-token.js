#!/usr/bin/env node
// Mints a development token (HS256 with JWT_SECRET, else the services' development default) to call the APIs.
//   npm run token -- <vendor-or-couple-id> [--role coordinator|couple] [--ttl 1h]
// Prints the token on stdout and, for a coordinator, the dashboard sign-in link on stderr (so that
// TOKEN=$(npm run -s token -- <id>) still captures the token alone).
const { SignJWT } = require('jose');

const DEVELOPMENT_JWT_SECRET = 'local-development-secret-change-me-in-production';
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args.splice(index, 2)[1];
};
const role = option('role', 'coordinator');
const ttl = option('ttl', '1h');
const [subject] = args;
if (!subject || !/^[0-9a-f-]{36}$/i.test(subject)) {
  console.error('usage: npm run token -- <vendor-or-couple-uuid> [--role coordinator|couple] [--ttl 1h]');
  process.exit(2);
}
const secret = process.env.JWT_SECRET || DEVELOPMENT_JWT_SECRET;
new SignJWT({ role })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(subject)
  .setIssuedAt()
  .setExpirationTime(ttl)
  .sign(new TextEncoder().encode(secret))
  .then((token) => {
    console.log(token);
    if (role === 'coordinator') console.error(`\nOpen the dashboard signed in as this coordinator:\n${dashboardUrl()}#token=${token}`);
  });

function dashboardUrl() {
  const url = process.env.DASHBOARD_URL ?? `http://127.0.0.1:${process.env.COORDINATOR_PORT ?? 3002}/dashboard/`;
  return url.endsWith('/') ? url : `${url}/`;
}
