import { UnreadableWebhookSecretError, WebhookSecretCipher } from './webhook-secret-cipher';
import { newWebhookSecret } from './webhook-signature';

const KEY = 'first-test-key-of-at-least-32-bytes';
const OTHER_KEY = 'another-test-key-of-at-least-32-bytes';
const ENDPOINT = '6f1d6c7e-8a59-4d5b-9a53-0d7e2b1c4a10';
const OTHER_ENDPOINT = '0b3c2d1e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

/** The stored value with one character of part `index` (0 version … 4 ciphertext) replaced. */
function altered(stored: string, index: number): string {
  const parts = stored.split(':');
  const part = parts[index];
  parts[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join(':');
}

describe('WebhookSecretCipher', () => {
  const cipher = new WebhookSecretCipher(KEY);
  const secret = newWebhookSecret();

  it('opens what it sealed, for the same endpoint', () => {
    const stored = cipher.seal(ENDPOINT, secret);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{11}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(stored.startsWith(`v1:${cipher.currentKeyId}:`)).toBe(true);
    expect(stored).not.toContain(secret.slice(6, 20));
    expect(cipher.open(ENDPOINT, stored)).toBe(secret);
  });

  it('seals the same secret differently each time (a random IV per value)', () => {
    expect(cipher.seal(ENDPOINT, secret)).not.toBe(cipher.seal(ENDPOINT, secret));
  });

  it.each([
    ['another endpoint id (a value copied onto another row)', (stored: string) => [OTHER_ENDPOINT, stored], /belongs to another endpoint/],
    ['an altered ciphertext', (stored: string) => [ENDPOINT, altered(stored, 4)], /altered/],
    ['an altered tag', (stored: string) => [ENDPOINT, altered(stored, 3)], /altered/],
    ['an altered IV', (stored: string) => [ENDPOINT, altered(stored, 2)], /altered/],
    ['an unknown key id', (stored: string) => [ENDPOINT, altered(stored, 1)], /neither WEBHOOK_SECRETS_KEY nor in WEBHOOK_SECRETS_PREVIOUS_KEYS/],
    ['a truncated value', (stored: string) => [ENDPOINT, stored.split(':').slice(0, 4).join(':')], /not a stored secret/],
    ['another format version', (stored: string) => [ENDPOINT, stored.replace(/^v1:/, 'v2:')], /not a stored secret/],
  ])('refuses %s', (_case, change, reason) => {
    const [endpointId, stored] = change(cipher.seal(ENDPOINT, secret));
    expect(() => cipher.open(endpointId, stored)).toThrow(UnreadableWebhookSecretError);
    expect(() => cipher.open(endpointId, stored)).toThrow(reason);
  });

  it('refuses a value sealed with another key, naming neither key', () => {
    const stored = new WebhookSecretCipher(OTHER_KEY).seal(ENDPOINT, secret);
    expect(() => cipher.open(ENDPOINT, stored)).toThrow(/sealed with key [A-Za-z0-9_-]{11}, which is neither/);
    expect(() => cipher.open(ENDPOINT, stored)).not.toThrow(OTHER_KEY);
  });

  it('opens values of a previous key, and seals with the current one', () => {
    const before = new WebhookSecretCipher(OTHER_KEY).seal(ENDPOINT, secret);
    const rotated = new WebhookSecretCipher(KEY, ` ${OTHER_KEY} , `);
    expect(rotated.open(ENDPOINT, before)).toBe(secret);
    expect(rotated.seal(ENDPOINT, secret).startsWith(`v1:${cipher.currentKeyId}:`)).toBe(true);
  });

  it('answers a plaintext secret (a row of an older version) as it is', () => {
    expect(cipher.open(ENDPOINT, secret)).toBe(secret);
  });

  it.each([
    ['plaintext', true, () => secret],
    ['sealed with the current key', false, () => cipher.seal(ENDPOINT, secret)],
    ['sealed with a previous key', true, () => new WebhookSecretCipher(OTHER_KEY).seal(ENDPOINT, secret)],
  ])('%s → needs sealing again: %p', (_case, expected, stored) => {
    expect(new WebhookSecretCipher(KEY, OTHER_KEY).needsSealing(stored())).toBe(expected);
  });

  it('derives one key id per key, the same in every process', () => {
    expect(new WebhookSecretCipher(KEY).currentKeyId).toBe(cipher.currentKeyId);
    expect(new WebhookSecretCipher(OTHER_KEY).currentKeyId).not.toBe(cipher.currentKeyId);
  });
});
