// The HTTP rate limit's counters, in the service's own PostgreSQL database, so that every replica of a service counts
// against the same limit (@nestjs/throttler's default storage is one process's memory: two replicas doubled it). One
// statement per request, an upsert that counts and answers at once, so there is no read-then-write race; expired
// buckets are swept on a timer, never by the requests. If the database does not answer, the limiter lets requests
// through (fails open) rather than turning every request into an error, and says so once.
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource, QueryRunner } from 'typeorm';

/** What the storage needs of pg: the pool's query, with a named (prepared) statement. */
export interface Queryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/** The throttler's answer (ThrottlerStorageRecord): hits in the window, and seconds until it and any block end. */
export interface BucketCount {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** The DDL of the buckets table, owned here and called by each service's migration (frozen once released). */
export const rateLimitTables = {
  /**
   * One row per key (the throttler's hash of the client address). UNLOGGED: counters need no crash safety (a crash
   * forgets at most a minute of counts) and skip the WAL on the hot path. A low fillfactor leaves room on each page
   * for HOT updates: the counter changes on every request, the key (the only indexed column) never does.
   */
  async createBuckets(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_buckets (
        key            text PRIMARY KEY,
        hits           integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until  timestamptz
      ) WITH (fillfactor = 50)`);
  },

  async dropBuckets(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_buckets`);
  },
};

/**
 * A fixed window per key, as the throttler's own storage keeps it: the first hit opens a window of `ttl`; a hit beyond
 * `limit` in it blocks the key for `blockDuration` (hits while blocked are not counted), after which a new window
 * opens. $1 key, $2 ttl (ms), $3 limit, $4 block duration (ms). `now()` is the statement's one instant.
 */
const HIT = `
  INSERT INTO rate_limit_buckets AS b (key, hits, window_ends_at)
  VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000))
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN b.blocked_until > now() THEN b.hits
                WHEN b.window_ends_at <= now() OR b.blocked_until IS NOT NULL THEN 1
                ELSE b.hits + 1 END,
    window_ends_at = CASE WHEN b.blocked_until > now() THEN b.window_ends_at
                          WHEN b.window_ends_at <= now() OR b.blocked_until IS NOT NULL THEN EXCLUDED.window_ends_at
                          ELSE b.window_ends_at END,
    blocked_until = CASE WHEN b.blocked_until > now() THEN b.blocked_until
                         WHEN b.window_ends_at > now() AND b.blocked_until IS NULL AND b.hits + 1 > $3
                           THEN now() + make_interval(secs => $4::float8 / 1000) END
  RETURNING hits,
            ceil(extract(epoch FROM b.window_ends_at - now()))::int AS window_s,
            ceil(extract(epoch FROM b.blocked_until - now()))::int AS block_s`;

/** Buckets whose window and block are both over: the next hit would start afresh anyway. */
const SWEEP = `DELETE FROM rate_limit_buckets WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`;

export interface PostgresThrottlerStorageOptions {
  /** How often expired buckets are deleted. */
  sweepIntervalMs?: number;
  /** After a failed statement, requests pass without asking the database for this long, then it is tried again. */
  retryAfterFailureMs?: number;
}

export class PostgresThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly sweepIntervalMs: number;
  private readonly retryAfterFailureMs: number;
  private sweeper?: NodeJS.Timeout;
  /** Set while the database is failing: the time (ms) before which requests pass unasked. */
  private failingUntil: number | undefined;

  constructor(
    private readonly pool: Queryable,
    { sweepIntervalMs = 60_000, retryAfterFailureMs = 5_000 }: PostgresThrottlerStorageOptions = {},
  ) {
    this.sweepIntervalMs = sweepIntervalMs;
    this.retryAfterFailureMs = retryAfterFailureMs;
  }

  /** The pg pool under a TypeORM data source: one round trip, a prepared statement, no query runner in between. */
  static of(dataSource: DataSource, options?: PostgresThrottlerStorageOptions): PostgresThrottlerStorage {
    const pool = (dataSource.driver as unknown as { master?: Queryable }).master;
    return new PostgresThrottlerStorage(pool ?? { query: async ({ text, values }) => ({ rows: await dataSource.query(text, values) }) }, options);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<BucketCount> {
    this.startSweeping();
    if (this.failingUntil !== undefined && Date.now() < this.failingUntil) return passUnlimited(ttl);
    let row: Record<string, unknown>;
    try {
      [row] = (await this.pool.query({ name: 'rate-limit-hit', text: HIT, values: [key, ttl, limit, blockDuration] })).rows;
    } catch (error) {
      this.failed(error);
      return passUnlimited(ttl);
    }
    if (this.failingUntil !== undefined) {
      this.failingUntil = undefined;
      this.logger.log({ msg: 'rate limit enforced again: its database answers' });
    }
    const blockS = row.block_s === null ? 0 : Number(row.block_s);
    return {
      totalHits: Number(row.hits),
      timeToExpire: Math.max(0, Number(row.window_s)),
      isBlocked: blockS > 0,
      timeToBlockExpire: Math.max(0, blockS),
    };
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Deletes the buckets that are over; any replica may do it, and doing it twice is harmless. */
  async sweep(): Promise<void> {
    await this.pool.query({ text: SWEEP });
  }

  /** Once per outage, not per request: the first failure warns, and the recovery is logged (above). */
  private failed(error: unknown): void {
    if (this.failingUntil === undefined) {
      this.logger.warn({
        msg: 'rate limit not enforced: its database does not answer; requests pass unlimited until it does',
        error: String(error),
      });
    }
    this.failingUntil = Date.now() + this.retryAfterFailureMs;
  }

  private startSweeping(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      // A database that is away is the failure path's business; the next sweep tries again.
      this.sweep().catch(() => undefined);
    }, this.sweepIntervalMs);
    this.sweeper.unref();
  }
}

/** The answer while the database is away: within the limit. */
function passUnlimited(ttlMs: number): BucketCount {
  return { totalHits: 0, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: false, timeToBlockExpire: 0 };
}
