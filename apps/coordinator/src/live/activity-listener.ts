// LISTENs on the activity channel with a connection of its own and hands each committed entry's notice to the open
// dashboard streams of that coordinator. NOTIFY reaches every instance behind a load balancer, which an in-process
// emitter would not.
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Client } from 'pg';
import { ACTIVITY_CHANNEL, ActivityNotice } from '../activity/activity-log';
import { CoordinatorConfig } from '../config';

export type LiveEvent =
  /** Listening: anything committed from now on will be told. Sent again after a reconnection, so refetch. */
  | { type: 'ready' }
  /** The connection to the database was lost; notices may be missed until the next `ready`. */
  | { type: 'interrupted' }
  | { type: 'activity'; notice: ActivityNotice }
  /** The service is shutting down. */
  | { type: 'closed' };

export type LiveSubscriber = (event: LiveEvent) => void;

const RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 5_000, 10_000];
/** A LISTEN connection that a proxy or a failover dropped silently would otherwise never be noticed. */
const PING_INTERVAL_MS = 30_000;

@Injectable()
export class ActivityListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ActivityListener.name);
  private readonly subscribers = new Map<string, Set<LiveSubscriber>>();
  private client: Client | undefined;
  private listening = false;
  private stopped = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(private readonly config: CoordinatorConfig) {}

  onApplicationBootstrap(): void {
    void this.connect();
  }

  onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    for (const subscriber of this.allSubscribers()) subscriber({ type: 'closed' });
    this.subscribers.clear();
    return this.client?.end().catch(() => undefined) ?? Promise.resolve();
  }

  /** Tells `subscriber` what the coordinator's committed changes are, starting with `ready` once listening. */
  subscribe(coordinatorId: string, subscriber: LiveSubscriber): () => void {
    let own = this.subscribers.get(coordinatorId);
    if (!own) this.subscribers.set(coordinatorId, (own = new Set()));
    own.add(subscriber);
    if (this.listening) subscriber({ type: 'ready' });
    return () => {
      own.delete(subscriber);
      if (own.size === 0 && this.subscribers.get(coordinatorId) === own) this.subscribers.delete(coordinatorId);
    };
  }

  subscriberCount(coordinatorId: string): number {
    return this.subscribers.get(coordinatorId)?.size ?? 0;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.databaseUrl,
      keepAlive: true,
      application_name: 'coordinator-activity-listener',
    });
    this.client = client;
    client.on('notification', ({ channel, payload }) => {
      if (channel === ACTIVITY_CHANNEL) this.deliver(payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${ACTIVITY_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped || this.client !== client) return;
    this.listening = true;
    if (this.failures > 0) this.logger.log({ msg: 'listening for activity again', after: this.failures });
    this.failures = 0;
    this.pingTimer = setInterval(() => {
      client.query('SELECT 1').catch((error: unknown) => this.lost(client, error));
    }, PING_INTERVAL_MS);
    for (const subscriber of this.allSubscribers()) subscriber({ type: 'ready' });
  }

  /** Once per lost connection: close it, tell the streams, and try again later. */
  private lost(client: Client, error: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    clearInterval(this.pingTimer);
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.listening) for (const subscriber of this.allSubscribers()) subscriber({ type: 'interrupted' });
    this.listening = false;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.failures, RECONNECT_DELAYS_MS.length - 1)];
    this.failures++;
    this.logger.warn({ msg: 'activity listener lost its connection', error: String(error), retryInMs: delay });
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private deliver(payload: string | undefined): void {
    const notice = parseActivityNotice(payload);
    if (!notice) {
      this.logger.warn({ msg: 'ignored a malformed activity notice' });
      return;
    }
    for (const subscriber of this.subscribers.get(notice.coordinatorId) ?? []) subscriber({ type: 'activity', notice });
  }

  private *allSubscribers(): Iterable<LiveSubscriber> {
    for (const own of this.subscribers.values()) yield* own;
  }
}

/** Any session of the database may NOTIFY on the channel: take only well-formed notices. */
export function parseActivityNotice(payload: string | undefined): ActivityNotice | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? '');
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { coordinatorId, type, weddingId, clientId } = value as Record<string, unknown>;
  const optionalId = (id: unknown) => id === null || id === undefined || (typeof id === 'string' && isUUID(id));
  if (typeof coordinatorId !== 'string' || !isUUID(coordinatorId) || typeof type !== 'string') return undefined;
  if (!optionalId(weddingId) || !optionalId(clientId)) return undefined;
  return {
    coordinatorId,
    type: type as ActivityNotice['type'],
    weddingId: (weddingId as string | null | undefined) ?? null,
    clientId: (clientId as string | null | undefined) ?? null,
  };
}
