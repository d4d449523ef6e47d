// Both services in this process, on their own databases and broker names, talking over real HTTP, AMQP and SQL.
import { INestApplication } from '@nestjs/common';
import { Pool, types } from 'pg';
import { loadConfig } from '@wedding/infrastructure';
import { databaseUrl, deleteTopologies, dropDatabases, expectEventually, requestJson, testAmqpUrl, uniquePrefix } from '@wedding/testing';
import { startBookingsApp } from '../../bookings/src/bookings-app';
import { BookingsConfig } from '../../bookings/src/config';
import { bookingsTopology } from '../../bookings/src/topology';
import { CoordinatorConfig } from '../src/config';
import { startCoordinatorApp } from '../src/coordinator-app';
import { coordinatorTopology } from '../src/topology';

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
  /** With these settings changed from the system's (e.g. another retry ladder); they stay for later restarts. */
  startCoordinator(overrides?: Partial<CoordinatorConfig>): Promise<void>;
  close(): Promise<void>;
}

export interface TestSystemOverrides {
  coordinator?: Partial<CoordinatorConfig>;
  bookings?: Partial<BookingsConfig>;
}

export async function startTestSystem(label: string, overrides: TestSystemOverrides = {}): Promise<TestSystem> {
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

  // Every coordinator topology declared (a restart may change the retry ladder): all are deleted at the end.
  const declared = [coordinatorTopology(coordinatorConfig)];
  const bookings = await startBookingsApp(bookingsConfig, { logger: ['error'] });
  // Services start without waiting for the broker; a test's first booking must find the coordinator's queue bound.
  const startCoordinator = async () => {
    const app = await startCoordinatorApp(coordinatorConfig, { logger: ['error'] });
    const url = await app.getUrl();
    await expectEventually(async () => expect((await requestJson('GET', `${url}/health/ready`)).status).toBe(200), {
      timeoutMs: 30_000,
    });
    return app;
  };
  let coordinator: INestApplication | undefined = await startCoordinator();
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
    async startCoordinator(changes = {}) {
      Object.assign(coordinatorConfig, changes);
      declared.push(coordinatorTopology(coordinatorConfig));
      coordinator ??= await startCoordinator();
    },
    async close() {
      await coordinator?.close();
      await bookings.close();
      await coordinatorDb.end();
      await bookingsDb.end();
      await deleteTopologies(bookingsTopology(bookingsConfig), ...declared);
      await dropDatabases(bookingsConfig.databaseUrl, coordinatorConfig.databaseUrl);
    },
  };
}
