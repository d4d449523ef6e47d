// Logs through pino (nestjs-pino is the app's logger, so every `new Logger(…)` of the code goes through it): one JSON
// object per line, the active trace and span ids on each line written during a request or a message, one line per
// request (RequestLog), and no personal data (personal-data.ts). LOG_FORMAT=text prints them for a person instead.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { DynamicModule, INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { Logger as NestPinoLogger, LoggerModule } from 'nestjs-pino';
import { destination, pino, stdSerializers, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { CENSORED, isPersonalKey, maskPersonalText, redactPersonalData } from './personal-data';

/** `'pino'` in production; the tests give Nest's own logger levels, or a logger of theirs to capture lines. */
export type AppLogger = 'pino' | LoggerService | LogLevel[] | false;

/** Requests that would drown the log: probes and scrapes. */
const QUIET_PATHS = /^\/(metrics|health|api\/health)(\/|$)/;

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

/** The path without its query (a search may be a couple's name) and with secret segments (a calendar feed's) hidden. */
function loggedPath(url: string | undefined): string {
  return maskPersonalText((url ?? '').split('?')[0]);
}

export function pinoOptions(service: string): LoggerOptions {
  return {
    level: process.env.LOG_LEVEL || 'info',
    base: { service, pid: process.pid },
    messageKey: 'msg',
    mixin: traceIds,
    // Every field and every text of the record, at any depth. pino hands the formatter the record before its
    // serializers run: the fields they own (the request, the response, an error) are left to them, or a request's
    // socket and server would be walked on every line.
    formatters: { log: redactRecord },
    serializers: { err: (error: Error) => redactPersonalData(stdSerializers.err(error)) },
    hooks: {
      logMethod(args, method) {
        // The message text itself (pino keeps it apart from the record's fields).
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskPersonalText(arg) : arg)) as typeof args);
      },
    },
  };
}

const SERIALIZED = new Set(['req', 'res', 'err']);

function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (SERIALIZED.has(key)) redacted[key] = value;
    else redacted[key] = isPersonalKey(key) && value !== null && value !== undefined ? CENSORED : redactPersonalData(value);
  }
  return redacted;
}

/**
 * One line per request when it is answered: method, path (no query, no secret segment), status and time, at info
 * (error for a 5xx). Written here rather than by nestjs-pino's pino-http middleware, which makes a child logger per
 * request and keeps it in an AsyncLocalStorage (whose promise hook every promise of the process then pays for on
 * Node 20): the two cost the bookings service 0.6–0.8 ms of CPU per booking in `npm run bench:tracing`. The trace id
 * still comes with each line (the mixin reads the active span).
 */
export class RequestLog {
  constructor(private readonly logger: Logger | undefined) {}

  middleware() {
    const logger = this.logger;
    return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
      if (!logger || QUIET_PATHS.test(req.url ?? '')) return next();
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const path = loggedPath(req.url);
        const responseTime = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
        const line = { req: { method: req.method, path }, res: { statusCode: res.statusCode }, responseTime };
        logger[res.statusCode >= 500 ? 'error' : 'info'](line, `${req.method} ${path} ${res.statusCode}`);
      });
      next();
    };
  }
}

/**
 * The Nest module whose logger the app uses (nestjs-pino's, over one pino instance), and the request log. With a
 * logger of the tests' own it still exists (the app's providers may ask for it) but writes nothing.
 */
export function loggingModule(service: string, logger: AppLogger): { module: DynamicModule; requests: RequestLog } {
  if (logger !== 'pino') {
    return { module: LoggerModule.forRoot({ pinoHttp: { level: 'silent' }, forRoutes: [] }), requests: new RequestLog(undefined) };
  }
  const instance = pino(pinoOptions(service), logFormat() === 'text' ? textDestination() : bufferedStdout());
  // pino-http's middleware is not mounted (no routes): nestjs-pino only takes the instance as its root logger.
  return { module: LoggerModule.forRoot({ pinoHttp: { logger: instance }, forRoutes: [] }), requests: new RequestLog(instance) };
}

/** NestFactory.create's options for that logger: pino takes over once the app exists, with the lines buffered until then. */
export function nestLoggerOptions(logger: AppLogger): { logger?: LoggerService | LogLevel[] | false; bufferLogs?: boolean } {
  return logger === 'pino' ? { bufferLogs: true } : { logger };
}

export function useAppLogger(app: INestApplication, logger: AppLogger): void {
  if (logger === 'pino') app.useLogger(app.get(NestPinoLogger));
}

/**
 * Standard output, written in blocks of at least 4 kB, or every 250 ms, instead of one synchronous write per line (a
 * system call each: several per booking, 0.1–0.2 ms of CPU each on a busy 2-core machine). pino flushes what is
 * buffered when the process exits; a process killed outright (SIGKILL, the OOM killer) loses at most those 250 ms.
 */
function bufferedStdout(): DestinationStream {
  return destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 });
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
