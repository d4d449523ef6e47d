// What every service wires the same way to be observed: its logger (logging.ts), its metrics at GET /metrics
// (metrics.ts) and, when tracing runs (tracing.ts, started before the app), the last spans exported at shutdown.
import { DynamicModule, Injectable, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { Attributes, context, Context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
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

/** A trace context as W3C headers, kept with a row that other work picks up later (an outbox row, an email to send). */
export interface StoredTraceContext {
  traceparent: string | null;
  tracestate: string | null;
}

/** The active context, to store with a row written in this transaction (nulls without tracing). */
export function activeTraceContext(): StoredTraceContext {
  const carrier: { traceparent?: string; tracestate?: string } = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
}

/** The context a row was written in, to do its work in: the trace it belongs to, never the one that happens to be active. */
export function storedContext({ traceparent, tracestate }: Partial<StoredTraceContext>): Context {
  const carrier: Record<string, string> = {};
  if (traceparent) carrier.traceparent = traceparent;
  if (tracestate) carrier.tracestate = tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * Runs `work` in a span of its own, child of `parent` (by default the active context: a consumer's delivery): for what
 * no instrumentation sees, such as an email sent over SMTP or a webhook called with fetch. Attributes are ids and
 * outcomes, never addresses; a failure marks the span with its masked message.
 */
export async function inSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>, parent = context.active()): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, parent, async (span) => {
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
