// GET /health (and /api/health, where the marketplace's clients look): 200 only when the service's database and
// broker connections are up, 503 otherwise.
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

/** Provided by each app: names each broker connection it depends on and whether it is up right now. */
export const BROKER_CONNECTIONS = Symbol('BROKER_CONNECTIONS');
export type BrokerConnections = () => Record<string, boolean>;

@Controller(['health', 'api/health'])
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BROKER_CONNECTIONS) private readonly brokerConnections: BrokerConnections,
  ) {}

  @Get()
  async check() {
    const database = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const broker = this.brokerConnections();
    const report = { database, ...broker };
    const healthy = Object.values(report).every(Boolean);
    const body = { status: healthy ? 'ok' : 'unavailable', checks: report };
    if (!healthy) throw new ServiceUnavailableException(body);
    return body;
  }
}
