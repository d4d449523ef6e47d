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
import { Clock } from './clock';
import { NotificationsConfig } from './config';
import { overtakenMetrics } from './delivery/claim-lease';
import { EmailDispatcher } from './delivery/email-dispatcher';
import { SmtpMailer } from './delivery/smtp-mailer';
import { DeliveryLogController } from './delivery-log/delivery-log.controller';
import { DeliveryLogService } from './delivery-log/delivery-log.service';
import { notificationRetention } from './delivery-log/notification-retention';
import { CoordinatorEventsConsumer } from './intake/coordinator-events.consumer';
import { EVENT_CHANNELS } from './intake/event-channels';
import { NotificationIntakeService } from './intake/notification-intake.service';
import { CreateNotificationsSchema1765000000000 } from './migrations/1765000000000-create-notifications-schema';
import { NotificationTraceContext1765100000000 } from './migrations/1765100000000-notification-trace-context';
import { NotificationChannels1765150000000 } from './migrations/1765150000000-notification-channels';
import { WebhookEndpoints1765200000000 } from './migrations/1765200000000-webhook-endpoints';
import { SmsConsents1765300000000 } from './migrations/1765300000000-sms-consents';
import { MilestoneReminders1765400000000 } from './migrations/1765400000000-milestone-reminders';
import { NotificationClaimTokens1766200000000 } from './migrations/1766200000000-notification-claim-tokens';
import { RateLimitBuckets1766300000000 } from './migrations/1766300000000-rate-limit-buckets';
import { SmsConfirmations1766310000000 } from './migrations/1766310000000-sms-confirmations';
import { NotificationRetention1766500000000 } from './migrations/1766500000000-notification-retention';
import { SmsConfirmationRetention1766520000000 } from './migrations/1766520000000-sms-confirmation-retention';
import { REMINDER_CHANNELS, ReminderChannel } from './reminders/due-reminder';
import { EmailReminderChannel } from './reminders/email-reminder.channel';
import { MilestoneProjection } from './reminders/milestone-projection';
import { reminderRetention } from './reminders/reminder-retention';
import { ReminderScheduler } from './reminders/reminder-scheduler';
import { NotificationSettingsController } from './settings/notification-settings.controller';
import { NotificationSettingsReader } from './settings/notification-settings-reader';
import { parseQuietHours } from './sms/quiet-hours';
import { SemaphoreSmsSender } from './sms/semaphore-sms-sender';
import { smsCapRetention } from './sms/sms-cap-retention';
import { smsConfirmationRetention } from './sms/sms-confirmation-retention';
import { SmsConfirmationController } from './sms/sms-confirmation.controller';
import { SmsConfirmations } from './sms/sms-confirmations';
import { SmsDispatcher } from './sms/sms-dispatcher';
import { SmsEventChannel } from './sms/sms-event-channel';
import { SmsInboundController } from './sms/sms-inbound.controller';
import { SmsInboundSecretGuard } from './sms/sms-inbound-secret.guard';
import { SmsPlanner } from './sms/sms-planner';
import { SmsReminderChannel } from './sms/sms-reminder-channel';
import { SMS_SENDER, SmsSender } from './sms/sms-sender';
import { notificationsTopology } from './topology';
import { parseTargets } from './webhooks/target-address';
import { WebhookEventChannel, WebhookReminderChannel } from './webhooks/webhook-deliveries';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookEndpointsController } from './webhooks/webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhooks/webhook-endpoints.service';
import { WebhookSecretCipher } from './webhooks/webhook-secret-cipher';
import { WebhookSecretSealing } from './webhooks/webhook-secret-sealing';
import { WebhookSender } from './webhooks/webhook-sender';
import { HostResolver, WebhookTargets } from './webhooks/webhook-targets';

