// The provider-neutral side of sending an SMS: what the dispatcher asks for and what it is told. One adapter per
// provider (semaphore-sms-sender.ts); the outcome's meaning is in sms-outcome.ts.
import type { SmsOutcome } from './sms-outcome';

export interface SmsMessage {
  /** E.164, e.g. +639171234567. */
  to: string;
  text: string;
}

export abstract class SmsSender {
  abstract send(message: SmsMessage): Promise<SmsOutcome>;
}
