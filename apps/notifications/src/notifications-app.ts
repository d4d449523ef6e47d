// Builds and starts the notification service (delivery log API + the coordinator-events consumer + the email
// dispatcher); used by main.ts and the e2e tests. It listens at once: the consumer reaches the broker in the
// background, whenever it is there, and emails wait in the database while the SMTP server is away.
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger, configureHttp, ensureDatabase, nestLoggerOptions, useAppLogger } from '@wedding/infrastructure';
import { startConsumer } from '@wedding/messaging';
import { AppModule } from './app.module';
import { NotificationsConfig } from './config';
import { Clock } from './reminders/clock';

export async function startNotificationsApp(
  config: NotificationsConfig,
  { logger = ['log', 'warn', 'error'] as AppLogger, clock }: { logger?: AppLogger; clock?: Clock } = {},
): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  const app = await NestFactory.create(AppModule.forRoot(config, logger, { clock }), { bodyParser: false, ...nestLoggerOptions(logger) });
  useAppLogger(app, logger);
  configureHttp(app, {
    title: 'Notification service',
    description: "Emails about a coordinator's new weddings and failed integrations; the coordinator's delivery log and settings.",
    settings: config,
  });
  await startConsumer(app);
  await app.listen(config.port, config.host);
  return app;
}
