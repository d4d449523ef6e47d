// How often codes are texted: SMS_CONFIRMATIONS_PER_HOUR asked by one coordinator, SMS_CONFIRMATIONS_PER_NUMBER_PER_DAY
// to one number whoever asks — each is an SMS to a number nobody has confirmed yet, so a number cannot be flooded by
// saving it again and again.
import { nextUseAllowedAt, usesWithin, waitInWords } from '../limits/recent-uses';

export const PER_COORDINATOR_WINDOW_MS = 3_600_000;
export const PER_NUMBER_WINDOW_MS = 86_400_000;

export interface ConfirmationLimits {
  perCoordinatorPerHour: number;
  perNumberPerDay: number;
}

export interface ConfirmationRefusal {
  limit: 'per-coordinator' | 'per-number';
  retryAt: Date;
  message: string;
}

/** `byCoordinator`: when this coordinator asked for codes; `toNumber`: when codes were asked for this number. */
export function confirmationRefusal(
  requests: { byCoordinator: Date[]; toNumber: Date[] },
  limits: ConfirmationLimits,
  now: Date,
): ConfirmationRefusal | undefined {
  const refusals: ConfirmationRefusal[] = [];
  const coordinatorFrees = nextUseAllowedAt(requests.byCoordinator, limits.perCoordinatorPerHour, PER_COORDINATOR_WINDOW_MS, now);
  if (coordinatorFrees) {
    refusals.push({
      limit: 'per-coordinator',
      retryAt: coordinatorFrees,
      message:
        `you asked for ${usesWithin(requests.byCoordinator, PER_COORDINATOR_WINDOW_MS, now)} confirmation codes in the last hour, ` +
        `the most allowed (SMS_CONFIRMATIONS_PER_HOUR = ${limits.perCoordinatorPerHour}); you can ask again in ${waitInWords(coordinatorFrees, now)}`,
    });
  }
  const numberFrees = nextUseAllowedAt(requests.toNumber, limits.perNumberPerDay, PER_NUMBER_WINDOW_MS, now);
  if (numberFrees) {
    refusals.push({
      limit: 'per-number',
      retryAt: numberFrees,
      message:
        `this number was sent ${usesWithin(requests.toNumber, PER_NUMBER_WINDOW_MS, now)} confirmation codes in the last 24 hours, ` +
        `the most allowed (SMS_CONFIRMATIONS_PER_NUMBER_PER_DAY = ${limits.perNumberPerDay}); it can be sent another in ${waitInWords(numberFrees, now)}`,
    });
  }
  return refusals.sort((a, b) => b.retryAt.getTime() - a.retryAt.getTime())[0];
}
