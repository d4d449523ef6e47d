// Both services in this process, on their own databases and broker names, talking over real HTTP, AMQP and SQL.
import { INestApplication } from '@nestjs/common';
import { Pool, types } from 'pg';
import { loadConfig } from '@wedding/infrastructure';
import { consumerQueueNames } from '@wedding/messaging';
import { databaseUrl, deleteBrokerObjects, dropDatabases, testAmqpUrl, uniquePrefix } from '@wedding/testing';
import { startBookingsApp } from '../../bookings/src/bookings-app';
import { BookingsConfig } from '../../bookings/src/config';
import { coordinatorOutcomesTopology } from '../../bookings/src/integration/coordinator-outcomes.topology';
import { bookingCreatedTopology } from '../src/booking-created.topology';
import { CoordinatorConfig } from '../src/config';
import { startCoordinatorApp } from '../src/coordinator-app';

export interface TestSystem {
  bookingsUrl: string;
  /** Changes when the coordinator is restarted (it listens on a free port). */
  coordinatorUrl(): Promise<string>;
  bookingsConfig: BookingsConfig;
  coordinatorConfig: CoordinatorConfig;
  /** Direct SQL on the coordinator's database, for checking what the automation wrote. */
  coordinatorDb: Pool;
  bookingsDb: Pool;
  coordinator(): INestApplication;
  stopCoordinator(): Promise<void>;
  startCoordinator(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestSystem(
  label: string,
  overrides: { coordinator?: Partial<CoordinatorConfig>; bookings?: Partial<BookingsConfig> } = {},
): Promise<TestSystem> {
  const prefix = uniquePrefix(label);
  const amqpUrl = testAmqpUrl();
  const bookingsConfig = loadConfig(
    BookingsConfig,
    {},
    {
      port: 0,
      databaseUrl: databaseUrl(`${prefix}_bookings`),
      amqpUrl,
      bookingsExchange: `${prefix}.bookings.events`,
      coordinatorExchange: `${prefix}.coordinator.events`,
      coordinatorOutcomesQueue: `${prefix}.bookings.coordinator-outcomes`,
      consumerRetryDelaysMs: [200, 400],
      outboxPollIntervalMs: 200,
      rateLimitPerMinute: 0,
      ...overrides.bookings,
    },
  );
  const coordinatorConfig = loadConfig(
    CoordinatorConfig,
    {},
    {
      port: 0,
      databaseUrl: databaseUrl(`${prefix}_coordinator`),
      amqpUrl,
      bookingsExchange: bookingsConfig.bookingsExchange,
      coordinatorExchange: bookingsConfig.coordinatorExchange,
      bookingCreatedQueue: `${prefix}.coordinator.booking-created`,
      consumerRetryDelaysMs: [200, 400],
      outboxPollIntervalMs: 200,
      rateLimitPerMinute: 0,
      ...overrides.coordinator,
    },
  );

  const bookings = await startBookingsApp(bookingsConfig, { logger: ['error'] });
  let coordinator: INestApplication | undefined = await startCoordinatorApp(coordinatorConfig, { logger: ['error'] });
  // Calendar dates as the API shows them ('2030-06-15'), not as midnight Dates in the test's time zone.
  const dateAsText = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === types.builtins.DATE ? (value: string) => value : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
  };
  const coordinatorDb = new Pool({ connectionString: coordinatorConfig.databaseUrl, max: 4, types: dateAsText });
  const bookingsDb = new Pool({ connectionString: bookingsConfig.databaseUrl, max: 2, types: dateAsText });

  return {
    bookingsUrl: await bookings.getUrl(),
    coordinatorUrl: () => (coordinator ? coordinator.getUrl() : Promise.reject(new Error('coordinator stopped'))),
    bookingsConfig,
    coordinatorConfig,
    coordinatorDb,
    bookingsDb,
    coordinator: () => {
      if (!coordinator) throw new Error('the coordinator service is stopped');
      return coordinator;
    },
    async stopCoordinator() {
      await coordinator?.close();
      coordinator = undefined;
    },
    async startCoordinator() {
      coordinator ??= await startCoordinatorApp(coordinatorConfig, { logger: ['error'] });
    },
    async close() {
      await coordinator?.close();
      await bookings.close();
      await coordinatorDb.end();
      await bookingsDb.end();
      await deleteBrokerObjects(
        [bookingsConfig.bookingsExchange, coordinatorConfig.coordinatorExchange],
        [
          ...consumerQueueNames(bookingCreatedTopology(coordinatorConfig)),
          ...consumerQueueNames(coordinatorOutcomesTopology(bookingsConfig)),
        ],
      );
      await dropDatabases(bookingsConfig.databaseUrl, coordinatorConfig.databaseUrl);
    },
  };
}
