// Requests per client address per minute, one bucket per address across every route but /health; 0 turns it off.
// The address is the connection's, or with TRUST_PROXY the client's as the trusted proxies report it (Express's req.ip).
// The counts are kept in the service's database (rate-limit-storage.ts), shared by all its replicas.
import { DynamicModule, HttpException, HttpStatus, Injectable, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModule } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ExecutionContext } from '@nestjs/common';
import { PostgresThrottlerStorage } from './rate-limit-storage';

/**
 * The throttler keys its buckets by class and handler by default, i.e. per route: a client refused on one route
 * carried on at full rate on every other. Keyed by address alone, the limit is the client's, as documented.
 */
@Injectable()
export class PerAddressThrottlerGuard extends ThrottlerGuard {
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return createHash('sha256').update(`${throttlerName}-${tracker}`).digest('hex');
  }

  /** A plain 429 (the default names the ThrottlerException class); `Retry-After` is already set by the guard. */
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    { timeToBlockExpire }: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `too many requests from this address; try again in ${timeToBlockExpire} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** Needs the service's TypeORM data source (databaseModule): the buckets live in its database. */
export function rateLimiting(perMinute: number): { imports: DynamicModule[]; providers: Provider[] } {
  if (perMinute === 0) return { imports: [], providers: [] };
  return {
    imports: [
      ThrottlerModule.forRootAsync({
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => ({
          throttlers: [{ ttl: 60_000, limit: perMinute }],
          storage: PostgresThrottlerStorage.of(dataSource),
        }),
      }),
    ],
    providers: [{ provide: APP_GUARD, useClass: PerAddressThrottlerGuard }],
  };
}

/**
 * A limit of the API's own (a resend, a confirmation code) was reached: 429 with `Retry-After` (set by the error
 * filter) and a body that says which limit and when it frees: `{ statusCode, error, message, limit, retryAt }`.
 */
export class LimitReachedException extends HttpException {
  constructor(
    message: string,
    /** Which limit, for clients that tell them apart (e.g. `per-notification`). */
    readonly limit: string,
    /** When a request would be allowed again. */
    readonly retryAt: Date,
  ) {
    super(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message, limit, retryAt: retryAt.toISOString() },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** Whole seconds from `now`, at least 1: what Retry-After says. */
  retryAfterSeconds(now = new Date()): number {
    return Math.max(1, Math.ceil((this.retryAt.getTime() - now.getTime()) / 1000));
  }
}
