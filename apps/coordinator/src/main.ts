import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { listeningUrl, loadConfig } from '@wedding/infrastructure';
import { CoordinatorConfig } from './config';
import { startCoordinatorApp } from './coordinator-app';

async function main() {
  const config = loadConfig(CoordinatorConfig);
  const app = await startCoordinatorApp(config, { logger: 'pino' });
  // The socket's own address: Nest's getUrl() says 127.0.0.1 for a service listening on every interface.
  Logger.log(`coordinator service listening on ${listeningUrl(app.getHttpServer().address() as AddressInfo)}`, 'Bootstrap');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
