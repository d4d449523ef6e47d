// The marketplace frontend sends every field twice (`vendorId` and `vendor_id`); fold the twins before validation.
import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { Request } from 'express';
import { Observable } from 'rxjs';

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const isAbsent = (value: unknown) => value === undefined || value === null;

/**
 * For each field the DTO validates, accepts its snake_case twin: the twin fills a missing camelCase field, and when
 * both are present they must agree. The DTO stays the single list of fields, so no twin list can drift from it.
 */
@Injectable()
export class SnakeCaseTwinsInterceptor implements NestInterceptor {
  private readonly twins: [camel: string, snake: string][];

  constructor(dto: new () => object) {
    const fields = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((metadata) => metadata.propertyName),
    );
    this.twins = [...fields].map((field) => [field, snakeCase(field)] as [string, string]).filter(([c, s]) => c !== s);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const body: unknown = request.body;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      request.body = this.fold(body as Record<string, unknown>);
    }
    return next.handle();
  }

  private fold(body: Record<string, unknown>): Record<string, unknown> {
    const folded = { ...body };
    const disagreements: string[] = [];
    for (const [camel, snake] of this.twins) {
      if (!(snake in folded)) continue;
      const twin = folded[snake];
      delete folded[snake];
      if (isAbsent(folded[camel])) {
        if (!isAbsent(twin)) folded[camel] = twin;
      } else if (!isAbsent(twin) && JSON.stringify(twin) !== JSON.stringify(folded[camel])) {
        disagreements.push(`${camel} and ${snake} disagree`);
      }
    }
    if (disagreements.length > 0) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: disagreements });
    }
    return folded;
  }
}
