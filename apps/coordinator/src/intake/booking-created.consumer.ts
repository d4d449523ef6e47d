// Transport only: BookingCreated off RabbitMQ, validated by the transport against its contract, handed to the
// integration. The delivery is acked after the handler returns (after the commit), retried when it throws, and
// dead-lettered after the give-up report below (see libs/messaging, EventDelivery).
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { BookingCreated } from '@wedding/contracts';
import { ConsumeEvent, DeliveryContext, GiveUp, OnGiveUp } from '@wedding/messaging';
import { AutoIntegrationService } from './auto-integration.service';
import { integrationFailureReason } from './integration-failure';

@Controller()
export class BookingCreatedConsumer {
  constructor(private readonly integration: AutoIntegrationService) {}

  @ConsumeEvent(BookingCreated)
  async onBookingCreated(@Payload() booking: BookingCreated): Promise<void> {
    const result = await this.integration.integrate(booking);
    // Ids only on the trace: the booking and what it became.
    trace.getActiveSpan()?.setAttributes({
      'booking.id': booking.bookingId,
      'event.id': booking.eventId,
      'integration.outcome': result.outcome,
      ...(result.outcome === 'created' ? { 'wedding.id': result.weddingId, 'client.id': result.clientId } : {}),
    });
  }

  /** After the last retry, or a failure no retry can fix: the coordinator and the booking are told, then it is parked. */
  @OnGiveUp(BookingCreated)
  async onGaveUp(@Payload() { event, reason, error }: GiveUp<BookingCreated>, @Ctx() context: DeliveryContext): Promise<void> {
    await this.integration.recordFailure(event, reason, integrationFailureReason(error), context.meta.attempt);
  }
}
