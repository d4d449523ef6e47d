// The reminder SMS of a milestone whose moment has come, planned inside the scheduler's transaction, keyed by the
// reminder so that one fired twice is sent once; marked late when its moment had passed.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DueReminder, ReminderChannel } from '../reminders/due-reminder';
import { SmsDispatcher } from './sms-dispatcher';
import { SmsPlanner } from './sms-planner';
import { reminderText } from './sms-text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class SmsReminderChannel implements ReminderChannel {
  readonly channel = 'sms';

  constructor(
    private readonly planner: SmsPlanner,
    private readonly dispatcher: SmsDispatcher,
  ) {}

  plan(em: EntityManager, reminder: DueReminder): Promise<number> {
    return this.planner.plan(em, {
      coordinatorId: reminder.coordinatorId,
      eventId: reminderEventId(reminder.reminderId),
      eventType: 'coordinator.milestone.due',
      bookingId: null,
      weddingId: reminder.weddingId,
      template: 'sms-reminder',
      text: reminderText(reminder),
    });
  }

  wake(): void {
    this.dispatcher.wake();
  }
}

/** The notifications' event id is a uuid: the reminder's own id when it is one, else a name-based (v5-style) one. */
export function reminderEventId(reminderId: string): string {
  if (UUID.test(reminderId)) return reminderId.toLowerCase();
  const hex = createHash('sha1').update(`reminder:${reminderId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
