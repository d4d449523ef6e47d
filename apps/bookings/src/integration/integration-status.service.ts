// Keeps each coordinator booking's integration outcome, from the coordinator service's events (idempotently).
// Each outcome is one statement: the inbox row and the booking's update commit together or not at all.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';
import { runOnFirstDelivery } from '@wedding/messaging';

@Injectable()
export class IntegrationStatusService {
  constructor(private readonly dataSource: DataSource) {}

  async completed(event: CoordinatorWeddingCreated): Promise<void> {
    // A wedding that exists wins over an earlier failure (e.g. a dead-lettered booking replayed after a fix).
    await runOnFirstDelivery(
      this.dataSource.manager,
      { messageId: event.eventId, type: CoordinatorWeddingCreated.type },
      `UPDATE bookings
          SET coordinator_integration_status = 'completed', coordinator_client_id = $4,
              coordinator_wedding_id = $5, coordinator_integration_completed_at = $6,
              coordinator_integration_reason = NULL
        WHERE id = $3 AND EXISTS (SELECT 1 FROM first_delivery)`,
      [event.bookingId, event.clientId, event.weddingId, event.occurredAt],
    );
  }

  async failed(event: CoordinatorIntegrationFailed): Promise<void> {
    // Never overrides a completed integration: the events may arrive in either order. Only the reason's category is
    // kept, for the couple to see; the text is the coordinator's. An event from before reasonCode is internal_error.
    await runOnFirstDelivery(
      this.dataSource.manager,
      { messageId: event.eventId, type: CoordinatorIntegrationFailed.type },
      `UPDATE bookings
          SET coordinator_integration_status = 'failed', coordinator_integration_reason = $4,
              coordinator_integration_completed_at = $5
        WHERE id = $3 AND coordinator_integration_status <> 'completed' AND EXISTS (SELECT 1 FROM first_delivery)`,
      [event.bookingId, event.reasonCode ?? 'internal_error', event.occurredAt],
    );
  }
}
