// The seed's integration beside ours, both replaying the same real BookingCreated events on the scratch database:
// the seed's sequence of separate autocommit queries (shared/seed/coordinator-auto-integration.md) and the real
// AutoIntegrationService from dist. This process's node-postgres is instrumented (pg-probe) to count round trips.
const { performance } = require('node:perf_hooks');
const { Pool } = require('pg');
const { DataSource } = require('typeorm');
const probe = require('./pg-probe');
const { summarize, round } = require('./stats');
const { loadCompiled } = require('./system');
const { scratchUrl, emptyCoordinatorSchema } = require('./scratch-database');

/** The seed's six milestones and their days before the wedding (shared/seed), which the seed inserts one by one. */
const SEED_MILESTONES = [
  { title: 'Initial Consultation', description: 'Meet the couple to confirm vision, priorities, guest count and budget.', daysBefore: 7 },
  { title: 'Venue Selection', description: 'Shortlist, visit and reserve the ceremony and reception venues.', daysBefore: 30 },
  { title: 'Vendor Booking', description: 'Book the caterer, photographer, florist, music and other key vendors.', daysBefore: 60 },
  { title: 'Design & Decor', description: 'Settle the theme, palette, floral and styling plan with the couple.', daysBefore: 90 },
  { title: 'Final Details', description: 'Confirm the timeline, seating, headcount and vendor arrivals.', daysBefore: 14 },
  { title: 'Rehearsal', description: 'Run the ceremony rehearsal with the entourage and officiant.', daysBefore: 1 },
];

/**
 * The seed's handleCoordinatorBooking, query for query: vendor check, client lookup, client insert and its activity
 * entry (new couples only), wedding insert, link update, six milestone inserts, wedding activity entry. Each query
 * takes whichever pooled connection is free, as the seed's `sql` tag did; there is no transaction.
 */
function seedIntegration(pool) {
  const { isCoordinatorBusinessType } = loadCompiled('libs/contracts/src');
  const { addDays } = loadCompiled('apps/coordinator/src/planning/fit-plan');
  const { weddingBudget } = loadCompiled('apps/coordinator/src/domain/budget');
  return async (booking) => {
    const vendor = await pool.query('SELECT business_type FROM vendor_profiles WHERE id = $1', [booking.vendorId]);
    if (!isCoordinatorBusinessType(vendor.rows[0]?.business_type)) return;
    const [existing] = (
      await pool.query(
        'SELECT id FROM coordinator_clients WHERE coordinator_id = $1 AND (email = $2 OR phone = $3) LIMIT 1',
        [booking.vendorId, booking.contactEmail, booking.contactPhone],
      )
    ).rows;
    let client = existing;
    if (!client) {
      [client] = (
        await pool.query(
          `INSERT INTO coordinator_clients (coordinator_id, couple_name, email, phone, status, budget_range, notes)
           VALUES ($1, $2, $3, $4, 'lead', $5, $6) RETURNING *`,
          [booking.vendorId, booking.coupleName, booking.contactEmail, booking.contactPhone, booking.budgetRange,
            booking.specialRequests],
        )
      ).rows;
      await pool.query(
        `INSERT INTO coordinator_activity_log (coordinator_id, activity_type, description, metadata)
         VALUES ($1, 'client_created', $2, $3)`,
        [
          booking.vendorId,
          `New client ${booking.coupleName} auto-created`,
          JSON.stringify({ bookingId: booking.bookingId }),
        ],
      );
    }
    const [wedding] = (
      await pool.query(
        `INSERT INTO coordinator_weddings (coordinator_id, couple_name, wedding_date, venue, status, progress, budget,
                                           guest_count)
         VALUES ($1, $2, $3, $4, 'planning', 0, $5, $6) RETURNING *`,
        [booking.vendorId, booking.coupleName, booking.eventDate, booking.eventLocation || 'TBD',
          weddingBudget(booking.totalAmount, booking.budgetRange), booking.guestCount ?? null],
      )
    ).rows;
    await pool.query(`UPDATE coordinator_clients SET wedding_id = $1, status = 'active' WHERE id = $2`, [
      wedding.id,
      client.id,
    ]);
    for (const milestone of SEED_MILESTONES) {
      await pool.query(
        // days_before is ours (the seed has no such column), but the schema needs it: same statement, one more value.
        'INSERT INTO wedding_milestones (wedding_id, title, description, due_date, days_before) VALUES ($1, $2, $3, $4, $5)',
        [wedding.id, milestone.title, milestone.description, addDays(booking.eventDate, -milestone.daysBefore),
          milestone.daysBefore],
      );
    }
    await pool.query(
      `INSERT INTO coordinator_activity_log (coordinator_id, wedding_id, activity_type, description, metadata)
       VALUES ($1, $2, 'wedding_created', $3, $4)`,
      [booking.vendorId, wedding.id, `New wedding auto-created for ${booking.coupleName}`,
        JSON.stringify({ bookingId: booking.bookingId, weddingId: wedding.id })],
    );
  };
}

