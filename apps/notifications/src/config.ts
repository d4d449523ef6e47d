// Every setting of the notification service, with the default used for local runs (see README, "Configuration").
import { ArrayMaxSize, ArrayMinSize, IsInt, IsString, IsUrl, Matches, Max, Min, registerDecorator } from 'class-validator';
import { Env, ServiceSettings } from '@wedding/infrastructure';
import { mailFromAddress } from './email/mail-from';

/** Also the shared settings of ServiceSettings (AMQP_URL, QUEUE_TYPE, CONSUMER_*, JWT_*, MARKETPLACE_TIME_ZONE, …). */
export class NotificationsConfig extends ServiceSettings {
  @Env('NOTIFICATIONS_PORT') @IsInt() @Min(0) @Max(65535) port = 3003;
  @Env('NOTIFICATIONS_DATABASE_URL') @IsString() databaseUrl = 'postgres://postgres@127.0.0.1:5432/notifications';
  @Env('NOTIFICATIONS_DATABASE_POOL_SIZE') @IsInt() @Min(3) databasePoolSize = 10;
  /** Where the service hears of the coordinator's new weddings and failed integrations. */
  @Env('NOTIFICATIONS_QUEUE') @IsString() notificationsQueue = 'notifications.coordinator-events';

  /** `smtp://user:pass@host:587` (STARTTLS when the server offers it) or `smtps://…:465`; MailDev's by default. */
  @Env('SMTP_URL') @Matches(/^smtps?:\/\/[^\s/?#]+\/?(\?[^\s#]*)?$/, { message: 'SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://…' })
  smtpUrl = 'smtp://127.0.0.1:1025';
  /** The sender of every email, `Name <address>`; its domain names the emails' Message-IDs. */
  @Env('MAIL_FROM') @IsMailFrom() mailFrom = 'Wedding Coordinator <notifications@localhost>';
  /** The coordinator's dashboard, for the link to the wedding in the email. */
  @Env('DASHBOARD_URL') @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  dashboardUrl = 'http://127.0.0.1:3002/dashboard/';

  /** After a 4xx answer or a connection error, the next attempt waits the next delay; after the last, `failed`. */
  @Env('EMAIL_RETRY_DELAYS_MS') @ArrayMinSize(0) @ArrayMaxSize(20) @IsInt({ each: true }) @Min(1, { each: true })
  emailRetryDelaysMs: number[] = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];
  /** How often due emails are looked for when nobody wakes the dispatcher (retries, another instance's rows). */
  @Env('EMAIL_POLL_INTERVAL_MS') @IsInt() @Min(10) emailPollIntervalMs = 1000;
  /** Emails one instance sends at once. */
  @Env('EMAIL_CONCURRENCY') @IsInt() @Min(1) @Max(100) emailConcurrency = 5;
  /** Connection, greeting and socket timeout of an SMTP conversation; a send claims its email for 4 × this. */
  @Env('SMTP_TIMEOUT_MS') @IsInt() @Min(100) smtpTimeoutMs = 30_000;

  /** A milestone's first reminder comes this many days before its due date (the second on the day), at 09:00. */
  @Env('REMINDER_LEAD_DAYS') @IsInt() @Min(1) @Max(365) reminderLeadDays = 3;
  /** How often the reminder scheduler looks for reminders whose time has come. */
  @Env('REMINDER_POLL_INTERVAL_MS') @IsInt() @Min(10) reminderPollIntervalMs = 60_000;
}

function IsMailFrom(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMailFrom',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'MAIL_FROM must be one address, e.g. "Wedding Coordinator <notifications@example.com>"' },
      validator: { validate: (value: unknown) => typeof value === 'string' && mailFromAddress(value) !== undefined },
    });
}
