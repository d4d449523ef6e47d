// Prometheus metrics of a service at GET /metrics (prom-client, text format): HTTP request durations by route template
// and status, whatever the service's parts register (the messaging layer's outbox, publish and consume figures), and
// the process's default metrics. A registry per service, not prom-client's global one: the tests run two services in
// one process. Labels hold only bounded values: a route's template, never its path; an event type, never an id.
import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds, from a fast read to a request that waited for a slow database. */
const HTTP_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsOptions {
  service: string;
  /** When set, GET /metrics wants `Authorization: Bearer <token>` (METRICS_TOKEN). */
  token: string;
}

export class Metrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(readonly options: MetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    collectDefaultMetrics({ register: this.registry });
    // Gauges prom-client names like counters (promtool refuses the suffix); nodejs_active_handles & co. say the same.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(name);
    }
    this.httpRequestDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'HTTP requests answered, by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
  }

  /** A service's own counters and histograms, registered once. */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return (this.registry.getSingleMetric(name) as Counter<L> | undefined) ??
      new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return (this.registry.getSingleMetric(name) as Histogram<L> | undefined) ??
      new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}

/** For the notification service: `notificationMetrics(metrics).inc({ channel: 'email', outcome: 'sent' })`. */
export const notificationMetrics = (metrics: Metrics) =>
  metrics.counter('notifications_total', 'Notifications by channel (email, sms, webhook) and outcome', ['channel', 'outcome']);

/**
 * Express middleware timing every request. The route is Express's template once a route matched it
 * (`/api/bookings/:id`), `unmatched` otherwise; it also names the request's trace span after the template.
 */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const rpc = getRPCMetadata(context.active());
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      if (rpc?.type === RPCType.HTTP && route !== 'unmatched') rpc.route = route;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequestDuration.observe({ method: req.method, route, status_code: String(res.statusCode) }, seconds);
    });
    next();
  };
}

@ApiExcludeController()
@Controller('metrics')
@SkipThrottle()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { token } = this.metrics.options;
    if (token && !sameText(authorization ?? '', `Bearer ${token}`)) {
      throw new UnauthorizedException('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    const text = await this.metrics.registry.metrics();
    res.type(this.metrics.registry.contentType);
    return text;
  }
}

function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
