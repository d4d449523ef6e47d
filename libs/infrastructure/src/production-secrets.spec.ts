import { assertProductionSecret, productionSecretProblem } from './production-secrets';
import { DEVELOPMENT_JWT_SECRET } from './token-verifier';

const RANDOM = 'Yq3v9Jx0cW2pN8bT5rL1mZ7dH4sK6fA0gE2uI9oP3wR=';

describe('assertProductionSecret', () => {
  it.each([
    // A random secret, as the refusal says to make one, and ones just long and varied enough.
    ['openssl rand -base64 48', RANDOM, undefined],
    ['openssl rand -hex 16 (32 bytes)', '9f86d081884c7d659a2feaa0c55ad015', undefined],
    ['32 ASCII bytes', 'a-long-enough-passphrase-xyz-123', undefined],
    ['11 characters of 3 bytes: 33 bytes', '日本語のひみつ鍵です。', undefined],
    // The published placeholders, in any case and with stray spaces.
    ['the JWT development default', DEVELOPMENT_JWT_SECRET, /published placeholder/],
    ['the calendar development default', 'local-development-calendar-key-change-me-in-production', /published placeholder/],
    ['the webhook-secrets development default', 'local-development-webhook-secrets-key-change-me-in-production', /published placeholder/],
    ['the old compose JWT fallback', 'compose-local-secret-replace-me-with-32-or-more-chars', /published placeholder/],
    ['the old compose calendar fallback', ' COMPOSE-LOCAL-CALENDAR-KEY-REPLACE-ME-32-CHARS ', /published placeholder/],
    ['changeme', 'changeme', /published placeholder/],
    ['change-me padded to 32 bytes', 'please-change-me-before-going-live!!', /published placeholder/],
    ['secret', 'secret', /published placeholder/],
    ['Password', 'Password', /published placeholder/],
    ['a placeholder word', 'my-placeholder-value-for-production-use', /published placeholder/],
    // Too short, in bytes of UTF-8.
    ['31 ASCII bytes', 'a-long-enough-passphrase-xyz-12', /is 31 bytes long; production needs at least 32/],
    ['10 characters of 3 bytes: 30 bytes', '日本語のひみつ鍵です', /is 30 bytes long/],
    ['empty', '', /is not set/],
    ['blank', '   ', /is not set/],
    // Long, but no random text looks like this.
    ['one character repeated', 'x'.repeat(64), /only 1 different character,/],
    ['a word repeated', 'secretsecretsecretsecretsecretsecret', /only 5 different characters/],
  ])('%s → %p', (_case, value, problem) => {
    if (problem === undefined) {
      expect(productionSecretProblem('JWT_SECRET', value)).toBeUndefined();
      expect(() => assertProductionSecret('JWT_SECRET', value)).not.toThrow();
    } else {
      expect(() => assertProductionSecret('JWT_SECRET', value)).toThrow(problem);
    }
  });

  it('names the variable, says how to make a secret, and never quotes the value', () => {
    const value = 'compose-local-secret-replace-me-with-32-or-more-chars';
    const problem = productionSecretProblem('CALENDAR_FEED_KEY', value)!;
    expect(problem).toMatch(/^CALENDAR_FEED_KEY /);
    expect(problem).toContain('openssl rand -base64 48');
    expect(problem).not.toContain(value);
    expect(productionSecretProblem('METRICS_TOKEN', 'short-token')).not.toContain('short-token');
  });
});
