// Builds and starts the notification service (delivery log API + the coordinator-events consumer + the email
// dispatcher); used by main.ts and the e2e tests. It listens at once: the consumer reaches the broker in the
// background, whenever it is there, and emails wait in the database while the SMTP server is away.
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { urlencoded } from 'express';
import { AppLogger, configureHttp, ensureDatabase, nestLoggerOptions, useAppLogger } from '@wedding/infrastructure';
import { startConsumer } from '@wedding/messaging';
import { AppModule } from './app.module';
import { NotificationsConfig } from './config';
import { Clock } from './clock';

export async function startNotificationsApp(
  config: NotificationsConfig,
  { logger = ['log', 'warn', 'error'] as AppLogger, clock }: { logger?: AppLogger; clock?: Clock } = {},
): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  const app = await NestFactory.create(AppModule.forRoot(config, logger, { clock }), { bodyParser: false, ...nestLoggerOptions(logger) });
  useAppLogger(app, logger);
  // The SMS provider's inbound callback may post a form (the rest of the API is JSON only).
  app.use('/api/notifications/sms/inbound', urlencoded({ extended: false, limit: '16kb' }));
  configureHttp(app, {
    title: 'Notification service',
    description: "Emails and SMS about a coordinator's new weddings and failed integrations; the coordinator's delivery log and settings; the SMS provider's callback.",
    settings: config,
  });
  await startConsumer(app);
  await app.listen(config.port, config.host);
  return app;
}
