// A scratch database with both services' schemas side by side (schemas `bookings` and `coordinator`), built by the
// services' own compiled migrations. pgbench and the seed comparison write there, never in the services' databases.
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const { DataSource } = require('typeorm');
const { root, NAMES, databaseUrl, recreateDatabases } = require('./system');

const SCHEMAS = ['bookings', 'coordinator'];
/** The coordinator vendors pgbench books: ids md5('bench-vendor-' || n), n = 1..8 (see one-booking.pgbench.sql). */
const PGBENCH_VENDORS = 8;

const scratchUrl = databaseUrl(NAMES.scratchDatabase);

function migrationsOf(app) {
  const folder = path.join(root, 'dist/apps', app, 'src/migrations');
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.js'))
    .flatMap((file) => Object.values(require(path.join(folder, file))));
}

/** Creates the database, migrates each schema, and adds pgbench's vendors and copies of the services' vendors. */
async function createScratchDatabase(vendors) {
  await recreateDatabases(NAMES.scratchDatabase);
  const client = new Client({ connectionString: scratchUrl });
  await client.connect();
  try {
    for (const schema of SCHEMAS) {
      await client.query(`CREATE SCHEMA ${schema}`);
      const dataSource = new DataSource({
        type: 'postgres',
        url: scratchUrl,
        schema,
        migrations: migrationsOf(schema),
        migrationsTransactionMode: 'each',
        extra: { options: `-c search_path=${schema}` },
        logging: false,
      });
      await dataSource.initialize();
      await dataSource.runMigrations();
      await dataSource.destroy();
    }
    await client.query(
      `INSERT INTO bookings.vendor_profiles (id, business_name, business_type)
       SELECT md5('bench-vendor-' || n)::uuid, 'pgbench vendor ' || n, 'Wedding Coordination'
         FROM generate_series(1, ${PGBENCH_VENDORS}) AS n`,
    );
    for (const vendor of vendors) {
      await client.query(
        'INSERT INTO bookings.vendor_profiles (id, business_name, business_type) VALUES ($1, $2, $3)',
        [vendor.id, vendor.businessName ?? vendor.businessType, vendor.businessType],
      );
    }
  } finally {
    await client.end();
  }
}

/** Empties the coordinator's tables, so each replay starts from the same state. */
async function emptyCoordinatorSchema() {
  const client = new Client({ connectionString: scratchUrl });
  await client.connect();
  try {
    await client.query(
      `TRUNCATE coordinator.inbox, coordinator.outbox, coordinator.coordinator_activity_log,
                coordinator.wedding_milestones, coordinator.coordinator_weddings, coordinator.coordinator_clients
       CASCADE`, // and whatever refers to a wedding or a client (a wedding's budget, …)
    );
  } finally {
    await client.end();
  }
}

module.exports = { scratchUrl, createScratchDatabase, emptyCoordinatorSchema };
