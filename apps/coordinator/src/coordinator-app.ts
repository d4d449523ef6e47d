// Builds and starts the coordinator service (HTTP API + BookingCreated consumer); used by main.ts and the e2e tests.
// It listens at once: the consumer and the relay reach the broker in the background, whenever it is there.
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger, configureHttp, ensureDatabase, nestLoggerOptions, useAppLogger } from '@wedding/infrastructure';
import { eventCatalogue, startConsumer } from '@wedding/messaging';
import { AppModule } from './app.module';
import { coordinatorEvents } from './topology';
import { CoordinatorConfig } from './config';
import { serveDashboardApp } from './dashboard/serve-dashboard-app';

export async function startCoordinatorApp(
  config: CoordinatorConfig,
  { logger = ['log', 'warn', 'error'] as AppLogger } = {},
): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  const app = await NestFactory.create(AppModule.forRoot(config, logger), { bodyParser: false, ...nestLoggerOptions(logger) });
  useAppLogger(app, logger);
  configureHttp(app, {
    title: 'Coordinator service',
    description: "A coordinator's clients, weddings, milestones and activity; filled automatically from bookings.",
    settings: config,
    events: eventCatalogue('Coordinator service events', [coordinatorEvents(config)]),
  });
  serveDashboardApp(app, config);
  await startConsumer(app);
  await app.listen(config.port, config.host);
  return app;
}
