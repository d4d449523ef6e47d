// The provider-neutral side of sending an SMS: what the dispatcher asks for and what it is told. One adapter per
// provider (semaphore-sms-sender.ts); the outcome's meaning is in sms-outcome.ts.
import type { SmsOutcome } from './sms-outcome';

export interface SmsMessage {
  /** E.164, e.g. +639171234567. */
  to: string;
  text: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<SmsOutcome>;
}

/** Nest token: the SmsSender of the configured provider (app.module.ts). */
export const SMS_SENDER = Symbol('SMS_SENDER');
