// One JSON object per line (what log collectors read, and cheaper to write than Nest's pretty-printed objects)
// unless a person is watching the terminal; LOG_FORMAT=json|text overrides.
import { ConsoleLogger } from '@nestjs/common';

export function createLogger(context: string): ConsoleLogger {
  const format = process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'text' : 'json');
  return new ConsoleLogger(context, { json: format === 'json', colors: format !== 'json' && process.stdout.isTTY });
}
