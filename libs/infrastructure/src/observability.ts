// What every service wires the same way to be observed: its logger (logging.ts), its metrics at GET /metrics
// (metrics.ts) and, when tracing runs (tracing.ts, started before the app), the last spans exported at shutdown.
import { DynamicModule, Injectable, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { HttpSettings } from './http-settings';
import { AppLogger, loggingModule } from './logging';
import { Metrics, MetricsController } from './metrics';
import { stopTracing } from './tracing';

@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

/** Spread into an app module's imports, controllers and providers, like rateLimiting(). */
export function observability(
  settings: Pick<HttpSettings, 'metricsToken'>,
  { service, logger }: { service: string; logger: AppLogger },
): { imports: DynamicModule[]; controllers: Type[]; providers: Provider[] } {
  return {
    imports: [loggingModule(service, logger)],
    controllers: [MetricsController],
    providers: [{ provide: Metrics, useValue: new Metrics({ service, token: settings.metricsToken }) }, TracingShutdown],
  };
}
