// OpenTelemetry tracing for a service, configured by the standard variables (OTEL_EXPORTER_OTLP_ENDPOINT,
// OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, OTEL_SDK_DISABLED, OTEL_BSP_*). The http and pg
// instrumentations patch those modules as they are required, so this runs before anything else: each app's
// tracing.ts, the first import of its main.ts, through the path `@wedding/infrastructure/tracing` (not the lib's
// index, which loads Nest and pg). Without an endpoint, or with OTEL_SDK_DISABLED=true, no SDK is loaded at all.
import type { IncomingMessage } from 'node:http';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { maskPersonalText } from './personal-data';

export interface TracingOptions {
  /** service.name, unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  env?: NodeJS.ProcessEnv;
}

/** Requests that are not part of any booking's story: probes and scrapes would each start a trace of their own. */
const UNTRACED_PATHS = /^\/(metrics|health|api\/health)(\/|\?|$)/;
/**
 * The notification service's webhook calls (its user agent): their own span says the ids; an HTTP span would record
 * the URL (a Slack webhook's path is its secret) and send the trace context to a third party.
 */
export const UNTRACED_USER_AGENT = /^wedding-coordinator-webhooks\//;

type Protocol = 'http/protobuf' | 'http/json';

let provider: { shutdown(): Promise<void> } | undefined;

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (String(env.OTEL_SDK_DISABLED).trim().toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** The protocol the variables ask for; grpc is refused at start-up rather than silently not exporting. */
export function otlpProtocol(env: NodeJS.ProcessEnv = process.env): Protocol {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
  if (protocol === 'http/protobuf' || protocol === 'http/json') return protocol;
  throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported: use http/protobuf or http/json`);
}

/** Starts the SDK once per process when the variables ask for it; answers whether it did. */
export function startTracing({ serviceName, env = process.env }: TracingOptions): boolean {
  if (provider || !tracingEnabled(env)) return provider !== undefined;
  const protocol = otlpProtocol(env);
  // Required here, not at the top: a service without tracing loads none of the SDK.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { OTLPTraceExporter } =
    protocol === 'http/json'
      ? (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http'))
      : (require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto'));
  /* eslint-enable @typescript-eslint/no-require-imports */

  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over the app's own name.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  // The sampler (OTEL_TRACES_SAMPLER, default parent-based always-on), the batch processor's limits (OTEL_BSP_*) and
  // the exporter's endpoint and headers come from the variables, read by the SDK itself.
  const tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors: [new SpanRedaction(), new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // W3C trace context (traceparent, tracestate) and AsyncLocalStorage for the active context.
  tracerProvider.register();
  registerInstrumentations({
    tracerProvider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
        // An outgoing call outside any booking (a JWKS refresh) is not worth a trace of its own.
        requireParentforOutgoingSpans: true,
        ignoreOutgoingRequestHook: (options) => {
          const headers = (options.headers ?? {}) as Record<string, unknown>;
          return UNTRACED_USER_AGENT.test(String(headers['user-agent'] ?? ''));
        },
      }),
      // The relay's and the retention sweep's polling run outside any trace: no span for their statements.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  provider = tracerProvider;
  return true;
}

/** Exports what is still buffered; called when the service shuts down. */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  await stopping?.shutdown().catch(() => undefined);
}

/**
 * Spans carry ids, never names, emails, phones or credentials; but an instrumentation records what it is given — a
 * request's URL (the calendar feed's path is its secret, a query may hold one), an error's message (a database's
 * detail may quote a value) as the span's status and exception event. Every text of the span — its name, attributes,
 * status and events — is masked like a log line (personal-data.ts) as the span ends, before any exporter sees it.
 */
const URL_ATTRIBUTES = new Set(['http.url', 'http.target', 'url.full', 'url.path']);
const STATEMENT_ATTRIBUTES = new Set(['db.statement', 'db.query.text']);

export class SpanRedaction implements SpanProcessor {
  onStart(_span: Span, _context: Context): void {}

  onEnding(span: Span): void {
    const name = maskPersonalText(span.name);
    if (name !== span.name) span.updateName(name);
    const { status } = span;
    if (status.message) span.setStatus({ code: status.code, message: maskPersonalText(status.message) });
    for (const [key, value] of Object.entries(span.attributes)) {
      // Statements are the code's text with $n parameters, never values: long, and nothing to mask.
      if (STATEMENT_ATTRIBUTES.has(key)) continue;
      if (typeof value === 'string') {
        // A query string may be a search for a couple's name, or a credential: URLs keep their path only.
        const masked = maskPersonalText(URL_ATTRIBUTES.has(key) ? value.replace(/\?.*$/, '') : value);
        if (masked !== value) span.setAttribute(key, masked);
      } else if (Array.isArray(value) && value.some((item) => typeof item === 'string')) {
        // A header recorded as an attribute is a list of strings.
        span.setAttribute(key, (value as unknown[]).map((item) => (typeof item === 'string' ? maskPersonalText(item) : item)) as string[]);
      }
    }
    if (typeof span.attributes['url.query'] === 'string') span.setAttribute('url.query', '');
    for (const event of span.events) {
      event.name = maskPersonalText(event.name);
      for (const [key, value] of Object.entries(event.attributes ?? {})) {
        if (typeof value === 'string') event.attributes![key] = maskPersonalText(value);
      }
    }
  }

  onEnd(_span: ReadableSpan): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
