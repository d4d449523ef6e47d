#!/usr/bin/env node
// Books a wedding coordinator through the running bookings API and prints what the coordinator service created and
// the email the notification service sent about it, with where to read it (the development mail server's page).
// Needs the services running (npm start). Settings: BOOKINGS_URL, COORDINATOR_URL, NOTIFICATIONS_URL,
// COORDINATOR_DATABASE_URL, MAILDEV_WEB_URL, JWT_SECRET.
//   npm run demo                 a new coordinator; prints its dashboard link, waits for Enter (on a terminal), books
//   npm run demo -- <vendor-id>  books for that coordinator (e.g. the one whose dashboard is open)
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');

const bookingsUrl = process.env.BOOKINGS_URL ?? `http://127.0.0.1:${process.env.BOOKINGS_PORT ?? 3001}`;
const coordinatorUrl = process.env.COORDINATOR_URL ?? `http://127.0.0.1:${process.env.COORDINATOR_PORT ?? 3002}`;
const databaseUrl = process.env.COORDINATOR_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/coordinator';
const notificationsUrl = process.env.NOTIFICATIONS_URL ?? `http://127.0.0.1:${process.env.NOTIFICATIONS_PORT ?? 3003}`;
const mailWebUrl = (process.env.MAILDEV_WEB_URL ?? `http://127.0.0.1:${process.env.MAILDEV_WEB_PORT ?? 1080}`).replace(/\/$/, '');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(path, body, headers = {}) {
  const response = await fetch(`${bookingsUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

const mintToken = (vendorId) =>
  execFileSync(process.execPath, [path.join(__dirname, 'mint-token.js'), vendorId], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

async function main() {
  const [vendorId] = process.argv.slice(2);
  const vendor = vendorId
    ? { id: vendorId }
    : await post('/api/vendors', { businessName: 'Ayos Events', businessType: 'Wedding Coordination', email: 'hello@ayos.example' });
  if (!vendorId) {
    const dashboard = process.env.DASHBOARD_URL ?? `${coordinatorUrl}/dashboard/`;
    console.log(`coordinator Ayos Events: ${vendor.id}\nwatch the booking arrive on its dashboard: ${dashboard}#token=${mintToken(vendor.id)}\n`);
    if (process.stdin.isTTY) {
      process.stdout.write('open it, then press Enter to book a wedding… ');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      process.stdin.pause();
    }
  }
  const weddingDate = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
  const contactEmail = `john.jane+${Date.now()}@example.com`;
  const started = process.hrtime.bigint();
  // Watched from now on, so that the time it took is the mail server's, not this script's.
  const arrival = watchMailServer(contactEmail, started);
  // As the marketplace's frontend books: the user's id as a claim (no couple token), in the body and in x-user-id.
  const answer = await post(
    '/api/bookings/request',
    {
      vendorId: vendor.id,
      serviceType: 'Wedding Coordination',
      coupleName: 'John & Jane',
      coupleId: '1-2025-007',
      contactEmail,
      contactPhone: '0917 123 4567',
      eventDate: weddingDate,
      eventLocation: 'Manila Cathedral',
      guestCount: 150,
      budgetRange: '50k-100k',
      specialRequests: 'Need full planning',
    },
    { 'x-user-id': '1-2025-007' },
  );
  const postMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { booking, coordinatorIntegration } = answer;
  console.log(
    `booking ${booking.id}: success ${answer.success}, ${booking.status}, claimed by ${booking.claimedCoupleId}, ` +
      `coordinator integration ${coordinatorIntegration.status} (POST took ${postMs.toFixed(1)} ms)`,
  );

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    let wedding;
    const deadline = Date.now() + 15_000;
    while (!(wedding = (await db.query('SELECT * FROM coordinator_weddings WHERE booking_id = $1', [booking.id])).rows[0])) {
      if (Date.now() > deadline) throw new Error('no wedding after 15 s: is the coordinator service running?');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    const client = (await db.query('SELECT * FROM coordinator_clients WHERE id = $1', [wedding.client_id])).rows[0];
    const milestones = await db.query(
      `SELECT title, to_char(due_date, 'YYYY-MM-DD') AS due_date, compressed FROM wedding_milestones
        WHERE wedding_id = $1 ORDER BY due_date`,
      [wedding.id],
    );
    const activity = await db.query(
      `SELECT activity_type, description FROM coordinator_activity_log WHERE wedding_id = $1 ORDER BY created_at`,
      [wedding.id],
    );
    console.log(`\nseen committed ${totalMs.toFixed(1)} ms after the POST was sent (polling every 5 ms)\n`);
    console.log('client:   ', { id: client.id, couple: client.couple_name, email: client.email, status: client.status });
    console.log('wedding:  ', {
      id: wedding.id,
      date: weddingDate,
      venue: wedding.venue,
      status: wedding.status,
      budget: wedding.budget,
      guests: wedding.guest_count,
    });
    console.log('milestones:');
    console.table(milestones.rows);
    console.log('activity:');
    console.table(activity.rows);

    let integration;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      integration = (await (await fetch(`${bookingsUrl}/api/bookings/${booking.id}`)).json()).booking.coordinatorIntegration;
      if (integration.status !== 'pending') break;
    }
    console.log(`\nGET /api/bookings/${booking.id} → coordinatorIntegration:`, integration);

    const token = mintToken(vendor.id);
    const dashboard = await (await fetch(`${coordinatorUrl}/api/coordinator/dashboard`, { headers: { authorization: `Bearer ${token}` } })).json();
    console.log(`GET /api/coordinator/dashboard (as the coordinator, token from npm run token) →`, {
      clients: dashboard.clients,
      weddingsByStatus: dashboard.weddingsByStatus,
      upcomingWeddings: dashboard.upcomingWeddings.length,
    });

    await showEmails(wedding.id, token, arrival);
  } finally {
    await db.end();
  }
}

