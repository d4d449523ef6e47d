// The transactional outbox: an event is a row written in the same transaction as the change it announces.
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventContract, EventPayload, parseEvent } from '@wedding/contracts';

export interface OutboxRow {
  id: string;
  type: string;
  version: number;
  payload: Record<string, unknown>;
  correlation_id: string | null;
  created_at: Date;
}

export interface EventOptions {
  /** The booking (or other aggregate) the event is about; it follows the event as AMQP correlation id. */
  correlationId: string;
  /** A random id by default; give a derived one (derivedEventId) when the same cause must give the same event. */
  eventId?: string;
}

/** A UUID (version 5 layout) derived from a name: the same name always gives the same id. */
export function derivedEventId(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An event ready to be stored: validated against its contract, with the values of its outbox row. */
export interface PreparedEvent<T> {
  event: T;
  /** For `INSERT INTO outbox (id, type, version, payload, correlation_id)`, in that order. */
  row: [id: string, type: string, version: number, payload: string, correlationId: string];
}

/**
 * Validates the event against its contract (a producer bug fails the write instead of poisoning the queue) and gives
 * the outbox row's values. The row id is the event id and becomes the AMQP message id. For a producer that writes its
 * change and the row in one statement; the others call addToOutbox.
 */
export function prepareEvent<T extends object>(
  contract: EventContract<T>,
  payload: EventPayload<T>,
  { correlationId, eventId = randomUUID() }: EventOptions,
): PreparedEvent<T> {
  const event = parseEvent(contract, { eventId, occurredAt: new Date().toISOString(), ...payload });
  return { event, row: [eventId, contract.type, contract.version, JSON.stringify(event), correlationId] };
}

/** Stores the event for the relay, in the caller's transaction. */
export async function addToOutbox<T extends object>(
  em: EntityManager,
  contract: EventContract<T>,
  payload: EventPayload<T>,
  options: EventOptions,
): Promise<T> {
  const { event, row } = prepareEvent(contract, payload, options);
  await em.query(`INSERT INTO outbox (id, type, version, payload, correlation_id) VALUES ($1, $2, $3, $4, $5)`, row);
  return event;
}
