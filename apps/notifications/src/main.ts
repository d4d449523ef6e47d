import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { listeningUrl, loadConfig } from '@wedding/infrastructure';
import { NotificationsConfig } from './config';
import { startNotificationsApp } from './notifications-app';

async function main() {
  const config = loadConfig(NotificationsConfig);
  const app = await startNotificationsApp(config, { logger: 'pino' });
  // The socket's own address: Nest's getUrl() says 127.0.0.1 for a service listening on every interface.
  const url = listeningUrl(app.getHttpServer().address() as AddressInfo);
  // The SMTP server without its credentials: they never reach a log line.
  const smtp = new URL(config.smtpUrl);
  const sms = config.smsProviderUrl ? `SMS through ${new URL(config.smsProviderUrl).host}` : 'SMS off (no SMS_PROVIDER_URL)';
  Logger.log(`notification service listening on ${url}, sending email through ${smtp.protocol}//${smtp.host}, ${sms}`, 'Bootstrap');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