/**
 * The coordinator's email about this booking as the development mail server lists it (its API, what its web page
 * shows), the moment it appears there; undefined when no such server answers (SMTP_URL is a real one).
 */
async function watchMailServer(contactEmail, started) {
  // Every 20 ms: MailDev renders its whole list for each look, and a faster poll slows its own SMTP answers.
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(20)) {
    const list = await fetch(`${mailWebUrl}/email`).then((r) => (r.ok ? r.json() : []), () => undefined);
    if (list === undefined) return undefined;
    const message = list.find((m) => m.text?.includes(contactEmail) && m.subject?.startsWith('New wedding'));
    if (message) return { message, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  }
  return undefined;
}

/** The wedding's notifications from the delivery log, and where to read the coordinator's email. */
async function showEmails(weddingId, token, arrival) {
  const log = async () => {
    const response = await fetch(`${notificationsUrl}/api/notifications?weddingId=${weddingId}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET /api/notifications answered ${response.status}`);
    return (await response.json()).items;
  };
  let items = [];
  for (const deadline = Date.now() + 15_000; !items.some((i) => i.template === 'wedding-created' && i.status !== 'pending'); await sleep(5)) {
    items = await log().catch(() => []);
    if (Date.now() > deadline) {
      console.log('\nno email to the coordinator after 15 s: is the notification service running, and does the coordinator have an email?');
      return;
    }
  }
  const email = items.find((i) => i.template === 'wedding-created');
  const caught = await arrival;
  console.log(`\nemail to the coordinator <${email.recipient}>: "${email.subject}" (${email.status})`);
  if (caught && `<${caught.message.messageId}>` === email.messageId) {
    console.log(`  in the development mail server ${caught.ms.toFixed(0)} ms after the POST was sent; read it at ${mailWebUrl}/#/email/${caught.message.id}`);
  } else {
    console.log(`  sent through the SMTP server of SMTP_URL (no development mail server answers at ${mailWebUrl})`);
  }
  console.log(`GET /api/notifications?weddingId=${weddingId} (the delivery log) →`);
  console.table((await log()).map(({ template, recipient, status, attemptCount }) => ({ template, recipient, status, attempts: attemptCount })));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
