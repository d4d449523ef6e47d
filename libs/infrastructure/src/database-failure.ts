// Which failures say "the database is not there" rather than "this piece of work went wrong": the HTTP edge answers
// them 503, and an event consumer pauses on them instead of spending its retry ladder. A timeout alone cannot tell
// (a slow statement, or a server that no longer answers?): whoever gets one asks the database before deciding.

export type DatabaseFailure = 'unavailable' | 'timeout' | 'other';

/** A connection that could not be made, or was lost (the host, the route or its name gone). */
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * PostgreSQL's: class 08 (connection exception), the server shutting down, crashed or still starting (57P01–57P03),
 * and no connection slot left (53300).
 */
const UNAVAILABLE_SQLSTATES = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
/** query_canceled: the statement timeout cut it (or someone cancelled it). */
const TIMEOUT_SQLSTATE = '57014';
/** node-postgres and its pool say these in words only. */
const CONNECTION_MESSAGES = new RegExp(
  [
    'Connection terminated', // a connection lost, or the pool's connect timeout
    'timeout expired', // a client's connect timeout
    'timeout exceeded when trying to connect', // no pooled connection in time
    'Client has encountered a connection error',
    'Client was closed and is not queryable',
  ].join('|'),
  'i',
);
/** node-postgres's own query_timeout: no answer from the server in time. */
const TIMEOUT_MESSAGES = /Query read timeout/i;

/** 'unavailable': the database cannot be reached; 'timeout': it did not answer in time; 'other': anything else. */
export function databaseFailure(error: unknown, depth = 0): DatabaseFailure {
  if (error === null || typeof error !== 'object' || depth > 3) return 'other';
  const { code, driverError, message, cause, errors } = error as {
    code?: unknown;
    driverError?: { code?: unknown };
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  // TypeORM's QueryFailedError keeps pg's error as driverError.
  const codes = [driverError?.code, code].filter((c): c is string => typeof c === 'string');
  if (codes.some((c) => CONNECTION_ERRNOS.has(c) || UNAVAILABLE_SQLSTATES.test(c))) return 'unavailable';
  const text = typeof message === 'string' ? message : '';
  if (CONNECTION_MESSAGES.test(text)) return 'unavailable';
  if (codes.includes(TIMEOUT_SQLSTATE) || TIMEOUT_MESSAGES.test(text)) return 'timeout';
  // Node's connect to every address of a host name fails as one AggregateError; the pool wraps its connect timeout.
  const inner = [...(Array.isArray(errors) ? errors : []), ...(cause !== undefined ? [cause] : [])].map((e) => databaseFailure(e, depth + 1));
  if (inner.includes('unavailable')) return 'unavailable';
  if (inner.includes('timeout')) return 'timeout';
  return 'other';
}

export const isDatabaseUnavailable = (error: unknown): boolean => databaseFailure(error) === 'unavailable';
