// Requests per client address per minute, one bucket per address across every route but /health; 0 turns it off.
// The address is the connection's, or with TRUST_PROXY the client's as the trusted proxies report it (Express's req.ip).
import { DynamicModule, HttpException, HttpStatus, Injectable, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModule } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';

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

export function rateLimiting(perMinute: number): { imports: DynamicModule[]; providers: Provider[] } {
  if (perMinute === 0) return { imports: [], providers: [] };
  return {
    imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: perMinute }])],
    providers: [{ provide: APP_GUARD, useClass: PerAddressThrottlerGuard }],
  };
}
