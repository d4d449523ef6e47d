// Logs through pino (nestjs-pino is the app's logger, so every `new Logger(…)` of the code goes through it): one JSON
// object per line, the active trace and span ids on each line written during a request or a message, one line per
// request, and no personal data (personal-data.ts). LOG_FORMAT=text prints the same lines for a person at a terminal.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { DynamicModule, INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
import { maskPersonalText, redactPersonalData } from './personal-data';

/** `'pino'` in production; the tests give Nest's own logger levels, or a logger of theirs to capture lines. */
export type AppLogger = 'pino' | LoggerService | LogLevel[] | false;

/** Requests that would drown the log: probes and scrapes. */
const QUIET_PATHS = /^\/(metrics|health|api\/health)(\/|$)/;

/** Where a path carries a credential of its own (the calendar feed's secret). */
const SECRET_PATH_SEGMENTS = /\/calendar\/[^/]+\.ics$/;

export function logFormat(env: NodeJS.ProcessEnv = process.env): 'json' | 'text' {
  return (env.LOG_FORMAT ?? (process.stdout.isTTY ? 'text' : 'json')) === 'text' ? 'text' : 'json';
}

/** The active span's ids, on every line written inside a request's or a message's handling. */
function traceIds(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** The path without its query (a search may be a couple's name) and with secret segments hidden. */
function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return maskPersonalText(path.replace(SECRET_PATH_SEGMENTS, '/calendar/[redacted].ics'));
}

export function pinoOptions(service: string): LoggerOptions {
  return {
    level: process.env.LOG_LEVEL || 'info',
    base: { service, pid: process.pid },
    messageKey: 'msg',
    mixin: traceIds,
    // Known places first (cheap); then every field and every text of the record, at any depth.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    formatters: { log: (record) => redactPersonalData(record) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        // The message text itself (pino keeps it apart from the record's fields).
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskPersonalText(arg) : arg)) as typeof args);
      },
    },
  };
}

/** pino-http: one line per request when it is answered, with the route's template and no body. */
function requestLogOptions(service: string) {
  return {
    ...pinoOptions(service),
    quietReqLogger: true,
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : 'info',
    customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${loggedPath(req.url)} ${res.statusCode}`,
    customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${loggedPath(req.url)} ${res.statusCode}`,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: loggedPath(req.url) }),
      // pino's wrapper of the response; `raw` is the response itself, its status already set.
      res: (res: { raw?: ServerResponse }) => ({ statusCode: res.raw?.statusCode }),
    },
  };
}

/**
 * The Nest module that provides the pino logger and logs requests. With a logger of the tests' own it still exists
 * (the app's providers may ask for it) but writes nothing.
 */
export function loggingModule(service: string, logger: AppLogger): DynamicModule {
  if (logger !== 'pino') return LoggerModule.forRoot({ pinoHttp: { level: 'silent', autoLogging: false } });
  const options = requestLogOptions(service);
  return LoggerModule.forRoot({
    pinoHttp: logFormat() === 'text' ? [options, textDestination()] : options,
  });
}

/** NestFactory.create's options for that logger: pino takes over once the app exists, with the lines buffered until then. */
export function nestLoggerOptions(logger: AppLogger): { logger?: LoggerService | LogLevel[] | false; bufferLogs?: boolean } {
  return logger === 'pino' ? { bufferLogs: true } : { logger };
}

export function useAppLogger(app: INestApplication, logger: AppLogger): void {
  if (logger === 'pino') app.useLogger(app.get(Logger));
}

/** `12:01:02.345 INFO  [Context] message key=value …` from each JSON line. */
function textDestination(): DestinationStream {
  const names: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        try {
          const { time, level, msg, context, service: _service, pid: _pid, ...rest } = JSON.parse(line);
          const fields = Object.entries(rest)
            .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
            .join(' ');
          const clock = new Date(time).toISOString().slice(11, 23);
          process.stdout.write(`${clock} ${(names[level] ?? level).padEnd(5)} ${context ? `[${context}] ` : ''}${msg ?? ''} ${fields}\n`);
        } catch {
          process.stdout.write(`${line}\n`);
        }
      }
      done();
    },
  });
}
