// How often a coordinator may resend: RESEND_MAX_PER_NOTIFICATION_PER_HOUR of one notification and
// RESEND_MAX_PER_COORDINATOR_PER_HOUR of all of them, in any hour. A resend is an email, SMS or webhook call at the
// coordinator's word; without a limit, a script could make the service spam a recipient or an endpoint.
import { nextUseAllowedAt, usesWithin, waitInWords } from '../limits/recent-uses';

export const RESEND_WINDOW_MS = 3_600_000;

export interface ResendLimits {
  perNotification: number;
  perCoordinator: number;
}

export interface ResendRefusal {
  limit: 'per-notification' | 'per-coordinator';
  retryAt: Date;
  message: string;
}

/**
 * Refuses a resend beyond either limit, saying which and when it frees (the later of the two when both are
 * reached). `ofNotification`: when the notification's resends were made; `ofCoordinator`: all the coordinator's.
 */
export function resendRefusal(
  resends: { ofNotification: Date[]; ofCoordinator: Date[] },
  limits: ResendLimits,
  now: Date,
): ResendRefusal | undefined {
  const refusals: ResendRefusal[] = [];
  const notificationFrees = nextUseAllowedAt(resends.ofNotification, limits.perNotification, RESEND_WINDOW_MS, now);
  if (notificationFrees) {
    const count = usesWithin(resends.ofNotification, RESEND_WINDOW_MS, now);
    refusals.push({
      limit: 'per-notification',
      retryAt: notificationFrees,
      message:
        `this notification was resent ${count} times in the last hour, the most allowed ` +
        `(RESEND_MAX_PER_NOTIFICATION_PER_HOUR = ${limits.perNotification}); it can be resent again in ${waitInWords(notificationFrees, now)}`,
    });
  }
  const coordinatorFrees = nextUseAllowedAt(resends.ofCoordinator, limits.perCoordinator, RESEND_WINDOW_MS, now);
  if (coordinatorFrees) {
    const count = usesWithin(resends.ofCoordinator, RESEND_WINDOW_MS, now);
    refusals.push({
      limit: 'per-coordinator',
      retryAt: coordinatorFrees,
      message:
        `you resent ${count} notifications in the last hour, the most allowed ` +
        `(RESEND_MAX_PER_COORDINATOR_PER_HOUR = ${limits.perCoordinator}); you can resend again in ${waitInWords(coordinatorFrees, now)}`,
    });
  }
  return refusals.sort((a, b) => b.retryAt.getTime() - a.retryAt.getTime())[0];
}
