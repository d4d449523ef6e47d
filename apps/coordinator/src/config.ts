// Every setting of the coordinator service, with the default used for local runs (see README, "Configuration").
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Env, ServiceSettings } from '@wedding/infrastructure';

/** Also the shared settings of ServiceSettings (AMQP_URL, QUEUE_TYPE, CONSUMER_*, OUTBOX_*, JWT_*, …). */
export class CoordinatorConfig extends ServiceSettings {
  @Env('COORDINATOR_PORT') @IsInt() @Min(0) @Max(65535) port = 3002;
  @Env('COORDINATOR_DATABASE_URL') @IsString() databaseUrl = 'postgres://postgres@127.0.0.1:5432/coordinator';
  @Env('COORDINATOR_DATABASE_POOL_SIZE') @IsInt() @Min(1) databasePoolSize = 10;
  @Env('BOOKING_CREATED_QUEUE') @IsString() bookingCreatedQueue = 'coordinator.booking-created';
}
