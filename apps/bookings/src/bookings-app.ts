// Builds and starts the bookings service (HTTP API + coordinator-outcome consumer); used by main.ts and the tests.
// It listens at once: the relay and the consumer reach the broker in the background, whenever it is there.
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger, configureHttp, ensureDatabase, nestLoggerOptions, useAppLogger } from '@wedding/infrastructure';
import { eventCatalogue, startConsumer } from '@wedding/messaging';
import { AppModule } from './app.module';
import { bookingsEvents } from './topology';
import { BookingsConfig } from './config';

export async function startBookingsApp(
  config: BookingsConfig,
  { logger = ['log', 'warn', 'error'] as AppLogger } = {},
): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  const app = await NestFactory.create(AppModule.forRoot(config, logger), { bodyParser: false, ...nestLoggerOptions(logger) });
  useAppLogger(app, logger);
  configureHttp(app, {
    title: 'Bookings service',
    description: 'Vendors and booking requests from the marketplace; each booking is announced as BookingCreated.',
    settings: config,
    events: eventCatalogue('Bookings service events', [bookingsEvents(config)]),
    // The marketplace's booking client reads `success` on every answer.
    errorFields: { success: false },
  });
  await startConsumer(app);
  await app.listen(config.port, config.host);
  return app;
}
