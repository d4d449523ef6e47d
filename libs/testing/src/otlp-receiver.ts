// A test OTLP/HTTP trace receiver: accepts POST /v1/traces as OTLP/JSON (application/json) and OTLP/protobuf
// (application/x-protobuf), and keeps every span it was sent. There is no collector or Jaeger package for this machine.
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as protobuf from 'protobufjs';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's numbering: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  service: string;
  attributes: Record<string, unknown>;
  statusMessage: string | undefined;
  /** Every text the span carries (its events' attributes included), for searching. */
  text: string;
}

/** The part of opentelemetry-proto's trace service the receiver reads (field numbers as in the spec). */
const TRACE_PROTO = `
syntax = "proto3";
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { repeated Span spans = 2; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
  repeated Event events = 11; Status status = 15;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

const ExportRequest = protobuf.parse(TRACE_PROTO, { keepCase: false }).root.lookupType('ExportTraceServiceRequest');

type KeyValue = { key: string; value?: Record<string, unknown> };

function anyValue(value: Record<string, unknown> | undefined): unknown {
  if (!value) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('arrayValue' in value) return ((value.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(anyValue);
  if ('kvlistValue' in value) return attributes((value.kvlistValue as { values?: KeyValue[] }).values);
  return undefined;
}

function attributes(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, anyValue(value)]));
}

/** OTLP/JSON gives ids as hex; OTLP/protobuf as bytes (decoded here to hex). */
const hexId = (id: unknown): string =>
  typeof id === 'string' ? id.toLowerCase() : id instanceof Uint8Array ? Buffer.from(id).toString('hex') : '';

interface OtlpRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      spans?: {
        traceId: unknown;
        spanId: unknown;
        parentSpanId?: unknown;
        name: string;
        kind?: number;
        attributes?: KeyValue[];
        events?: { name: string; attributes?: KeyValue[] }[];
        status?: { message?: string };
      }[];
    }[];
  }[];
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** The protocols requests came in: `http/json`, `http/protobuf`. */
  readonly protocols = new Set<string>();
  /** Why each refused request was refused: its spans are lost (an exporter does not retry a 400), not late. */
  readonly refused: string[] = [];
  /** When the last span came in (ms since the epoch): a test that times out tells spans still coming from spans lost. */
  lastReceivedAt = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (req, res) => {
      void receiver.receive(req).then(
        (contentType) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(contentType === 'application/json' ? '{}' : undefined);
        },
        (error: unknown) => {
          receiver.refused.push(String(error));
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (the exporters add /v1/traces). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(req: IncomingMessage): Promise<string> {
    if (req.method !== 'POST' || req.url !== '/v1/traces') throw new Error(`unexpected ${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim();
    let request: OtlpRequest;
    if (contentType === 'application/json') {
      request = JSON.parse(body.toString('utf8'));
      this.protocols.add('http/json');
    } else if (contentType === 'application/x-protobuf') {
      request = ExportRequest.toObject(ExportRequest.decode(body), { longs: String }) as OtlpRequest;
      this.protocols.add('http/protobuf');
    } else {
      throw new Error(`unsupported content type ${contentType}`);
    }
    for (const resourceSpans of request.resourceSpans ?? []) {
      const service = String(attributes(resourceSpans.resource?.attributes)['service.name'] ?? '');
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          const spanAttributes = attributes(span.attributes);
          const parentSpanId = hexId(span.parentSpanId);
          this.spans.push({
            traceId: hexId(span.traceId),
            spanId: hexId(span.spanId),
            parentSpanId: parentSpanId || undefined,
            name: span.name,
            kind: span.kind ?? 0,
            service,
            attributes: spanAttributes,
            statusMessage: span.status?.message || undefined,
            text: JSON.stringify([span.name, spanAttributes, span.status?.message, (span.events ?? []).map((e) => [e.name, attributes(e.attributes)])]),
          });
          this.lastReceivedAt = Date.now();
        }
      }
    }
    return contentType;
  }
}
