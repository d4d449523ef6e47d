// How an event class describes itself, and the one way to read an event off the wire.
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { findUnstorable } from './storable-input';

export interface EventContract<T extends object = object> {
  new (): T;
  /** Routing key and AMQP `type` property; never derived from the class name. */
  readonly type: string;
  /** A breaking change is a new class beside the old one, with a new version. */
  readonly version: number;
  /** The payload field the AMQP correlation id is taken from; `bookingId` unless the contract says otherwise. */
  readonly correlatedBy?: string;
}

/** The event violates its contract: dead-letter it, never requeue it. */
export class InvalidEventError extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`invalid ${eventType}: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * Validates an event against its contract and returns an instance of it. Unknown fields are dropped rather than
 * rejected, so a producer may add optional fields within a version without breaking older consumers.
 */
export function parseEvent<T extends object>(contract: EventContract<T>, payload: unknown): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InvalidEventError(contract.type, ['payload must be a JSON object']);
  }
  // Before class-transformer and class-validator see it: each can throw on what this refuses, or lose it silently.
  const unstorable = findUnstorable(payload, MAX_PAYLOAD_DEPTH);
  if (unstorable.length > 0) {
    throw new InvalidEventError(contract.type, unstorable.map(({ path, message }) => `${path || 'payload'}: ${message}`));
  }
  const event = plainToInstance(contract, payload);
  const errors = validateSync(event, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new InvalidEventError(contract.type, flattenValidationErrors(errors));
  }
  return event;
}

/** Far deeper than any event needs (the HTTP APIs accept 32 levels), far shallower than the stack allows. */
const MAX_PAYLOAD_DEPTH = 64;

/** `field: message` lines, with nested paths (`milestones.0.dueDate: ...`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/** The payload type a producer must supply: every field of the contract except the envelope. */
export type EventPayload<T> = Omit<{ [K in keyof T]: T[K] }, 'eventId' | 'occurredAt'>;
