// The channels besides email that an incoming event is planned for (webhooks, SMS). Each plans its own rows inside the
// intake's transaction — so an event is expanded for every channel exactly once, with its inbox record — and is woken
// once that transaction has committed. Email stays in the intake itself: it is the channel every coordinator has.
import type { EntityManager } from 'typeorm';
import type { CoordinatorIntegrationFailed, CoordinatorWeddingCreated } from '@wedding/contracts';

export type IntakeEvent =
  | { type: typeof CoordinatorWeddingCreated.type; event: CoordinatorWeddingCreated }
  | { type: typeof CoordinatorIntegrationFailed.type; event: CoordinatorIntegrationFailed };

export interface EventChannel {
  /** Its name in logs ("webhook", "sms"). */
  readonly channel: string;
  /** Inserts what this event means on this channel (none is fine); returns how many rows it planned. */
  plan(em: EntityManager, intake: IntakeEvent): Promise<number>;
  /** Called after the transaction that planned rows has committed. */
  wake(): void;
}

/** Nest token: the EventChannel[] the intake plans for (app.module.ts lists them). */
export const EVENT_CHANNELS = Symbol('EVENT_CHANNELS');
