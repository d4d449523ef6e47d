import { loadConfig } from '@wedding/infrastructure';
import { CoordinatorConfig } from './config';

describe('CoordinatorConfig: retention of the activity log', () => {
  it('scrubs what entries say of the couple after a month and deletes entries after a year', () => {
    expect(loadConfig(CoordinatorConfig, {})).toMatchObject({ personalDataRetentionDays: 30, activityRetentionDays: 365, messageRetentionDays: 7 });
  });

  it.each([
    [{ PERSONAL_DATA_RETENTION_DAYS: '14', ACTIVITY_RETENTION_DAYS: '90' }, 14, 90],
    [{ PERSONAL_DATA_RETENTION_DAYS: '0' }, 0, 365],
    [{ ACTIVITY_RETENTION_DAYS: '0' }, 30, 0],
    [{ PERSONAL_DATA_RETENTION_DAYS: '30', ACTIVITY_RETENTION_DAYS: '30' }, 30, 30],
  ])('accepts %j', (env, personalDataRetentionDays, activityRetentionDays) => {
    expect(loadConfig(CoordinatorConfig, env)).toMatchObject({ personalDataRetentionDays, activityRetentionDays });
  });

  it.each([
    [{ ACTIVITY_RETENTION_DAYS: '10' }, 'PERSONAL_DATA_RETENTION_DAYS: personalDataRetentionDays: 30 days is longer than ACTIVITY_RETENTION_DAYS (10 days)'],
    [{ PERSONAL_DATA_RETENTION_DAYS: '-1' }, 'PERSONAL_DATA_RETENTION_DAYS'],
    [{ ACTIVITY_RETENTION_DAYS: 'forever' }, 'ACTIVITY_RETENTION_DAYS'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig(CoordinatorConfig, env)).toThrow(message);
  });
});
