// Every setting of the bookings service, with the default used for local runs (see README, "Configuration").
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Env, ServiceSettings } from '@wedding/infrastructure';

/** Also the shared settings of ServiceSettings (AMQP_URL, QUEUE_TYPE, CONSUMER_*, OUTBOX_*, JWT_*, …). */
export class BookingsConfig extends ServiceSettings {
  @Env('BOOKINGS_PORT') @IsInt() @Min(0) @Max(65535) port = 3001;
  @Env('BOOKINGS_DATABASE_URL') @IsString() databaseUrl = 'postgres://postgres@127.0.0.1:5432/bookings';
  @Env('BOOKINGS_DATABASE_POOL_SIZE') @IsInt() @Min(1) databasePoolSize = 10;
  /** Where the bookings service hears how each coordinator booking's integration ended. */
  @Env('COORDINATOR_OUTCOMES_QUEUE') @IsString() coordinatorOutcomesQueue = 'bookings.coordinator-outcomes';
}
