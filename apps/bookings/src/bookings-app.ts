// Builds and starts the bookings service (HTTP API + coordinator-outcome consumer); used by main.ts and the tests.
import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttp, ensureDatabase } from '@wedding/infrastructure';
import { startConsumer } from '@wedding/messaging';
import { AppModule } from './app.module';
import { BookingsConfig } from './config';
import { coordinatorOutcomesTopology } from './integration/coordinator-outcomes.topology';

export async function startBookingsApp(
  config: BookingsConfig,
  { logger = ['log', 'warn', 'error'] as LoggerService | LogLevel[] | false } = {},
): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger });
  configureHttp(app, {
    title: 'Bookings service',
    description: 'Vendors and booking requests from the marketplace; each booking is announced as BookingCreated.',
    settings: config,
    // The marketplace's booking client reads `success` on every answer.
    errorFields: { success: false },
  });
  await startConsumer(app, {
    url: config.amqpUrl,
    topology: coordinatorOutcomesTopology(config),
    prefetchCount: config.consumerPrefetch,
  });
  await app.listen(config.port, config.host);
  return app;
}
