// The dashboard web app (apps/dashboard, built into DASHBOARD_DIR) served at /dashboard/ by this service, so that the
// browser calls the API on the same origin. Any other path under /dashboard/ is one of the app's own routes: it gets
// index.html and the app's router takes over. /dashboard/config.json tells the app where the notification service is:
// another origin (its own port), which the page's Content-Security-Policy lets it call and whose CORS_ORIGINS let it read.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export const DASHBOARD_PATH = '/dashboard';

/** What the app reads at /dashboard/config.json before it calls the notification service. */
export interface DashboardAppConfig {
  /** The notification service's base URL, without a trailing slash; '' for the dashboard's own origin. */
  notificationsApiUrl: string;
}

export function dashboardAppConfig(notificationsApiUrl: string): DashboardAppConfig {
  return { notificationsApiUrl: notificationsApiUrl.replace(/\/+$/, '') };
}

/** The page loads only its own scripts and styles and talks only to this origin and the notification service's. */
export function dashboardPageHeaders(notificationsApiUrl: string): Record<string, string> {
  const notifications = notificationsApiUrl ? ` ${new URL(notificationsApiUrl).origin}` : '';
  return {
    'content-security-policy':
      `default-src 'self'; connect-src 'self'${notifications}; img-src 'self' data:; object-src 'none'; base-uri 'none'; ` +
      "form-action 'self'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}

export function serveDashboardApp(
  app: INestApplication,
  { dashboardDir, notificationsApiUrl }: { dashboardDir: string; notificationsApiUrl: string },
): void {
  const root = path.resolve(dashboardDir);
  const pageHeaders = dashboardPageHeaders(notificationsApiUrl);
  const appConfig = dashboardAppConfig(notificationsApiUrl);
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) {
    new Logger('Dashboard').warn({ msg: 'the dashboard is not built (npm run build); /dashboard/ answers 404', dir: root });
  }
  app.use(`${DASHBOARD_PATH}/config.json`, (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || request.path !== '/') return next();
    response.setHeader('cache-control', 'no-cache');
    response.json(appConfig);
  });
  (app as NestExpressApplication).useStaticAssets(root, {
    prefix: `${DASHBOARD_PATH}/`,
    index: false,
    redirect: false,
    setHeaders: (response, file) => {
      // Vite names every built asset by its content hash.
      const hashed = file.startsWith(path.join(root, 'assets') + path.sep);
      response.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      response.setHeader('x-content-type-options', 'nosniff');
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const { method, path: requested } = request;
    if ((method !== 'GET' && method !== 'HEAD') || !(requested === DASHBOARD_PATH || requested.startsWith(`${DASHBOARD_PATH}/`))) {
      return next();
    }
    if (requested === DASHBOARD_PATH) return response.redirect(301, `${DASHBOARD_PATH}/`);
    // A missing script or image is a 404, not the page.
    if (requested.startsWith(`${DASHBOARD_PATH}/assets/`)) return next();
    response.sendFile(index, { headers: pageHeaders }, (error) => {
      if (error && !response.headersSent) {
        response.status(404).type('text/plain').send('The dashboard is not built: run `npm run build`, then reload.');
      }
    });
  });
}
