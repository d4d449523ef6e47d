import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type Span } from '@opentelemetry/sdk-trace-base';
import { otlpProtocol, SpanRedaction, tracingEnabled } from './tracing';

describe('tracing configuration', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: ' TRUE ' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'false' }, true],
  ])('%p → on: %p', (env, enabled) => {
    expect(tracingEnabled(env)).toBe(enabled);
  });

  it.each([
    [{}, 'http/protobuf'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'http/json'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }, 'http/protobuf'],
  ])('%p → %p', (env, protocol) => {
    expect(otlpProtocol(env)).toBe(protocol);
  });

  it('refuses a protocol it cannot export with, naming the variable', () => {
    expect(() => otlpProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported/);
  });
});

describe('SpanRedaction', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SpanRedaction(), new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  const FEED_SECRET = '3q2-7wLZ_kV0d1cQmBf9jYH6gGd8hXpI1rTzNaS4uEo';
  const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/t+bT0zqT3c=';
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

  /** The span as exported, after `record` wrote to it. */
  const exported = (record: (span: Span) => void) => {
    exporter.reset();
    const span = tracer.startSpan('GET') as unknown as Span;
    record(span);
    span.end();
    return exporter.getFinishedSpans()[0];
  };

  afterAll(() => provider.shutdown());

  it.each([
    ['http.url', `http://127.0.0.1:3002/api/coordinator/calendar/${FEED_SECRET}.ics?x=1`, 'http://127.0.0.1:3002/api/coordinator/calendar/[redacted].ics'],
    ['http.target', `/api/coordinator/calendar/${FEED_SECRET}.ics`, '/api/coordinator/calendar/[redacted].ics'],
    ['url.path', `/api/coordinator/calendar/${FEED_SECRET}.ics`, '/api/coordinator/calendar/[redacted].ics'],
    ['url.full', `https://h/api/notifications/sms/inbound?secret=abc`, 'https://h/api/notifications/sms/inbound'],
    ['url.query', 'secret=abc', ''],
    ['http.route', '/api/coordinator/calendar/:file', '/api/coordinator/calendar/:file'],
    ['webhook.note', `answered ${WEBHOOK_SECRET}`, 'answered whsec_[redacted]'],
    ['http.request.header.authorization', [`Bearer ${JWT}`], ['Bearer [token]']],
    ['db.statement', 'SELECT 1 FROM t WHERE secret_hash = $1', 'SELECT 1 FROM t WHERE secret_hash = $1'],
  ])('%s: %p → %p', (key, value, masked) => {
    expect(exported((span) => span.setAttribute(key, value)).attributes[key]).toEqual(masked);
  });

  it('masks the name, the status and the events', () => {
    const span = exported((span) => {
      span.updateName(`GET /api/coordinator/calendar/${FEED_SECRET}.ics`);
      span.setStatus({ code: 2, message: `refused ${WEBHOOK_SECRET}` });
      span.addEvent(`exception at /calendar/${FEED_SECRET}.ics`, { 'exception.message': `Bearer ${JWT}` });
    });
    expect(JSON.stringify([span.name, span.status, span.events])).not.toMatch(new RegExp(`${FEED_SECRET}|${JWT}|whsec_M`));
    expect(span.name).toBe('GET /api/coordinator/calendar/[redacted].ics');
  });
});
