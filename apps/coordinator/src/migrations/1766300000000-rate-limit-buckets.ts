import { MigrationInterface, QueryRunner } from 'typeorm';
import { rateLimitTables } from '@wedding/infrastructure';

/** The HTTP rate limit's counters (RATE_LIMIT_PER_MINUTE), shared by every replica of the service. */
export class RateLimitBuckets1766300000000 implements MigrationInterface {
  name = 'RateLimitBuckets1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await rateLimitTables.createBuckets(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await rateLimitTables.dropBuckets(q);
  }
}
