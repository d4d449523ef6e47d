// What the couple is told when the coordinator gives up on a booking: a category of the failure, never its text.
import { IntegrationFailureReason, InvalidEventError } from '@wedding/contracts';
import { isDatabaseUnavailable } from '@wedding/infrastructure';
import { PermanentError } from '@wedding/messaging';

/** PostgreSQL's answers that a later attempt may not get: contention, cancelled statements, exhausted resources. */
const TRANSIENT_SQLSTATES = /^(40001|40P01|55P03|57014|53[0-9A-Z]{3})$/;
/** PostgreSQL's refusals of the data itself: a data exception (value too long, invalid input) or a check violation. */
const DATA_SQLSTATES = /^(22[0-9A-Z]{3}|23514)$/;

export function integrationFailureReason(error: unknown): IntegrationFailureReason {
  if (error instanceof InvalidEventError || error instanceof PermanentError) return 'invalid_booking';
  if (isDatabaseUnavailable(error)) return 'coordinator_unavailable';
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  const sqlState = String(driverError?.code ?? code ?? '');
  if (TRANSIENT_SQLSTATES.test(sqlState)) return 'coordinator_unavailable';
  if (DATA_SQLSTATES.test(sqlState)) return 'invalid_booking';
  return 'internal_error';
}
