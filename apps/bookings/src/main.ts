import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createLogger, loadConfig } from '@wedding/infrastructure';
import { startBookingsApp } from './bookings-app';
import { BookingsConfig } from './config';

async function main() {
  const config = loadConfig(BookingsConfig);
  const app = await startBookingsApp(config, { logger: createLogger('bookings') });
  Logger.log(`bookings service listening on ${await app.getUrl()}`, 'Bootstrap');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
