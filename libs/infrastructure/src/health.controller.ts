// Liveness and readiness. /health/live: the process runs. /health/ready (and /health, with the same details; also under
// /api/health, where the marketplace's clients look): the service can do its job — its database answers and every
// connection it cannot work without is up.
import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { answerWithin, timedOut } from './postgres';

/** A database that has not answered `SELECT 1` by then is reported down (503), not waited for. */
const DATABASE_ANSWER_MS = 2000;

/** Provided by each app: the connections it reports, and which of them it needs to be ready. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export interface ReadinessCheck {
  name: string;
  /** Counts towards `broker: "up" | "down"` in the body. */
  broker: boolean;
  required: boolean;
  up(): boolean;
  /** Said in words at the top of the body under the check's name (the consumer: `paused: database unavailable`). */
  state?(): string;
}

@Controller(['health', 'api/health'])
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[] = [],
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    return this.report();
  }

  @Get()
  health() {
    return this.report();
  }

  private async report() {
    const database = await answerWithin(this.dataSource.query('SELECT 1'), DATABASE_ANSWER_MS).then(
      (answer) => answer !== timedOut,
      () => false,
    );
    const results = this.checks.map((check) => ({ ...check, isUp: check.up() }));
    const ready = database && results.every((check) => check.isUp || !check.required);
    const brokerChecks = results.filter((check) => check.broker);
    const body = {
      status: ready ? 'ok' : 'unavailable',
      checks: { database, ...Object.fromEntries(results.map((check) => [check.name, check.isUp])) },
      ...(brokerChecks.length > 0 ? { broker: brokerChecks.every((check) => check.isUp) ? 'up' : 'down' } : {}),
      ...Object.fromEntries(results.filter((check) => check.state).map((check) => [check.name, check.state!()])),
    };
    if (!ready) throw new ServiceUnavailableException(body);
    return body;
  }
}
