// At start-up, before the dispatcher runs and the API listens: every stored signing secret that is still plaintext (a
// row of a version before encryption, or written by one during a rolling upgrade) or sealed with a previous key is
// sealed with WEBHOOK_SECRETS_KEY. A start-up step rather than a migration: a migration has no validated
// configuration to take the key from, and a key rotation needs the same pass again anyway.
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnreadableWebhookSecretError, WebhookSecretCipher } from './webhook-secret-cipher';

interface StoredSecrets {
  id: string;
  secret: string;
  previous_secret: string | null;
}

export interface SealingResult {
  sealed: number;
  /** Rows no configured key opens; left as they are, and their deliveries fail until the right key is configured. */
  unreadable: number;
}

@Injectable()
export class WebhookSecretSealing implements OnModuleInit {
  private readonly logger = new Logger(WebhookSecretSealing.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: WebhookSecretCipher,
  ) {}

  async onModuleInit(): Promise<void> {
    const { sealed, unreadable } = await this.sealStoredSecrets();
    if (sealed > 0) this.logger.log({ msg: 'webhook signing secrets encrypted with WEBHOOK_SECRETS_KEY', endpoints: sealed });
    if (unreadable > 0) {
      this.logger.error({
        msg: 'webhook signing secrets that no configured key decrypts: set the key that encrypted them in WEBHOOK_SECRETS_PREVIOUS_KEYS',
        endpoints: unreadable,
      });
    }
  }

  /**
   * Each row is changed only if it still holds what was read: instances starting together, or a rotation meanwhile,
   * never have a secret overwritten by an older one.
   */
  async sealStoredSecrets(): Promise<SealingResult> {
    const rows: StoredSecrets[] = await this.dataSource.query(
      `SELECT id::text, secret, previous_secret FROM webhook_endpoints
        WHERE secret NOT LIKE $1 OR previous_secret NOT LIKE $1`,
      [`v1:${this.cipher.currentKeyId}:%`],
    );
    const result: SealingResult = { sealed: 0, unreadable: 0 };
    for (const row of rows) {
      let secret: string;
      let previous: string | null;
      try {
        secret = this.resealed(row.id, row.secret);
        previous = row.previous_secret === null ? null : this.resealed(row.id, row.previous_secret);
      } catch (error) {
        if (!(error instanceof UnreadableWebhookSecretError)) throw error;
        result.unreadable++;
        continue;
      }
      const updated = await this.dataSource.query(
        `WITH sealed AS (UPDATE webhook_endpoints SET secret = $2, previous_secret = $3
          WHERE id = $1 AND secret = $4 AND previous_secret IS NOT DISTINCT FROM $5 RETURNING id) SELECT * FROM sealed`,
        [row.id, secret, previous, row.secret, row.previous_secret],
      );
      result.sealed += updated.length;
    }
    return result;
  }

  private resealed(endpointId: string, stored: string): string {
    return this.cipher.needsSealing(stored) ? this.cipher.seal(endpointId, this.cipher.open(endpointId, stored)) : stored;
  }
}
