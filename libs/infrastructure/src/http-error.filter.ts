// Every error answer of an API: Nest's (status, `error`, `message`), plus the fields the API adds to all of them. A
// request that fails because PostgreSQL is unreachable is the service's state, not the client's fault and not a bug:
// it is answered 503 with a message so clients retry, instead of a bare 500.
import { ArgumentsHost, Catch, HttpServer, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { isDatabaseUnavailable } from './database-failure';
import type { Response } from 'express';
import { LimitReachedException } from './rate-limiting';

@Catch()
export class HttpErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Database');

  constructor(adapter: HttpServer, fields: Record<string, unknown> = {}) {
    // Nest's own filter builds every answer (and logs the unexpected ones); its adapter adds the fields as it replies.
    super(withFields(adapter, fields));
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http' && isDatabaseUnavailable(exception)) {
      this.logger.warn({ msg: 'database unavailable', error: String(exception) });
      this.applicationRef!.reply(
        host.switchToHttp().getResponse(),
        {
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          error: 'Service Unavailable',
          message: 'the database is unavailable; try again shortly',
        },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
      return;
    }
    if (host.getType() === 'http' && exception instanceof LimitReachedException) {
      host.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(exception.retryAfterSeconds()));
    }
    super.catch(exception, host);
  }
}

/** The adapter, replying with `fields` added to every object body (a prototype's delegate: every other call is its). */
function withFields(adapter: HttpServer, fields: Record<string, unknown>): HttpServer {
  if (Object.keys(fields).length === 0) return adapter;
  const wrapped = Object.create(adapter) as HttpServer;
  wrapped.reply = (response: unknown, body: unknown, statusCode?: number) =>
    adapter.reply(response, body !== null && typeof body === 'object' ? { ...fields, ...body } : body, statusCode);
  return wrapped;
}
