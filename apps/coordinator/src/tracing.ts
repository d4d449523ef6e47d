// Loaded first by main.ts: OpenTelemetry patches http and pg as they are required, so it starts before them.
import { startTracing } from '@wedding/infrastructure/tracing';

startTracing({ serviceName: 'coordinator' });
