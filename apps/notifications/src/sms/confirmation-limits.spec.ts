import { confirmationRefusal } from './confirmation-limits';

const now = new Date('2030-06-14T10:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const limits = { perCoordinatorPerHour: 3, perNumberPerDay: 5 };

describe('confirmationRefusal', () => {
  it.each([
    ['none asked yet', [], [], undefined],
    ['two by the coordinator', [ago(1), ago(2)], [ago(1), ago(2)], undefined],
    ['three by the coordinator within the hour', [ago(1), ago(2), ago(45)], [ago(1), ago(2), ago(45)], ['per-coordinator', '2030-06-14T10:15:00.000Z']],
    ['the coordinator’s oldest an hour ago', [ago(1), ago(2), ago(60)], [ago(1), ago(2), ago(60)], undefined],
    // Other coordinators asked for this number: the number's own limit, over a day.
    ['five to the number in a day', [], [ago(10), ago(100), ago(200), ago(300), ago(1380)], ['per-number', '2030-06-14T11:00:00.000Z']],
    ['both: the later', [ago(1), ago(2), ago(3)], [ago(1), ago(2), ago(3), ago(4), ago(1000)], ['per-number', '2030-06-14T17:20:00.000Z']],
  ])('%s', (_case, byCoordinator, toNumber, expected) => {
    const refusal = confirmationRefusal({ byCoordinator, toNumber }, limits, now);
    expect(refusal && [refusal.limit, refusal.retryAt.toISOString()]).toEqual(expected);
  });

  it('says which limit and when it frees', () => {
    expect(confirmationRefusal({ byCoordinator: [ago(1), ago(2), ago(45)], toNumber: [] }, limits, now)?.message).toBe(
      'you asked for 3 confirmation codes in the last hour, the most allowed (SMS_CONFIRMATIONS_PER_HOUR = 3); you can ask again in 15 min',
    );
    expect(confirmationRefusal({ byCoordinator: [], toNumber: [ago(1), ago(2), ago(3), ago(4), ago(1300)] }, limits, now)?.message).toBe(
      'this number was sent 5 confirmation codes in the last 24 hours, the most allowed (SMS_CONFIRMATIONS_PER_NUMBER_PER_DAY = 5); it can be sent another in 2 h 20 min',
    );
  });
});
