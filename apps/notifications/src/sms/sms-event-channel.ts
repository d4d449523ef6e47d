// The SMS an event means, planned inside the intake's transaction: a new wedding (the couple and the date) and a
// failed integration, to the coordinator's opted-in number. Couples get no SMS: the booking carries no opt-in for it.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CoordinatorWeddingCreated } from '@wedding/contracts';
import type { EventChannel, IntakeEvent } from '../intake/event-channels';
import { SmsDispatcher } from './sms-dispatcher';
import { SmsPlanner } from './sms-planner';
import { integrationFailedText, weddingCreatedText } from './sms-text';

@Injectable()
export class SmsEventChannel implements EventChannel {
  readonly channel = 'sms';

  constructor(
    private readonly planner: SmsPlanner,
    private readonly dispatcher: SmsDispatcher,
  ) {}

  plan(em: EntityManager, intake: IntakeEvent): Promise<number> {
    const { event } = intake;
    const subject = { coordinatorId: event.coordinatorId, eventId: event.eventId, bookingId: event.bookingId };
    if (intake.type === CoordinatorWeddingCreated.type) {
      return this.planner.plan(em, {
        ...subject,
        eventType: intake.type,
        weddingId: intake.event.weddingId,
        template: 'sms-wedding-created',
        text: weddingCreatedText(intake.event),
      });
    }
    return this.planner.plan(em, {
      ...subject,
      eventType: intake.type,
      weddingId: null,
      template: 'sms-integration-failed',
      text: integrationFailedText(intake.event),
    });
  }

  wake(): void {
    this.dispatcher.wake();
  }
}
