// Transport only: the coordinator's outcome events, validated by the transport, handed to the status service.
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { ConsumeEvent } from '@wedding/messaging';
import { IntegrationStatusService } from './integration-status.service';

@Controller()
export class CoordinatorOutcomesConsumer {
  constructor(private readonly status: IntegrationStatusService) {}

  @ConsumeEvent(CoordinatorWeddingCreated)
  async onWeddingCreated(@Payload() event: CoordinatorWeddingCreated): Promise<void> {
    trace.getActiveSpan()?.setAttributes({ 'booking.id': event.bookingId, 'wedding.id': event.weddingId, 'event.id': event.eventId });
    await this.status.completed(event);
  }

  @ConsumeEvent(CoordinatorIntegrationFailed)
  async onIntegrationFailed(@Payload() event: CoordinatorIntegrationFailed): Promise<void> {
    trace.getActiveSpan()?.setAttributes({ 'booking.id': event.bookingId, 'event.id': event.eventId });
    await this.status.failed(event);
  }
}
