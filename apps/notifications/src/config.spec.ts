import { loadConfig } from '@wedding/infrastructure';
import { DEVELOPMENT_WEBHOOK_SECRETS_KEY, NotificationsConfig } from './config';

describe('NotificationsConfig', () => {
  it('has defaults for a local run: MailDev, the dashboard of npm start, the retry schedule of the issue', () => {
    expect(loadConfig(NotificationsConfig, {})).toMatchObject({
      port: 3003,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/notifications',
      notificationsQueue: 'notifications.coordinator-events',
      smtpUrl: 'smtp://127.0.0.1:1025',
      dashboardUrl: 'http://127.0.0.1:3002/dashboard/',
      emailRetryDelaysMs: [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000],
      reminderLeadDays: 3,
      reminderPollIntervalMs: 60_000,
      timeZone: 'Asia/Manila',
    });
  });

  it('reads the pinned variables', () => {
    const config = loadConfig(NotificationsConfig, {
      NOTIFICATIONS_PORT: '4003',
      NOTIFICATIONS_DATABASE_URL: 'postgres://db/notes',
      SMTP_URL: 'smtp://user:p%40ss@smtp.example.com:587',
      MAIL_FROM: 'Ayos <noreply@ayos.ph>',
      DASHBOARD_URL: 'https://app.example.com/dashboard/',
      EMAIL_RETRY_DELAYS_MS: '1000, 2000',
      REMINDER_LEAD_DAYS: '7',
      REMINDER_POLL_INTERVAL_MS: '5000',
      MARKETPLACE_TIME_ZONE: 'America/New_York',
    });
    expect(config).toMatchObject({
      port: 4003,
      databaseUrl: 'postgres://db/notes',
      smtpUrl: 'smtp://user:p%40ss@smtp.example.com:587',
      mailFrom: 'Ayos <noreply@ayos.ph>',
      dashboardUrl: 'https://app.example.com/dashboard/',
      emailRetryDelaysMs: [1000, 2000],
      reminderLeadDays: 7,
      reminderPollIntervalMs: 5000,
      timeZone: 'America/New_York',
    });
    expect(loadConfig(NotificationsConfig, { SMTP_URL: 'smtps://mail.example.com:465?requireTLS=true' }).smtpUrl).toBe(
      'smtps://mail.example.com:465?requireTLS=true',
    );
  });

  it('has the webhook settings of the issue, and reads them', () => {
    expect(loadConfig(NotificationsConfig, {})).toMatchObject({
      webhookTimeoutMs: 15_000,
      webhookRetryDelaysMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      webhookDisableAfterS: 432_000,
      webhookAllowedPrivateTargets: '',
    });
    expect(
      loadConfig(NotificationsConfig, {
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_RETRY_DELAYS_MS: '100, 200',
        WEBHOOK_DISABLE_AFTER_S: '60',
        WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1/32, 10.1.0.0/16',
      }),
    ).toMatchObject({ webhookTimeoutMs: 2000, webhookRetryDelaysMs: [100, 200], webhookDisableAfterS: 60, webhookAllowedPrivateTargets: '127.0.0.1/32, 10.1.0.0/16' });
  });

  it('has SMS off by default, with the quiet hours of the issue', () => {
    expect(loadConfig(NotificationsConfig, {})).toMatchObject({
      smsProviderUrl: '',
      smsQuietHours: '21:00-07:00',
      smsMaxPerDay: 50,
      smsTimeoutMs: 10_000,
      smsInboundSecret: '',
    });
  });

  it('reads the SMS settings', () => {
    const config = loadConfig(NotificationsConfig, {
      SMS_PROVIDER_URL: 'https://api.semaphore.co/api/v4/messages',
      SMS_API_KEY: 'key',
      SMS_SENDER_NAME: 'AYOS',
      SMS_QUIET_HOURS: 'off',
      SMS_MAX_PER_DAY: '5',
      SMS_TIMEOUT_MS: '3000',
      SMS_INBOUND_SECRET: 'shh',
      SMS_RETRY_DELAYS_MS: '100,200',
    });
    expect(config).toMatchObject({
      smsProviderUrl: 'https://api.semaphore.co/api/v4/messages',
      smsApiKey: 'key',
      smsSenderName: 'AYOS',
      smsQuietHours: 'off',
      smsMaxPerDay: 5,
      smsTimeoutMs: 3000,
      smsInboundSecret: 'shh',
      smsRetryDelaysMs: [100, 200],
    });
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.com'],
    ['SMTP_URL', 'mail.example.com:587'],
    ['MAIL_FROM', 'Wedding Coordinator'],
    ['MAIL_FROM', 'a@x.ph, b@y.ph'],
    ['DASHBOARD_URL', 'dashboard'],
    ['EMAIL_RETRY_DELAYS_MS', '1000,soon'],
    ['EMAIL_RETRY_DELAYS_MS', '0'],
    ['NOTIFICATIONS_PORT', '70000'],
    ['WEBHOOK_TIMEOUT_MS', '10'],
    ['WEBHOOK_RETRY_DELAYS_MS', '5000,later'],
    ['WEBHOOK_DISABLE_AFTER_S', '0'],
    ['WEBHOOK_ALLOWED_PRIVATE_TARGETS', 'localhost'],
    ['WEBHOOK_ALLOWED_PRIVATE_TARGETS', '127.0.0.1/40'],
    ['SMS_PROVIDER_URL', 'api.semaphore.co/api/v4/messages'],
    ['SMS_QUIET_HOURS', '21:00'],
    ['SMS_QUIET_HOURS', '07:00-07:00'],
    ['SMS_MAX_PER_DAY', '-1'],
    ['SMS_SENDER_NAME', 'A sender name too long'],
    ['REMINDER_LEAD_DAYS', '0'],
    ['REMINDER_LEAD_DAYS', 'three'],
    ['REMINDER_POLL_INTERVAL_MS', '5'],
    ['PERSONAL_DATA_RETENTION_DAYS', '-1'],
    ['PERSONAL_DATA_RETENTION_DAYS', 'a month'],
    ['NOTIFICATION_RETENTION_DAYS', '-1'],
    ['NOTIFICATION_RETENTION_DAYS', '0.5'],
  ])('refuses %s=%p, naming the variable', (variable, value) => {
    expect(() => loadConfig(NotificationsConfig, { [variable]: value })).toThrow(variable);
  });

  describe('in production (NODE_ENV=production)', () => {
    const strong = {
      NODE_ENV: 'production',
      JWT_SECRET: 'Yq3v9Jx0cW2pN8bT5rL1mZ7dH4sK6fA0gE2uI9oP3wR=',
      WEBHOOK_SECRETS_KEY: 'pT4zR8wQ1nM6vB3xK9cJ2hF5dS7gL0aY4eU8iO1rT6=',
    };

    it('starts with secrets of its own, SMS_INBOUND_SECRET, METRICS_TOKEN and previous keys unset', () => {
      expect(loadConfig(NotificationsConfig, strong).webhookSecretsKey).toBe(strong.WEBHOOK_SECRETS_KEY);
    });

    it.each([
      ['JWT_SECRET', undefined, /JWT_SECRET is a published placeholder/],
      ['WEBHOOK_SECRETS_KEY', undefined, /WEBHOOK_SECRETS_KEY is a published placeholder/],
      ['WEBHOOK_SECRETS_KEY', DEVELOPMENT_WEBHOOK_SECRETS_KEY, /WEBHOOK_SECRETS_KEY is a published placeholder/],
      ['WEBHOOK_SECRETS_PREVIOUS_KEYS', DEVELOPMENT_WEBHOOK_SECRETS_KEY, /WEBHOOK_SECRETS_PREVIOUS_KEYS \(item 1\) is a published placeholder/],
      ['SMS_INBOUND_SECRET', 'inbound-secret', /SMS_INBOUND_SECRET is 14 bytes long/],
      ['METRICS_TOKEN', 'changeme', /METRICS_TOKEN is a published placeholder/],
    ])('refuses %s=%p', (variable, value, refusal) => {
      const env: Record<string, string | undefined> = { ...strong, [variable]: value };
      expect(() => loadConfig(NotificationsConfig, env)).toThrow(refusal);
    });
  });

  it('keeps personal data a month and the rest of the delivery log half a year, and reads both', () => {
    expect(loadConfig(NotificationsConfig, {})).toMatchObject({ personalDataRetentionDays: 30, notificationRetentionDays: 180 });
    expect(loadConfig(NotificationsConfig, { PERSONAL_DATA_RETENTION_DAYS: '7.5', NOTIFICATION_RETENTION_DAYS: '90' })).toMatchObject({
      personalDataRetentionDays: 7.5,
      notificationRetentionDays: 90,
    });
  });

  it.each([
    // 0 turns a step off.
    [{ PERSONAL_DATA_RETENTION_DAYS: '0' }, 0, 180],
    [{ NOTIFICATION_RETENTION_DAYS: '0' }, 30, 0],
    [{ PERSONAL_DATA_RETENTION_DAYS: '90', NOTIFICATION_RETENTION_DAYS: '90' }, 90, 90],
    [{ PERSONAL_DATA_RETENTION_DAYS: '1', NOTIFICATION_RETENTION_DAYS: '1' }, 1, 1],
  ])('accepts the retention settings %j', (env, personalDataRetentionDays, notificationRetentionDays) => {
    expect(loadConfig(NotificationsConfig, env)).toMatchObject({ personalDataRetentionDays, notificationRetentionDays });
  });

  it.each([
    [{ PERSONAL_DATA_RETENTION_DAYS: '200' }, 'PERSONAL_DATA_RETENTION_DAYS: personalDataRetentionDays: 200 days is longer than NOTIFICATION_RETENTION_DAYS (180 days)'],
    [{ NOTIFICATION_RETENTION_DAYS: '7' }, 'PERSONAL_DATA_RETENTION_DAYS: personalDataRetentionDays: 30 days is longer than NOTIFICATION_RETENTION_DAYS (7 days)'],
    [{ NOTIFICATION_RETENTION_DAYS: '0.5' }, 'NOTIFICATION_RETENTION_DAYS: notificationRetentionDays: notificationRetentionDays must be 0 (keep everything) or at least 1'],
  ])('refuses personal data kept longer than its row, or rows gone within a day: %j', (env, message) => {
    expect(() => loadConfig(NotificationsConfig, env)).toThrow(message);
  });
});
