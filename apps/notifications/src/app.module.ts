import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppLogger,
  CoordinatorGuard,
  databaseModule,
  HealthController,
  Metrics,
  notificationMetrics,
  observability,
  rateLimiting,
  TokenVerifier,
} from '@wedding/infrastructure';
import { messagingProviders } from '@wedding/messaging';
import { NotificationsConfig } from './config';
import { EmailDispatcher } from './delivery/email-dispatcher';
import { SmtpMailer } from './delivery/smtp-mailer';
import { DeliveryLogController } from './delivery-log/delivery-log.controller';
import { DeliveryLogService } from './delivery-log/delivery-log.service';
import { CoordinatorEventsConsumer } from './intake/coordinator-events.consumer';
import { EVENT_CHANNELS } from './intake/event-channels';
import { NotificationIntakeService } from './intake/notification-intake.service';
import { CreateNotificationsSchema1765000000000 } from './migrations/1765000000000-create-notifications-schema';
import { NotificationTraceContext1765100000000 } from './migrations/1765100000000-notification-trace-context';
import { NotificationChannels1765150000000 } from './migrations/1765150000000-notification-channels';
import { MilestoneReminders1765400000000 } from './migrations/1765400000000-milestone-reminders';
import { Clock } from './reminders/clock';
import { REMINDER_CHANNELS, ReminderChannel } from './reminders/due-reminder';
import { EmailReminderChannel } from './reminders/email-reminder.channel';
import { MilestoneProjection } from './reminders/milestone-projection';
import { ReminderScheduler } from './reminders/reminder-scheduler';
import { NotificationSettingsController } from './settings/notification-settings.controller';
import { notificationsTopology } from './topology';

@Module({})
export class AppModule {
  /** `clock`: the time reminders go by (tests set their own). */
  static forRoot(config: NotificationsConfig, logger: AppLogger = 'pino', { clock = new Clock() }: { clock?: Clock } = {}): DynamicModule {
    const limits = rateLimiting(config.rateLimitPerMinute);
    const observed = observability(config, { service: 'notifications', logger });
    return {
      module: AppModule,
      imports: [
        databaseModule({
          url: config.databaseUrl,
          entities: [],
          migrations: [
            CreateNotificationsSchema1765000000000,
            NotificationTraceContext1765100000000,
            NotificationChannels1765150000000,
            MilestoneReminders1765400000000,
          ],
          poolSize: config.databasePoolSize,
          statementTimeoutMs: config.databaseStatementTimeoutMs,
          idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs,
          applicationName: 'notifications',
        }),
        ...observed.imports,
        ...limits.imports,
      ],
      controllers: [
        CoordinatorEventsConsumer,
        // Before the delivery log: /api/notifications/settings is not a notification id.
        NotificationSettingsController,
        DeliveryLogController,
        HealthController,
        ...observed.controllers,
      ],
      providers: [
        ...limits.providers,
        ...observed.providers,
        { provide: NotificationsConfig, useValue: config },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(config) },
        CoordinatorGuard,
        {
          provide: SmtpMailer,
          useFactory: () => new SmtpMailer({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, timeoutMs: config.smtpTimeoutMs }),
        },
        {
          provide: EmailDispatcher,
          inject: [DataSource, SmtpMailer, Metrics],
          useFactory: (dataSource: DataSource, mailer: SmtpMailer, metrics: Metrics) =>
            new EmailDispatcher(dataSource, mailer, {
              sends: notificationMetrics(metrics),
              concurrency: config.emailConcurrency,
              pollIntervalMs: config.emailPollIntervalMs,
              retryDelaysMs: config.emailRetryDelaysMs,
              // An SMTP conversation is bounded by its timeouts (connection, greeting, then each command's answer).
              claimSeconds: Math.max(10, (4 * config.smtpTimeoutMs) / 1000),
              dashboardUrl: config.dashboardUrl,
            }),
        },
        // The channels besides email that events are planned for (webhooks, SMS), in this order.
        { provide: EVENT_CHANNELS, useFactory: () => [] },
        NotificationIntakeService,
        DeliveryLogService,
        { provide: Clock, useValue: clock },
        MilestoneProjection,
        EmailReminderChannel,
        // The channels a due milestone reminder is sent through.
        {
          provide: REMINDER_CHANNELS,
          useFactory: (...channels: ReminderChannel[]) => channels,
          inject: [EmailReminderChannel],
        },
        {
          provide: ReminderScheduler,
          inject: [DataSource, Clock, REMINDER_CHANNELS, Metrics],
          useFactory: (dataSource: DataSource, clock: Clock, channels: ReminderChannel[], metrics: Metrics) =>
            new ReminderScheduler(dataSource, clock, channels, {
              pollIntervalMs: config.reminderPollIntervalMs,
              batchSize: 50,
              claimSeconds: 60,
              metrics,
            }),
        },
        // Without its consumer the service hears of no wedding: not ready. It publishes nothing (no relay, no outbox).
        ...messagingProviders(config, {
          topology: notificationsTopology(config),
          consumerRequiredForReadiness: true,
          databasePoolSize: config.databasePoolSize,
        }),
      ],
    };
  }
}
