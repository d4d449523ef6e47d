import { loadConfig } from '@wedding/infrastructure';
import { CoordinatorConfig, DEVELOPMENT_CALENDAR_FEED_KEY } from './config';

describe('CoordinatorConfig in production (NODE_ENV=production)', () => {
  const strong = {
    NODE_ENV: 'production',
    JWT_SECRET: 'Yq3v9Jx0cW2pN8bT5rL1mZ7dH4sK6fA0gE2uI9oP3wR=',
    CALENDAR_FEED_KEY: 'cN5kW2pX8mQ4tZ1vB7rJ3hF9dL6sG0aY2eU5iO8rT1=',
  };

  it('starts with secrets of its own', () => {
    expect(loadConfig(CoordinatorConfig, strong).calendarFeedKey).toBe(strong.CALENDAR_FEED_KEY);
  });

  it.each([
    ['CALENDAR_FEED_KEY', undefined, /CALENDAR_FEED_KEY is a published placeholder/],
    ['CALENDAR_FEED_KEY', DEVELOPMENT_CALENDAR_FEED_KEY, /CALENDAR_FEED_KEY is a published placeholder/],
    ['CALENDAR_FEED_KEY', 'compose-local-calendar-key-replace-me-32-chars', /CALENDAR_FEED_KEY is a published placeholder/],
    ['JWT_SECRET', 'compose-local-secret-replace-me-with-32-or-more-chars', /JWT_SECRET is a published placeholder/],
    ['JWT_SECRET', 'a'.repeat(8) + 'b'.repeat(8) + 'c'.repeat(8), /JWT_SECRET is 24 bytes long/],
  ])('refuses %s=%p', (variable, value, refusal) => {
    expect(() => loadConfig(CoordinatorConfig, { ...strong, [variable]: value })).toThrow(refusal);
  });

  it('does not ask RS256 for a JWT_SECRET it does not use', () => {
    const { JWT_SECRET: _unused, ...rest } = strong;
    expect(() => loadConfig(CoordinatorConfig, { ...rest, JWT_ALGORITHM: 'RS256', JWT_JWKS_URL: 'https://id.example.com/jwks' })).not.toThrow();
  });
});


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
