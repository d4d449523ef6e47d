#!/usr/bin/env node
// Books a wedding coordinator through the running bookings API and prints what the coordinator service created.
// Needs both services running (npm start). Settings: BOOKINGS_URL, COORDINATOR_URL, COORDINATOR_DATABASE_URL, JWT_SECRET.
//   npm run demo                 a new coordinator; prints its dashboard link, waits for Enter (on a terminal), books
//   npm run demo -- <vendor-id>  books for that coordinator (e.g. the one whose dashboard is open)
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');

const bookingsUrl = process.env.BOOKINGS_URL ?? `http://127.0.0.1:${process.env.BOOKINGS_PORT ?? 3001}`;
const coordinatorUrl = process.env.COORDINATOR_URL ?? `http://127.0.0.1:${process.env.COORDINATOR_PORT ?? 3002}`;
const databaseUrl = process.env.COORDINATOR_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/coordinator';

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
  const started = process.hrtime.bigint();
  // As the marketplace's frontend books: the user's id as a claim (no couple token), in the body and in x-user-id.
  const answer = await post(
    '/api/bookings/request',
    {
      vendorId: vendor.id,
      serviceType: 'Wedding Coordination',
      coupleName: 'John & Jane',
      coupleId: '1-2025-007',
      contactEmail: `john.jane+${Date.now()}@example.com`,
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
  } finally {
    await db.end();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
