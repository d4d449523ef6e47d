// Every setting of the coordinator service, with the default used for local runs (see README, "Configuration").
import { IsInt, IsNumber, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { Env, NotLongerThan, Secret, ServiceSettings } from '@wedding/infrastructure';

/** For local runs and tests only; refused when NODE_ENV is production (like any secret under 32 bytes). */
export const DEVELOPMENT_CALENDAR_FEED_KEY = 'local-development-calendar-key-change-me-in-production';

/** Also the shared settings of ServiceSettings (AMQP_URL, QUEUE_TYPE, CONSUMER_*, OUTBOX_*, JWT_*, …). */
export class CoordinatorConfig extends ServiceSettings {
  @Env('COORDINATOR_PORT') @IsInt() @Min(0) @Max(65535) port = 3002;
  @Env('COORDINATOR_DATABASE_URL') @IsString() databaseUrl = 'postgres://postgres@127.0.0.1:5432/coordinator';
  @Env('COORDINATOR_DATABASE_POOL_SIZE') @IsInt() @Min(1) databasePoolSize = 10;
  @Env('BOOKING_CREATED_QUEUE') @IsString() bookingCreatedQueue = 'coordinator.booking-created';
  /** Where the dashboard's build is (npm run build); served at /dashboard/. Relative to the working directory. */
  @Env('DASHBOARD_DIR') @IsString() dashboardDir = 'dist/apps/dashboard';
  /**
   * Where the dashboard's browser reaches the notification service (its delivery log, settings and webhooks): a
   * `scheme://host[:port]` origin; '' when a proxy serves /api/notifications on the dashboard's own origin.
   */
  @Env('NOTIFICATIONS_API_URL') @ValidateIf((c: CoordinatorConfig) => c.notificationsApiUrl !== '')
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  notificationsApiUrl = 'http://127.0.0.1:3003';
  /** The address users reach the service at, for the calendar feed's URL; unset: the address a request was sent to. */
  @Env('COORDINATOR_PUBLIC_URL') @ValidateIf((c: CoordinatorConfig) => c.publicUrl !== '')
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  publicUrl = '';
  /** Calendar feed addresses are derived from it; changing it revokes every feed address. */
  @Env('CALENDAR_FEED_KEY') @Secret() @IsString() @MinLength(32) calendarFeedKey = DEVELOPMENT_CALENDAR_FEED_KEY;
  /** Open dashboard streams (GET /api/coordinator/stream) per coordinator and instance; more → 429. */
  @Env('STREAMS_PER_COORDINATOR') @IsInt() @Min(1) streamsPerCoordinator = 10;
  /** A comment on each open stream this often keeps proxies from closing it as idle. */
  @Env('STREAM_HEARTBEAT_MS') @IsInt() @Min(50) streamHeartbeatMs = 15_000;

  // Retention, beside MESSAGE_RETENTION_DAYS (swept with the outbox and the inbox); decimals allowed, 0 turns it off.
  /**
   * An activity entry this old loses what it says of the couple (names, failure texts, a change's values). A month:
   * the recent timeline reads in full, and the names stay where they belong, in the client and the wedding, instead of
   * being copied into history for good (data minimisation, as the Data Privacy Act and the GDPR ask).
   */
  @Env('PERSONAL_DATA_RETENTION_DAYS') @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  @NotLongerThan('activityRetentionDays', 'ACTIVITY_RETENTION_DAYS')
  personalDataRetentionDays = 30;
  /** An activity entry this old is deleted. A year: a whole booking-to-wedding cycle, in a table that stops growing. */
  @Env('ACTIVITY_RETENTION_DAYS') @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) activityRetentionDays = 365;
}
