// Webhook signing secrets at rest: AES-256-GCM under WEBHOOK_SECRETS_KEY, a random 96-bit IV per value, and the
// endpoint's id as associated data, so a value copied onto another endpoint's row does not open. Stored as
// `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url): the key id says which key sealed a value, so the keys of
// WEBHOOK_SECRETS_PREVIOUS_KEYS still open the rows of a replaced key until start-up re-seals them
// (webhook-secret-sealing.ts). A database dump, a backup or a read-only SQL injection no longer signs webhooks.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const PLAINTEXT_PREFIX = 'whsec_';
const SEALED = /^v1:([A-Za-z0-9_-]{11}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]+)$/;

/** A stored secret that no configured key opens: another key sealed it, or the row was altered. */
export class UnreadableWebhookSecretError extends Error {
  constructor(
    readonly endpointId: string,
    readonly reason: string,
  ) {
    super(`the signing secret of webhook endpoint ${endpointId} cannot be decrypted: ${reason}`);
    this.name = 'UnreadableWebhookSecretError';
  }
}

interface Key {
  /** 8 bytes derived from the key (not the key's hash: nothing to guess it from), base64url. */
  id: string;
  aes: Buffer;
}

/**
 * The setting is text (`openssl rand -base64 48`), not 32 raw bytes: HKDF turns it into the AES key, and the key id
 * comes from the same derivation with another label.
 */
function deriveKey(setting: string): Key {
  const material = Buffer.from(setting, 'utf8');
  const derive = (label: string, length: number) => Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), label, length));
  return { id: derive('webhook secrets: key id', 8).toString('base64url'), aes: derive('webhook secrets: aes-256-gcm', 32) };
}

export class WebhookSecretCipher {
  private readonly current: Key;
  private readonly keys: Map<string, Key>;

  /** `previousKeys`: WEBHOOK_SECRETS_PREVIOUS_KEYS, comma-separated, empty for none. */
  constructor(currentKey: string, previousKeys = '') {
    this.current = deriveKey(currentKey);
    const previous = previousKeys.split(',').map((key) => key.trim()).filter(Boolean).map(deriveKey);
    this.keys = new Map([this.current, ...previous].map((key) => [key.id, key]));
  }

  /** The id of WEBHOOK_SECRETS_KEY in stored values (`v1:<id>:…`). */
  get currentKeyId(): string {
    return this.current.id;
  }

  seal(endpointId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.aes, iv);
    cipher.setAAD(Buffer.from(endpointId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, this.current.id, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join(':');
  }

  /**
   * The secret `stored` holds. A plaintext `whsec_…` is answered as it is: a row written by an older version of the
   * service (during a rolling upgrade, or before its first start with this code), which start-up seals.
   */
  open(endpointId: string, stored: string): string {
    if (stored.startsWith(PLAINTEXT_PREFIX)) return stored;
    const [, keyId, iv, tag, ciphertext] = SEALED.exec(stored) ?? [];
    if (!keyId) throw new UnreadableWebhookSecretError(endpointId, 'not a stored secret of a known format');
    const key = this.keys.get(keyId);
    if (!key) {
      throw new UnreadableWebhookSecretError(endpointId, `sealed with key ${keyId}, which is neither WEBHOOK_SECRETS_KEY nor in WEBHOOK_SECRETS_PREVIOUS_KEYS`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key.aes, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(endpointId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // GCM's tag: the value was altered, or belongs to another endpoint.
      throw new UnreadableWebhookSecretError(endpointId, 'the stored value was altered or belongs to another endpoint');
    }
  }

  /** Whether start-up should seal the value again: plaintext, or sealed by a key other than WEBHOOK_SECRETS_KEY. */
  needsSealing(stored: string): boolean {
    return SEALED.exec(stored)?.[1] !== this.current.id;
  }
}
