// One booking is one trace: the trace context travels in each outbox row (written with it) and in each message's
// headers (W3C traceparent/tracestate). The relay publishes a row in the row's own context, never in whatever context
// woke it; a consumer handles a delivery in the context its headers carry. Without tracing these spans are no-ops.
import { Context, propagation, ROOT_CONTEXT, Span, SpanKind, trace } from '@opentelemetry/api';
import type { ConsumeMessage } from 'amqplib';
import { storedContext } from '@wedding/infrastructure';
import type { OutboxRow } from './outbox';

const tracer = trace.getTracer('@wedding/messaging');

/** The producer span of a row, child of the context stored with it, and the headers that carry it on. */
export function startPublishSpan(exchange: string, row: OutboxRow): { span: Span; headers: Record<string, string> } {
  const parent = storedContext(row);
  const span = tracer.startSpan(
    `publish ${row.type}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'send',
        'messaging.destination.name': exchange,
        'messaging.rabbitmq.destination.routing_key': row.type,
        'messaging.message.id': row.id,
        'messaging.message.conversation_id': row.correlation_id ?? '',
        'event.type': row.type,
        'event.version': row.version,
      },
    },
    parent,
  );
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  return { span, headers };
}

/** The consumer span of a delivery, child of the producer span its headers name, and the context to handle it in. */
export function startConsumeSpan(queue: string, type: string, message: ConsumeMessage): { span: Span; context: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, message.properties.headers ?? {});
  const span = tracer.startSpan(
    `process ${type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': queue,
        'messaging.message.id': String(message.properties.messageId ?? ''),
        'messaging.message.conversation_id': String(message.properties.correlationId ?? ''),
        'event.type': type,
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}
