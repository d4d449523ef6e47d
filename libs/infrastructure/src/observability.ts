// What every service wires the same way to be observed: its logger (logging.ts), its metrics at GET /metrics
// (metrics.ts) and, when tracing runs (tracing.ts, started before the app), the last spans exported at shutdown.
import { DynamicModule, Injectable, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { Attributes, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { HttpSettings } from './http-settings';
import { AppLogger, loggingModule, RequestLog } from './logging';
import { Metrics, MetricsController } from './metrics';
import { maskPersonalText } from './personal-data';
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
  const logging = loggingModule(service, logger);
  return {
    imports: [logging.module],
    controllers: [MetricsController],
    providers: [
      { provide: Metrics, useValue: new Metrics({ service, token: settings.metricsToken }) },
      { provide: RequestLog, useValue: logging.requests },
      TracingShutdown,
    ],
  };
}

const tracer = trace.getTracer('@wedding/infrastructure');

/**
 * Runs `work` in a span of its own, child of the active one (a consumer's delivery): for what no instrumentation sees,
 * such as an email sent over SMTP or a webhook called with fetch. Attributes are ids and outcomes, never addresses;
 * a failure marks the span with its masked message.
 */
export async function inSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: maskPersonalText(error instanceof Error ? error.message : String(error)) });
      throw error;
    } finally {
      span.end();
    }
  });
}
