// Every setting of the notification service, with the default used for local runs (see README, "Configuration").
import { ArrayMaxSize, ArrayMinSize, IsInt, IsNumber, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, registerDecorator, ValidateIf } from 'class-validator';
import { Env, NotLongerThan, Secret, ServiceSettings } from '@wedding/infrastructure';
import { mailFromAddress } from './email/mail-from';
import { parseTargets } from './webhooks/target-address';
import { parseQuietHours } from './sms/quiet-hours';

/** For local runs and tests only; refused when NODE_ENV is production (like any secret under 32 bytes). */
export const DEVELOPMENT_WEBHOOK_SECRETS_KEY = 'local-development-webhook-secrets-key-change-me-in-production';

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

  // ---------------------------------------------------------------- abuse limits
  /** POST /api/notifications/:id/resend: resends of one notification in any hour; one more answers 429. */
  @Env('RESEND_MAX_PER_NOTIFICATION_PER_HOUR') @IsInt() @Min(1) resendMaxPerNotificationPerHour = 3;
  /** Resends by one coordinator, of all its notifications, in any hour; one more answers 429. */
  @Env('RESEND_MAX_PER_COORDINATOR_PER_HOUR') @IsInt() @Min(1) resendMaxPerCoordinatorPerHour = 30;

  // ---------------------------------------------------------------- webhooks
  /** Webhook endpoints one coordinator may have; registering one more answers 409. */
  @Env('WEBHOOK_MAX_ENDPOINTS_PER_COORDINATOR') @IsInt() @Min(1) webhookMaxEndpointsPerCoordinator = 20;
  /** One delivery attempt, connection to the end of the answer; past it the attempt failed and is retried. */
  @Env('WEBHOOK_TIMEOUT_MS') @IsInt() @Min(100) @Max(120_000) webhookTimeoutMs = 15_000;
  /** After a failed attempt the next waits the next delay, ±20 % jitter; after the last, `failed`. */
  @Env('WEBHOOK_RETRY_DELAYS_MS') @ArrayMinSize(0) @ArrayMaxSize(20) @IsInt({ each: true }) @Min(1, { each: true })
  webhookRetryDelaysMs: number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
  /** An endpoint that has only failed for this long (no success since its first failure) is disabled. */
  @Env('WEBHOOK_DISABLE_AFTER_S') @IsInt() @Min(1) webhookDisableAfterS = 5 * 24 * 3600;
  /**
   * Addresses or CIDR ranges (`127.0.0.1/32, 10.1.0.0/16`) an endpoint may reach despite being private, for local
   * development and tests; plain http is allowed to them only. Empty: public https endpoints only.
   */
  @Env('WEBHOOK_ALLOWED_PRIVATE_TARGETS') @IsTargetList() webhookAllowedPrivateTargets = '';
  /** Encrypts the endpoints' signing secrets in the database (webhook-secret-cipher.ts); losing it loses them. */
  @Env('WEBHOOK_SECRETS_KEY') @Secret() @IsString() @MinLength(32) webhookSecretsKey = DEVELOPMENT_WEBHOOK_SECRETS_KEY;
  /** Keys that encrypted secrets before WEBHOOK_SECRETS_KEY, separated by commas: still read, re-encrypted at start-up. */
  @Env('WEBHOOK_SECRETS_PREVIOUS_KEYS') @Secret({ optional: true, list: true }) @IsString() webhookSecretsPreviousKeys = '';

  // ---------------------------------------------------------------- SMS
  // Off until SMS_PROVIDER_URL is set. A Semaphore-style API: POST apikey, number, message, sendername.
  /** e.g. `https://api.semaphore.co/api/v4/messages`; empty: no SMS is planned or sent. */
  @Env('SMS_PROVIDER_URL') @ValidateIf((c: NotificationsConfig) => c.smsProviderUrl !== '')
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'SMS_PROVIDER_URL must be an http(s) URL or empty' })
  smsProviderUrl = '';
  @Env('SMS_API_KEY') @IsString() smsApiKey = '';
  /** The sender name the recipient sees (registered with the provider); empty: the provider's default. */
  @Env('SMS_SENDER_NAME') @IsString() @MaxLength(11) smsSenderName = '';
  /** `HH:MM-HH:MM` in MARKETPLACE_TIME_ZONE (across midnight when the start is later), or `off`. */
  @Env('SMS_QUIET_HOURS') @IsQuietHours() smsQuietHours = '21:00-07:00';
  /** The spending guard: SMS per coordinator per marketplace day; beyond it a message is `skipped`. */
  @Env('SMS_MAX_PER_DAY') @IsInt() @Min(0) smsMaxPerDay = 50;
  /** A request unanswered after this is of unknown outcome (`unknown`, never resent); a send claims its SMS for 2 × this + 10 s. */
  @Env('SMS_TIMEOUT_MS') @IsInt() @Min(100) smsTimeoutMs = 10_000;
  /** The shared secret of the provider's inbound callback (STOP/START replies); empty: every callback is refused. */
  @Env('SMS_INBOUND_SECRET') @Secret({ optional: true }) @IsString() smsInboundSecret = '';
  /** After a failure known to precede delivery (connection refused, DNS, 429), the next attempt waits the next delay. */
  @Env('SMS_RETRY_DELAYS_MS') @ArrayMinSize(0) @ArrayMaxSize(20) @IsInt({ each: true }) @Min(1, { each: true })
  smsRetryDelaysMs: number[] = [30_000, 120_000, 600_000, 1_800_000, 3_600_000];
  /** How often due SMS are looked for when nobody wakes the dispatcher (retries, the end of the quiet hours). */
  @Env('SMS_POLL_INTERVAL_MS') @IsInt() @Min(10) smsPollIntervalMs = 1000;
  /** A confirmation code is valid this long after it is texted. */
  @Env('SMS_CONFIRMATION_CODE_TTL_S') @IsInt() @Min(60) @Max(86_400) smsConfirmationCodeTtlS = 900;
  /** Wrong entries of one confirmation code before it is used up (a new code is needed). */
  @Env('SMS_CONFIRMATION_MAX_ATTEMPTS') @IsInt() @Min(1) @Max(20) smsConfirmationMaxAttempts = 5;
  /** Confirmation codes one coordinator may ask for in any hour (each is an SMS, counted in SMS_MAX_PER_DAY too). */
  @Env('SMS_CONFIRMATIONS_PER_HOUR') @IsInt() @Min(1) smsConfirmationsPerHour = 3;
  /** Confirmation codes texted to one number in any 24 hours, whoever asks: a number is not texted at will. */
  @Env('SMS_CONFIRMATIONS_PER_NUMBER_PER_DAY') @IsInt() @Min(1) smsConfirmationsPerNumberPerDay = 5;

  // ---------------------------------------------------------------- milestone reminders
  /** A milestone's first reminder comes this many days before its due date (the second on the day), at 09:00. */
  @Env('REMINDER_LEAD_DAYS') @IsInt() @Min(1) @Max(365) reminderLeadDays = 3;
  /** How often the reminder scheduler looks for reminders whose time has come. */
  @Env('REMINDER_POLL_INTERVAL_MS') @IsInt() @Min(10) reminderPollIntervalMs = 60_000;

  // ---------------------------------------------------------------- retention (beside MESSAGE_RETENTION_DAYS)
  // Swept every MESSAGE_RETENTION_SWEEP_INTERVAL_MS with the inbox; decimals allowed, 0 turns a step off.
  /**
   * A notification done this long loses its recipient, subject or text, payload, error and replies. A month: the
   * coordinator can still see who got what, answer a couple's "I never got it" and resend; a person's address and
   * what was said to them are not kept for longer than that serves (data minimisation, as the Data Privacy Act and
   * the GDPR ask). Also how long after its day a wedding's projection (the couple's name) stays for the reminders.
   */
  @Env('PERSONAL_DATA_RETENTION_DAYS') @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  @NotLongerThan('notificationRetentionDays', 'NOTIFICATION_RETENTION_DAYS')
  personalDataRetentionDays = 30;
  /**
   * A notification done this long is deleted with its attempts (what is left after the scrub: channel, template,
   * status, attempt times and codes); a fired or cancelled reminder this long after its wedding's day. Half a year:
   * a season's delivery statistics and disputes, in a table that stops growing. At least a day when on, so that a
   * resend rate limit reading the day's resends still finds them.
   */
  @Env('NOTIFICATION_RETENTION_DAYS') @IsNumber({ allowNaN: false, allowInfinity: false }) @ZeroOrAtLeast(1)
  notificationRetentionDays = 180;
}

/** 0 (off), or at least `minimum`. */
function ZeroOrAtLeast(minimum: number): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'zeroOrAtLeast',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be 0 (keep everything) or at least ${minimum}` },
      validator: { validate: (value: unknown) => typeof value === 'number' && (value === 0 || value >= minimum) },
    });
}

/** A comma-separated list of IP addresses and CIDR ranges (read as a string: an empty list has no item type). */
function IsTargetList(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTargetList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'WEBHOOK_ALLOWED_PRIVATE_TARGETS must be IP addresses or CIDR ranges, separated by commas' },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseTargets(value) !== undefined },
    });
}

function IsQuietHours(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isQuietHours',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'SMS_QUIET_HOURS must be HH:MM-HH:MM (e.g. 21:00-07:00) or off' },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseQuietHours(value) !== undefined },
    });
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
