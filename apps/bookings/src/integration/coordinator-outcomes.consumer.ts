// Transport only: the coordinator's outcome events, validated by the transport, handed to the status service.
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { ConsumeEvent } from '@wedding/messaging';
import { IntegrationStatusService } from './integration-status.service';

@Controller()
export class CoordinatorOutcomesConsumer {
  constructor(private readonly status: IntegrationStatusService) {}

  @ConsumeEvent(CoordinatorWeddingCreated)
  async onWeddingCreated(@Payload() event: CoordinatorWeddingCreated): Promise<void> {
    await this.status.completed(event);
  }

  @ConsumeEvent(CoordinatorIntegrationFailed)
  async onIntegrationFailed(@Payload() event: CoordinatorIntegrationFailed): Promise<void> {
    await this.status.failed(event);
  }
}