@Module({})
export class AppModule {
  /** `clock`: the time reminders go by (tests set their own). */
  static forRoot(config: NotificationsConfig, logger: AppLogger = 'pino', { clock = new Clock() }: { clock?: Clock } = {}): DynamicModule {
    const limits = rateLimiting(config.rateLimitPerMinute);
    const observed = observability(config, { service: 'notifications', logger });
    const webhookSecrets = new WebhookSecretCipher(config.webhookSecretsKey, config.webhookSecretsPreviousKeys);
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
            WebhookEndpoints1765200000000,
            SmsConsents1765300000000,
            MilestoneReminders1765400000000,
            NotificationClaimTokens1766200000000,
            RateLimitBuckets1766300000000,
            SmsConfirmations1766310000000,
            NotificationRetention1766500000000,
            SmsConfirmationRetention1766520000000,
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
        // Before the delivery log: /api/notifications/settings and /webhooks are not notification ids.
        NotificationSettingsController,
        WebhookEndpointsController,
        SmsInboundController,
        SmsConfirmationController,
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
          useFactory: () => new SmtpMailer({
              smtpUrl: config.smtpUrl,
              mailFrom: config.mailFrom,
              timeoutMs: config.smtpTimeoutMs,
              maxConnections: config.emailConcurrency,
            }),
        },
        {
          provide: EmailDispatcher,
          inject: [DataSource, SmtpMailer, Metrics],
          useFactory: (dataSource: DataSource, mailer: SmtpMailer, metrics: Metrics) =>
            new EmailDispatcher(dataSource, mailer, {
              sends: notificationMetrics(metrics),
              overtaken: overtakenMetrics(metrics),
              concurrency: config.emailConcurrency,
              pollIntervalMs: config.emailPollIntervalMs,
              retryDelaysMs: config.emailRetryDelaysMs,
              // An SMTP conversation is bounded by its timeouts (connection, greeting, then each command's answer).
              claimSeconds: Math.max(10, (4 * config.smtpTimeoutMs) / 1000),
              dashboardUrl: config.dashboardUrl,
            }),
        },
        HostResolver,
        {
          provide: WebhookTargets,
          inject: [HostResolver],
          useFactory: (resolver: HostResolver) => new WebhookTargets(resolver, parseTargets(config.webhookAllowedPrivateTargets) ?? []),
        },
        {
          provide: WebhookSender,
          inject: [WebhookTargets],
          useFactory: (targets: WebhookTargets) => new WebhookSender(targets, config.webhookTimeoutMs),
        },
        {
          provide: WebhookDispatcher,
          inject: [DataSource, WebhookSender, EmailDispatcher, Metrics],
          useFactory: (dataSource: DataSource, sender: WebhookSender, emails: EmailDispatcher, metrics: Metrics) =>
            new WebhookDispatcher(dataSource, sender, emails, {
              sends: notificationMetrics(metrics),
              overtaken: overtakenMetrics(metrics),
              concurrency: 10,
              pollIntervalMs: 500,
              retryDelaysMs: config.webhookRetryDelaysMs,
              claimSeconds: Math.max(10, (2 * config.webhookTimeoutMs) / 1000),
              disableAfterS: config.webhookDisableAfterS,
              mailFrom: config.mailFrom,
              dashboardUrl: config.dashboardUrl,
              secrets: webhookSecrets,
            }),
        },
        { provide: WebhookSecretCipher, useValue: webhookSecrets },
        // Before the dispatcher starts: plaintext secrets of an older version, or a previous key's, sealed anew.
        WebhookSecretSealing,
        WebhookEndpointsService,
        WebhookEventChannel,
        // Fired by the reminder scheduler (REMINDER_CHANNELS).
        WebhookReminderChannel,
        {
          provide: SMS_SENDER,
          useFactory: (): SmsSender =>
            new SemaphoreSmsSender({
              url: config.smsProviderUrl,
              apiKey: config.smsApiKey,
              senderName: config.smsSenderName,
              timeoutMs: config.smsTimeoutMs,
            }),
        },
        {
          provide: SmsDispatcher,
          inject: [DataSource, SMS_SENDER, Clock, Metrics, SmsConfirmations],
          useFactory: (dataSource: DataSource, sender: SmsSender, clock: Clock, metrics: Metrics, confirmations: SmsConfirmations) =>
            new SmsDispatcher(dataSource, sender, clock, {
              confirmations,
              sends: notificationMetrics(metrics),
              overtaken: overtakenMetrics(metrics),
              concurrency: 5,
              pollIntervalMs: config.smsPollIntervalMs,
              retryDelaysMs: config.smsRetryDelaysMs,
              // One request, bounded by its timeout, then the outcome is recorded.
              claimSeconds: (2 * config.smsTimeoutMs) / 1000 + 10,
              quietHours: parseQuietHours(config.smsQuietHours) ?? null,
              timeZone: config.timeZone,
              maxPerDay: config.smsMaxPerDay,
            }),
        },
        SmsPlanner,
        SmsConfirmations,
        NotificationSettingsReader,
        SmsEventChannel,
        // For REMINDER_CHANNELS (the reminder scheduler's list).
        SmsReminderChannel,
        SmsInboundSecretGuard,
        // The channels besides email that events are planned for (webhooks, SMS), in this order.
        {
          provide: EVENT_CHANNELS,
          inject: [WebhookEventChannel, SmsEventChannel],
          useFactory: (webhooks: WebhookEventChannel, sms: SmsEventChannel) => [webhooks, sms],
        },
        NotificationIntakeService,
        DeliveryLogService,
        { provide: Clock, useValue: clock },
        MilestoneProjection,
        EmailReminderChannel,
        // The channels a due milestone reminder is sent through: email, the coordinator.milestone.due webhook, SMS.
        {
          provide: REMINDER_CHANNELS,
          useFactory: (...channels: ReminderChannel[]) => channels,
          inject: [EmailReminderChannel, WebhookReminderChannel, SmsReminderChannel],
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
          // Swept with the inbox: the delivery log (personal data first), the reminders, the SMS cap's days, the ended
          // requests for confirmation codes.
          retention: [...notificationRetention(config), ...reminderRetention(config), ...smsCapRetention(config), ...smsConfirmationRetention(config)],
        }),
      ],
    };
  }
}
