// Transport only: the coordinator's outcome events off RabbitMQ, validated by the transport against their contracts,
// handed to the intake. Acked after the handler returns (after the commit), retried when it throws, dead-lettered
// after the last retry or at once for a contract violation (see libs/messaging, EventDelivery).
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated, CoordinatorWeddingUpdated } from '@wedding/contracts';
import { ConsumeEvent } from '@wedding/messaging';
import { MilestoneProjection } from '../reminders/milestone-projection';
import { NotificationIntakeService } from './notification-intake.service';

@Controller()
export class CoordinatorEventsConsumer {
  constructor(
    private readonly intake: NotificationIntakeService,
    private readonly projection: MilestoneProjection,
  ) {}

  @ConsumeEvent(CoordinatorWeddingCreated)
  async onWeddingCreated(@Payload() event: CoordinatorWeddingCreated): Promise<void> {
    trace.getActiveSpan()?.setAttributes({ 'booking.id': event.bookingId, 'wedding.id': event.weddingId, 'event.id': event.eventId });
    await this.intake.weddingCreated(event);
  }

  @ConsumeEvent(CoordinatorIntegrationFailed)
  async onIntegrationFailed(@Payload() event: CoordinatorIntegrationFailed): Promise<void> {
    trace.getActiveSpan()?.setAttributes({ 'booking.id': event.bookingId, 'event.id': event.eventId });
    await this.intake.integrationFailed(event);
  }

  /** Reminders only: the milestones' projection and their schedule. */
  @ConsumeEvent(CoordinatorWeddingUpdated)
  async onWeddingUpdated(@Payload() event: CoordinatorWeddingUpdated): Promise<void> {
    trace.getActiveSpan()?.setAttributes({ 'wedding.id': event.weddingId, 'event.id': event.eventId, 'wedding.revision': event.revision });
    await this.projection.weddingUpdated(event);
  }
}
