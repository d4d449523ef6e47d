import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createLogger, loadConfig } from '@wedding/infrastructure';
import { CoordinatorConfig } from './config';
import { startCoordinatorApp } from './coordinator-app';

async function main() {
  const config = loadConfig(CoordinatorConfig);
  const app = await startCoordinatorApp(config, { logger: createLogger('coordinator') });
  Logger.log(`coordinator service listening on ${await app.getUrl()}`, 'Bootstrap');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