/** Our coordinator transaction: the compiled AutoIntegrationService itself, its relay a no-op (nothing is published). */
function ourIntegration(dataSource, coordinatorConfig) {
  const { AutoIntegrationService } = loadCompiled('apps/coordinator/src/intake/auto-integration.service');
  const service = new AutoIntegrationService(
    dataSource,
    { wake() {}, claimForCommit: (prepared) => prepared, publishCommitted() {} },
    coordinatorConfig,
  );
  return async (booking) => {
    const result = await service.integrate(booking);
    if (result.outcome !== 'created') throw new Error(`replayed booking ${booking.bookingId}: ${result.outcome}`);
  };
}

/** Replays every event with `concurrency` at a time on emptied tables: time per booking, bookings/s, round trips. */
async function replay(events, concurrency, integrate) {
  await emptyCoordinatorSchema();
  probe.snapshot({ reset: true });
  const durations = [];
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events.length) {
        const booking = events[next++];
        const started = performance.now();
        await integrate(booking);
        durations.push(performance.now() - started);
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const counted = probe.snapshot({ reset: true });
  return {
    concurrency,
    bookings: events.length,
    bookingsPerSecond: round(events.length / seconds, 1),
    perBookingMs: summarize(durations),
    roundTripsPerBooking: round(counted.statements / events.length),
    transaction: counted.transactions.coordinator,
  };
}

/** Seed and ours, each at each concurrency, on the same events (real payloads of this run, in their order). */
async function compareWithSeed({ payloads, concurrencies, coordinatorConfig }) {
  const { parseEvent, BookingCreated, isCoordinatorBusinessType } = loadCompiled('libs/contracts/src');
  const { Logger } = require('@nestjs/common');
  Logger.overrideLogger(false); // the service logs every integration; this replay would print thousands of lines
  const events = payloads
    .map((payload) => parseEvent(BookingCreated, payload))
    .filter((event) => isCoordinatorBusinessType(event.vendorBusinessType));
  const poolSize = Math.max(...concurrencies);
  const pool = new Pool({
    connectionString: scratchUrl,
    max: poolSize,
    options: '-c search_path=coordinator,bookings', // the seed's monolith saw vendors and coordinator tables alike
  });
  // end() resolves before its sockets close; dropping the scratch database then ends them with an error.
  pool.on('error', () => undefined);
  // The service's entities, as its app module registers them (the plan's template is read through TypeORM).
  const entities = [
    ['activity/activity-log-entry.entity', 'ActivityLogEntry'],
    ['clients/client.entity', 'CoordinatorClient'],
    ['budget/budget-template.entity', 'BudgetTemplate'],
    ['budget/wedding-budget.entity', 'WeddingBudget'],
    ['planning/plan-template.entity', 'PlanTemplate'],
    ['weddings/milestone.entity', 'WeddingMilestone'],
    ['weddings/wedding.entity', 'CoordinatorWedding'],
  ].map(([file, name]) => loadCompiled(`apps/coordinator/src/${file}`)[name]);
  const dataSource = new DataSource({
    type: 'postgres',
    url: scratchUrl,
    poolSize,
    entities,
    extra: { options: '-c search_path=coordinator' },
    logging: false,
  });
  await dataSource.initialize();
  try {
    const seed = [];
    const ours = [];
    for (const concurrency of concurrencies) {
      seed.push(await replay(events, concurrency, seedIntegration(pool)));
      ours.push(await replay(events, concurrency, ourIntegration(dataSource, coordinatorConfig)));
    }
    const repeats = events.length - new Set(events.map((e) => `${e.vendorId} ${e.contactEmail}`)).size;
    return { events: events.length, repeatCouples: repeats, seed, ours };
  } finally {
    await Promise.all([pool.end(), dataSource.destroy()]);
  }
}

module.exports = { compareWithSeed };
