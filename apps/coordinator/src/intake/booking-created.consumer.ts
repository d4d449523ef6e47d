// Transport only: takes BookingCreated off RabbitMQ, hands it to the integration, and settles the delivery.
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';
import { BookingCreated } from '@wedding/contracts';
import { EventDelivery } from '@wedding/messaging';
import { AutoIntegrationService } from './auto-integration.service';
import { integrationFailureReason } from './integration-failure';

@Controller()
export class BookingCreatedConsumer {
  constructor(
    private readonly delivery: EventDelivery,
    private readonly integration: AutoIntegrationService,
  ) {}

  /** Acked only after the integration's transaction has committed (see EventDelivery.settle). */
  @EventPattern(BookingCreated.type)
  async onBookingCreated(@Ctx() context: RmqContext): Promise<void> {
    await this.delivery.settle(
      context,
      BookingCreated,
      async (booking) => {
        await this.integration.integrate(booking);
      },
      {
        onGiveUp: (booking, reason, { attempt }, error) =>
          this.integration.recordFailure(booking, reason, integrationFailureReason(error), attempt),
      },
    );
  }
}
