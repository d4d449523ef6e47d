// Requests per client address per minute, for every route but /health; 0 turns it off.
import { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';

export function rateLimiting(perMinute: number): { imports: DynamicModule[]; providers: Provider[] } {
  if (perMinute === 0) return { imports: [], providers: [] };
  return {
    imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: perMinute }])],
    providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
  };
}
