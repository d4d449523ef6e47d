// The bookings service alone, on its own database and broker names, for the bookings specs.
import { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { loadConfig } from '@wedding/infrastructure';
import { databaseUrl, deleteTopologies, dropDatabases, testAmqpUrl, uniquePrefix } from '@wedding/testing';
import { startBookingsApp } from '../src/bookings-app';
import { BookingsConfig } from '../src/config';
import { bookingsTopology } from '../src/topology';

export interface BookingsUnderTest {
  app: INestApplication;
  url: string;
  config: BookingsConfig;
  db: Pool;
  close(): Promise<void>;
}

export async function startBookingsUnderTest(
  label: string,
  overrides: Partial<BookingsConfig> = {},
): Promise<BookingsUnderTest> {
  const prefix = uniquePrefix(label);
  const config = loadConfig(
    BookingsConfig,
    {},
    {
      port: 0,
      databaseUrl: databaseUrl(`${prefix}_bookings`),
      amqpUrl: testAmqpUrl(),
      bookingsExchange: `${prefix}.bookings.events`,
      coordinatorExchange: `${prefix}.coordinator.events`,
      coordinatorOutcomesQueue: `${prefix}.bookings.coordinator-outcomes`,
      consumerRetryDelaysMs: [200],
      outboxPollIntervalMs: 200,
      rateLimitPerMinute: 0,
      ...overrides,
    },
  );
  const app = await startBookingsApp(config, { logger: ['error'] });
  const db = new Pool({ connectionString: config.databaseUrl, max: 2 });
  return {
    app,
    url: await app.getUrl(),
    config,
    db,
    async close() {
      await app.close();
      await db.end();
      await deleteTopologies(bookingsTopology(config));
      await dropDatabases(config.databaseUrl);
    },
  };
}
