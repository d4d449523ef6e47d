// Transport only: the coordinator's outcome events, settled through EventDelivery.
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { EventDelivery } from '@wedding/messaging';
import { IntegrationStatusService } from './integration-status.service';

@Controller()
export class CoordinatorOutcomesConsumer {
  constructor(
    private readonly delivery: EventDelivery,
    private readonly status: IntegrationStatusService,
  ) {}

  @EventPattern(CoordinatorWeddingCreated.type)
  async onWeddingCreated(@Ctx() context: RmqContext): Promise<void> {
    await this.delivery.settle(context, CoordinatorWeddingCreated, (event) => this.status.completed(event));
  }

  @EventPattern(CoordinatorIntegrationFailed.type)
  async onIntegrationFailed(@Ctx() context: RmqContext): Promise<void> {
    await this.delivery.settle(context, CoordinatorIntegrationFailed, (event) => this.status.failed(event));
  }
}
