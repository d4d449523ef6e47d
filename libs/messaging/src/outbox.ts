// The transactional outbox: an event is a row written in the same transaction as the change it announces. This file
// is the outbox's one writer; the relay (outbox-relay.ts) reads it, message-tables.ts holds its DDL.
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventContract, EventPayload, parseEvent } from '@wedding/contracts';
import { activeTraceContext } from '@wedding/infrastructure';

/** A row as the relay reads it: the payload as the JSON text it publishes. */
export interface OutboxRow {
  id: string;
  type: string;
  version: number;
  payload: string;
  correlation_id: string | null;
  created_at: Date;
  /** The W3C trace context of the transaction that wrote the row: the relay publishes the row in it. */
  traceparent: string | null;
  tracestate: string | null;
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

/** The values of an outbox row, in the order of OUTBOX_COLUMNS. */
export type OutboxValues = [
  id: string,
  type: string,
  version: number,
  payload: string,
  correlationId: string,
  traceparent: string | null,
  tracestate: string | null,
  /** Set when the writing process publishes the row itself once it has committed (OutboxRelay.claimForCommit). */
  claimSeconds: number | null,
  /** That claim's token, with claimSeconds. */
  claimToken: string | null,
];

const OUTBOX_COLUMNS = 'id, type, version, payload, correlation_id, traceparent, tracestate, claimed_until, claim_token';

/** The parameters of outboxInsertSql when there is no event to write (its NULL id writes nothing). */
export const NO_OUTBOX_ROW: null[] = [null, null, null, null, null, null, null, null, null];

/** An event ready to be stored: validated against its contract, with the values of its outbox row. */
export interface PreparedEvent<T> {
  event: T;
  row: OutboxValues;
}

/**
 * Validates the event against its contract (a producer bug fails the write instead of poisoning the queue) and gives
 * the outbox row's values. The row id is the event id and becomes the AMQP message id.
 */
export function prepareEvent<T extends object>(
  contract: EventContract<T>,
  payload: EventPayload<T>,
  { correlationId, eventId = randomUUID() }: EventOptions,
): PreparedEvent<T> {
  const event = parseEvent(contract, { eventId, occurredAt: new Date().toISOString(), ...payload });
  // The active span's context, stored with the row in the same transaction: the relay publishes the row in it, as
  // part of the request or delivery that wrote it, whenever that happens.
  const { traceparent, tracestate } = activeTraceContext();
  return {
    event,
    row: [eventId, contract.type, contract.version, JSON.stringify(event), correlationId, traceparent, tracestate, null, null],
  };
}

/**
 * prepareEvent for a payload made of input that was validated a moment ago with the contract's own field rules — the
 * bookings API's request, whose DTO applies the same decorators as BookingCreated (libs/contracts/src/booking-fields.ts),
 * plus the vendor's stored fields, validated the same way when the vendor was saved: the event is not validated a
 * second time (class-transformer and class-validator again on the same values were a sixth of the bookings service's
 * CPU per booking in `npm run bench`). The consumer still validates it, as every consumer does.
 */
export function prepareEventFromValidatedInput<T extends object>(
  contract: EventContract<T>,
  payload: EventPayload<T>,
  { correlationId, eventId = randomUUID() }: EventOptions,
): PreparedEvent<T> {
  const event = Object.assign(new contract(), { eventId, occurredAt: new Date().toISOString(), ...payload });
  const { traceparent, tracestate } = activeTraceContext();
  return {
    event,
    row: [eventId, contract.type, contract.version, JSON.stringify(event), correlationId, traceparent, tracestate, null, null],
  };
}

/**
 * The outbox INSERT as part of a producer's own statement (a CTE), for a change and its event in one round trip:
 * the row's values are parameters `$first` to `$first+8`, and it is written only when `from` (a CTE of the same
 * statement, e.g. the inserted booking) gave a row. With `when`, only when that condition holds as well.
 */
export function outboxInsertSql(first: number, from: string, when = 'true'): string {
  const [id, type, version, payload, correlationId, traceparent, tracestate, claimSeconds, claimToken] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8,
  ].map((i) => `$${first + i}`);
  return `INSERT INTO outbox (${OUTBOX_COLUMNS})
          SELECT ${id}::uuid, ${type}::text, ${version}::int, ${payload}::jsonb, ${correlationId}::text,
                 ${traceparent}::text, ${tracestate}::text, ${claimedUntil(claimSeconds)}, ${claimToken}::uuid FROM ${from}
           WHERE ${when}`;
}

/**
 * NULL (unclaimed: for the relay's poll) when the lease is NULL. Counted from the transaction's start here; the
 * table's trigger moves it to count from the commit (messageTables.fenceOutboxClaims).
 */
const claimedUntil = (claimSeconds: string) => `now() + make_interval(secs => ${claimSeconds}::float8)`;

/** Stores the event for the relay, in the caller's transaction. */
export async function addToOutbox<T extends object>(
  em: EntityManager,
  contract: EventContract<T>,
  payload: EventPayload<T>,
  options: EventOptions,
): Promise<T> {
  const prepared = prepareEvent(contract, payload, options);
  await writeToOutbox(em, prepared);
  return prepared.event;
}

/** Stores an event already prepared (e.g. claimed for its writer with OutboxRelay.claimForCommit), in the caller's transaction. */
export async function writeToOutbox(em: EntityManager, { row }: PreparedEvent<object>): Promise<void> {
  await em.query(`INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, ${claimedUntil('$8')}, $9)`, row);
}
