// What both HTTP APIs share: CORS for the marketplace's browser origins, the client address behind trusted proxies,
// strict validation of bodies into DTOs, a bounded request size, errors answered with a message, and OpenAPI docs
// whose schemas come from the same class-validator rules that validate the requests (no second copy of each DTO).
import { isUtf8 } from 'node:buffer';
import { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadRequestException, HttpException, INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { findUnstorable } from '@wedding/contracts';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { json, NextFunction, Request, Response } from 'express';
import { HttpSettings, trustProxySetting } from './http-settings';
import { HttpErrorFilter } from './http-error.filter';
import { RequestLog } from './logging';
import { httpMetricsMiddleware, Metrics } from './metrics';

export interface HttpOptions {
  title: string;
  description: string;
  settings: Pick<HttpSettings, 'corsOrigins' | 'trustProxy'>;
  bodyLimit?: string;
  /** Added to every error body (the bookings API adds `success: false`, which the marketplace's client reads). */
  errorFields?: Record<string, unknown>;
  /** A producer's catalogue of its events: the AsyncAPI document at /docs/asyncapi.json, as a page at /docs/events. */
  events?: { asyncApi: object; html: string };
}

/** The headers the marketplace's clients send (x-user-id names the logged-in user). */
const ALLOWED_HEADERS = ['Content-Type', 'Authorization', 'x-user-id'];

export function configureHttp(
  app: INestApplication,
  { title, description, settings, bodyLimit = '64kb', errorFields = {}, events }: HttpOptions,
): void {
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  express.set('trust proxy', trustProxySetting(settings.trustProxy));
  // First: every answer is timed and logged, the refused ones too.
  app.use(httpMetricsMiddleware(app.get(Metrics)), app.get(RequestLog).middleware());
  // First, so that preflights are answered before anything else runs and every answer, errors included, carries the
  // grant a browser needs to read it. An origin not allowed gets no CORS headers at all: the browser blocks it.
  const allowed = corsOriginMatcher(settings.corsOrigins);
  // Every answer depends on Origin, the refused ones too (cors only says so when it grants): no cache may give an
  // allowed page the answer meant for another origin.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.vary('Origin');
    next();
  });
  app.enableCors({
    origin: (origin: string | undefined, grant: (error: Error | null, allow: boolean) => void) =>
      grant(null, origin !== undefined && allowed(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  });
  // Node closes idle keep-alive connections after 5 s by default, racing clients and load balancers that reuse
  // them (the benchmark saw a POST fail with ECONNRESET at 200/s). Outlive the usual 60 s idle timeouts instead.
  const server = app.getHttpServer() as { keepAliveTimeout: number; headersTimeout: number };
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  app.use(json({ limit: bodyLimit, verify: refuseMalformedUtf8 }), answerBodyParserRefusals, refuseUnstorableInput);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter(), errorFields));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').addBearerAuth().build(),
  );
  document.components ??= {};
  // Only the request DTOs: every class with class-validator rules is known here, configuration classes included.
  const schemas = Object.entries(validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' }));
  document.components.schemas = {
    ...document.components.schemas,
    ...(Object.fromEntries(schemas.filter(([name]) => /(Dto|Query)$/.test(name))) as typeof document.components.schemas),
  };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  if (events) {
    express.get('/docs/asyncapi.json', (_req: Request, res: Response) => res.json(events.asyncApi));
    express.get('/docs/events', (_req: Request, res: Response) => res.type('html').send(events.html));
  }
}

/** `http://host:*` matches that host on any port; any other entry is an exact origin; `none` matches nothing. */
export function corsOriginMatcher(origins: string[]): (origin: string) => boolean {
  const exact = new Set(origins.filter((o) => !o.endsWith(':*')).map((o) => o.toLowerCase()));
  const anyPort = new Set(origins.filter((o) => o.endsWith(':*')).map((o) => o.slice(0, -2).toLowerCase()));
  return (origin) => {
    const candidate = origin.toLowerCase();
    const withoutPort = candidate.replace(/:\d{1,5}$/, '');
    return exact.has(candidate) || anyPort.has(withoutPort);
  };
}

/** The URL a listening socket answers on, from its own address (0.0.0.0 stays 0.0.0.0, [::] stays [::]). */
export function listeningUrl({ address, family, port }: Pick<AddressInfo, 'address' | 'family' | 'port'>): string {
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}

/** Deeper than any request needs, far shallower than the recursive copies of the validation layer can go. */
const MAX_DEPTH = 32;
const MAX_PROBLEMS = 10;

/** body-parser would decode malformed UTF-8 into U+FFFD and the request would be stored as if it said that. */
function refuseMalformedUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) {
    throw Object.assign(new Error('the body is not valid UTF-8'), { status: 400 });
  }
}

/**
 * body-parser's refusals (too large, unsupported charset, malformed) are the client's errors: answer them as Nest
 * answers its own 4xx. Nest maps only the SyntaxError itself and logs the others as server errors.
 */
function answerBodyParserRefusals(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const { status, expose, message } = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return next(error);
  next(new HttpException({ statusCode: status, error: STATUS_CODES[status], message: String(message) }, status));
}

/**
 * A 400 naming the field for a body or query that would otherwise fail a query (a 500) or be stored other than it was
 * sent: text with NUL or half a surrogate pair, numbers beyond JSON's range (1e999 parses to Infinity, stored as
 * null), nesting deep enough to overflow the validation layer's recursion, and prototype members used as names.
 */
function refuseUnstorableInput(req: Request, _res: Response, next: NextFunction): void {
  const problems = [...unstorable(req.query, 'the query'), ...unstorable(req.body, 'the body')].slice(0, MAX_PROBLEMS);
  if (problems.length === 0) return next();
  next(new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems }));
}

function unstorable(input: unknown, inputName: string): string[] {
  return findUnstorable(input, MAX_DEPTH, MAX_PROBLEMS).map(({ kind, path, message }) =>
    // Nest's own words for a property the whitelist refuses.
    kind === 'prototype member' ? `property ${shorten(path)} should not exist` : `${shorten(path) || inputName} ${message}`,
  );
}

const shorten = (path: string) => (path.length > 100 ? `${path.slice(0, 99)}…` : path);
