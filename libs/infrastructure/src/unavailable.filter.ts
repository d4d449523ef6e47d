// A request that fails because PostgreSQL is unreachable is the service's state, not the client's fault and not a
// bug: answer 503 with a message so clients retry, instead of a bare 500.
import { ArgumentsHost, Catch, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);

export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string }; message?: string } | undefined;
  const code = candidate?.driverError?.code ?? candidate?.code;
  if (code && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(candidate?.message ?? '');
}

@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Database');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http' && isDatabaseUnavailable(exception)) {
      this.logger.warn({ msg: 'database unavailable', error: String(exception) });
      const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: object): void } }>();
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: 'the database is unavailable; try again shortly',
      });
      return;
    }
    super.catch(exception, host);
  }
}
