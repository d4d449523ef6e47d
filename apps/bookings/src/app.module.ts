import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppLogger, databaseModule, HealthController, observability, rateLimiting, TokenVerifier } from '@wedding/infrastructure';
import { messagingProviders } from '@wedding/messaging';
import { Booking } from './bookings/booking.entity';
import { BookingsController } from './bookings/bookings.controller';
import { BookingsService } from './bookings/bookings.service';
import { BookingsConfig } from './config';
import { CoordinatorOutcomesConsumer } from './integration/coordinator-outcomes.consumer';
import { IntegrationStatusService } from './integration/integration-status.service';
import { CreateBookingsSchema1764000000000 } from './migrations/1764000000000-create-bookings-schema';
import { TrackCoordinatorIntegration1764100000000 } from './migrations/1764100000000-track-coordinator-integration';
import { OutboxClaims1764200000000 } from './migrations/1764200000000-outbox-claims';
import { ClaimedCoupleId1764400000000 } from './migrations/1764400000000-claimed-couple-id';
import { IntegrationReasonCodes1764500000000 } from './migrations/1764500000000-integration-reason-codes';
import { MessageRetention1764600000000 } from './migrations/1764600000000-message-retention';
import { OutboxTraceContext1764700000000 } from './migrations/1764700000000-outbox-trace-context';
import { OutboxClaimFencing1766100000000 } from './migrations/1766100000000-outbox-claim-fencing';
import { RateLimitBuckets1766300000000 } from './migrations/1766300000000-rate-limit-buckets';
import { bookingsTopology } from './topology';
import { Vendor } from './vendors/vendor.entity';
import { VendorsController } from './vendors/vendors.controller';
import { VendorsService } from './vendors/vendors.service';

@Module({})
export class AppModule {
  static forRoot(config: BookingsConfig, logger: AppLogger = 'pino'): DynamicModule {
    const limits = rateLimiting(config.rateLimitPerMinute);
    const observed = observability(config, { service: 'bookings', logger });
    return {
      module: AppModule,
      imports: [
        databaseModule({
          url: config.databaseUrl,
          entities: [Vendor, Booking],
          migrations: [
            CreateBookingsSchema1764000000000,
            TrackCoordinatorIntegration1764100000000,
            OutboxClaims1764200000000,
            ClaimedCoupleId1764400000000,
            IntegrationReasonCodes1764500000000,
            MessageRetention1764600000000,
            OutboxTraceContext1764700000000,
            OutboxClaimFencing1766100000000,
            RateLimitBuckets1766300000000,
          ],
          poolSize: config.databasePoolSize,
          statementTimeoutMs: config.databaseStatementTimeoutMs,
          idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs,
          applicationName: 'bookings',
        }),
        TypeOrmModule.forFeature([Vendor]),
        ...observed.imports,
        ...limits.imports,
      ],
      controllers: [VendorsController, BookingsController, CoordinatorOutcomesConsumer, HealthController, ...observed.controllers],
      providers: [
        ...limits.providers,
        ...observed.providers,
        { provide: BookingsConfig, useValue: config },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(config) },
        VendorsService,
        BookingsService,
        IntegrationStatusService,
        // Bookings are taken and kept in the outbox while the broker is away: the consumer is not needed to be ready.
        ...messagingProviders(config, {
          topology: bookingsTopology(config),
          consumerRequiredForReadiness: false,
          databasePoolSize: config.databasePoolSize,
        }),
      ],
    };
  }
}
