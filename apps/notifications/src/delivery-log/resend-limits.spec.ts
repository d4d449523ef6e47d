import { resendRefusal } from './resend-limits';

const now = new Date('2030-06-14T10:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const limits = { perNotification: 3, perCoordinator: 5 };

describe('resendRefusal', () => {
  it.each([
    ['nothing resent yet', [], [], undefined],
    ['two of the notification, two in all', [ago(1), ago(2)], [ago(1), ago(2)], undefined],
    ['the notification’s third an hour ago has expired', [ago(1), ago(2), ago(60)], [ago(1), ago(2), ago(60)], undefined],
    ['three of the notification', [ago(1), ago(2), ago(18)], [ago(1), ago(2), ago(18)], ['per-notification', '2030-06-14T10:42:00.000Z']],
    ['five in all, of other notifications', [], [ago(1), ago(2), ago(3), ago(4), ago(55)], ['per-coordinator', '2030-06-14T10:05:00.000Z']],
    // Both reached: the later time is when a resend of this notification is allowed again.
    ['both reached, the coordinator’s later', [ago(1), ago(2), ago(50)], [ago(1), ago(2), ago(3), ago(4), ago(5), ago(50)], ['per-coordinator', '2030-06-14T10:55:00.000Z']],
    ['both reached, the notification’s later', [ago(1), ago(2), ago(30)], [ago(1), ago(2), ago(30), ago(50), ago(58)], ['per-notification', '2030-06-14T10:30:00.000Z']],
  ])('%s', (_case, ofNotification, ofCoordinator, expected) => {
    const refusal = resendRefusal({ ofNotification, ofCoordinator }, limits, now);
    expect(refusal && [refusal.limit, refusal.retryAt.toISOString()]).toEqual(expected);
  });

  it('says which limit, how many, and when it frees, in words', () => {
    expect(resendRefusal({ ofNotification: [ago(1), ago(2), ago(18)], ofCoordinator: [ago(1), ago(2), ago(18)] }, limits, now)?.message).toBe(
      'this notification was resent 3 times in the last hour, the most allowed (RESEND_MAX_PER_NOTIFICATION_PER_HOUR = 3); it can be resent again in 42 min',
    );
    expect(resendRefusal({ ofNotification: [], ofCoordinator: [ago(1), ago(2), ago(3), ago(4), ago(59.5)] }, limits, now)?.message).toBe(
      'you resent 5 notifications in the last hour, the most allowed (RESEND_MAX_PER_COORDINATOR_PER_HOUR = 5); you can resend again in 30 s',
    );
  });
});
