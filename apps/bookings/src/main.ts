import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { listeningUrl, loadConfig } from '@wedding/infrastructure';
import { startBookingsApp } from './bookings-app';
import { BookingsConfig } from './config';

async function main() {
  const config = loadConfig(BookingsConfig);
  const app = await startBookingsApp(config, { logger: 'pino' });
  // The socket's own address: Nest's getUrl() says 127.0.0.1 for a service listening on every interface.
  Logger.log(`bookings service listening on ${listeningUrl(app.getHttpServer().address() as AddressInfo)}`, 'Bootstrap');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
