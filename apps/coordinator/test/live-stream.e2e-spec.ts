// GET /api/coordinator/stream through real HTTP, PostgreSQL LISTEN/NOTIFY and the booking flow: each coordinator hears
// of its own committed changes only, on any instance, and the stream survives a lost database connection.
import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@wedding/infrastructure';
import { expectEventually, mintToken, requestJson } from '@wedding/testing';
import { ServerSentEvent, ServerSentEventParser } from '../../dashboard/src/live/server-sent-events';
import { CoordinatorConfig } from '../src/config';
import { startCoordinatorApp } from '../src/coordinator-app';
import { startTestSystem, TestSystem } from './test-system';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface OpenStream {
  status: number;
  events: ServerSentEvent[];
  activity(): { type: string; weddingId: string | null; clientId: string | null }[];
  heartbeats(): number;
  ended(): boolean;
  close(): void;
}

/**
 * Reads the stream with the dashboard's parser. Through node:http rather than fetch: after an aborted response, Node's
 * fetch opens a spare connection that would hold the server's shutdown until its headers timeout.
 */
function openStream(baseUrl: string, token: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = get(`${baseUrl}/api/coordinator/stream`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    request.on('error', reject);
    request.on('response', (response) => {
      const parser = new ServerSentEventParser();
      const events: ServerSentEvent[] = [];
      let ended = false;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => events.push(...parser.push(chunk)));
      response.on('close', () => (ended = true));
      resolve({
        status: response.statusCode!,
        events,
        activity: () => events.filter((e) => e.event === 'activity').map((e) => JSON.parse(e.data)),
        heartbeats: () => parser.comments,
        ended: () => ended,
        close: () => request.destroy(),
      });
    });
  });
}

describe('live stream', () => {
  let system: TestSystem;
  let base: string;
  const streams: OpenStream[] = [];
  const open = async (token: string, url = base) => {
    const stream = await openStream(url, token);
    streams.push(stream);
    return stream;
  };
  const ready = (stream: OpenStream) =>
    expectEventually(() => expect(stream.events.map((e) => e.event)).toContain('ready'));

  const vendor = async (businessName: string) => {
    const { body } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
      businessName,
      businessType: 'Wedding Coordination',
    });
    return { id: body.id as string, token: await mintToken(body.id) };
  };
  const book = async (coordinatorId: string) => {
    const { status, body } = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: coordinatorId,
      coupleName: 'Lia & Marco',
      contactEmail: `${randomUUID()}@example.com`,
      eventDate: inDays(150),
    });
    expect(status).toBe(201);
    return body.booking.id as string;
  };

  beforeAll(async () => {
    system = await startTestSystem('live', { coordinator: { streamHeartbeatMs: 100, streamsPerCoordinator: 3 } });
    base = await system.coordinatorUrl();
  });

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });

  afterAll(async () => {
    await system?.close();
  });

  it('needs a coordinator token', async () => {
    expect((await open('')).status).toBe(401);
    expect((await open(await mintToken(randomUUID(), { role: 'couple' }))).status).toBe(403);
  });

  it("tells a coordinator of a booking's wedding and client once they are committed, and no other coordinator", async () => {
    const [a, b] = [await vendor('Ayos Events'), await vendor('Plano Weddings')];
    const [aStream, bStream] = [await open(a.token), await open(b.token)];
    expect(aStream.status).toBe(200);
    await Promise.all([ready(aStream), ready(bStream)]);

    const bookingId = await book(a.id);
    const created = await expectEventually(() => {
      const notice = aStream.activity().find((n) => n.type === 'wedding_created');
      expect(notice).toBeDefined();
      return notice!;
    });
    // Told after the commit: the page's re-read finds the wedding.
    const { status, body: wedding } = await requestJson('GET', `${base}/api/coordinator/weddings/${created.weddingId}`, undefined, {
      authorization: `Bearer ${a.token}`,
    });
    expect(status).toBe(200);
    expect(wedding.bookingId).toBe(bookingId);
    expect(aStream.activity()).toContainEqual({ type: 'client_created', weddingId: wedding.id, clientId: wedding.clientId });

    // B's stream works (it hears B's own change) but heard nothing of A's.
    const { body: bClient } = await requestJson(
      'POST',
      `${base}/api/coordinator/clients`,
      { coupleName: 'Bea & Carl', email: `${randomUUID()}@example.com` },
      { authorization: `Bearer ${b.token}` },
    );
    await expectEventually(() => expect(bStream.activity()).toEqual([{ type: 'client_created', weddingId: null, clientId: bClient.id }]));
  });

  it("tells of the API's own changes: a milestone completed, a wedding moved", async () => {
    const a = await vendor('Ayos Events');
    await book(a.id);
    const wedding = await expectEventually(async () => {
      const [found] = (await system.coordinatorDb.query(`SELECT id FROM coordinator_weddings WHERE coordinator_id = $1`, [a.id])).rows;
      expect(found).toBeDefined();
      return found;
    });
    const [milestone] = (await system.coordinatorDb.query(`SELECT id FROM wedding_milestones WHERE wedding_id = $1 LIMIT 1`, [wedding.id]))
      .rows;
    const stream = await open(a.token);
    await ready(stream);
    const auth = { authorization: `Bearer ${a.token}` };
    await requestJson('PATCH', `${base}/api/coordinator/weddings/${wedding.id}/milestones/${milestone.id}`, { completed: true }, auth);
    await requestJson('PATCH', `${base}/api/coordinator/weddings/${wedding.id}`, { weddingDate: inDays(160) }, auth);
    await expectEventually(() =>
      expect(stream.activity().map((n) => [n.type, n.weddingId])).toEqual([
        ['milestone_completed', wedding.id],
        ['wedding_updated', wedding.id],
      ]),
    );
  });

  it('tells a stream on another instance of the service (LISTEN/NOTIFY, not an in-process emitter)', async () => {
    const a = await vendor('Ayos Events');
    let other: INestApplication | undefined;
    try {
      other = await startCoordinatorApp(loadConfig(CoordinatorConfig, {}, { ...system.coordinatorConfig, port: 0 }), {
        logger: ['error'],
      });
      const stream = await open(a.token, await other.getUrl());
      await ready(stream);
      const { body: client } = await requestJson(
        'POST',
        `${base}/api/coordinator/clients`,
        { coupleName: 'Dee & Eli', phone: '0917 555 0101' },
        { authorization: `Bearer ${a.token}` },
      );
      await expectEventually(() => expect(stream.activity()).toEqual([{ type: 'client_created', weddingId: null, clientId: client.id }]));
    } finally {
      for (const stream of streams.splice(0)) stream.close();
      await other?.close();
    }
  });

  it('sends heartbeats, and ends the streams when the service shuts down', async () => {
    const a = await vendor('Ayos Events');
    const other = await startCoordinatorApp(loadConfig(CoordinatorConfig, {}, { ...system.coordinatorConfig, port: 0 }), {
      logger: ['error'],
    });
    const stream = await open(a.token, await other.getUrl());
    await expectEventually(() => expect(stream.heartbeats()).toBeGreaterThanOrEqual(2));
    await other.close();
    await expectEventually(() => expect(stream.ended()).toBe(true));
  });

  it('ends a stream when the token that opened it expires', async () => {
    const a = await vendor('Ayos Events');
    const stream = await open(await mintToken(a.id, { expiresIn: '2s' }));
    await ready(stream);
    await expectEventually(() => expect(stream.ended()).toBe(true), { timeoutMs: 10_000 });
  });

  it('bounds the open streams per coordinator (429 beyond), and frees a place when one closes', async () => {
    const a = await vendor('Ayos Events');
    const first = await open(a.token);
    await open(a.token);
    await open(a.token);
    const refused = await open(a.token);
    expect(refused.status).toBe(429);
    // Another coordinator has places of its own.
    expect((await open((await vendor('Plano Weddings')).token)).status).toBe(200);
    first.close();
    await expectEventually(async () => {
      const again = await open(a.token);
      again.close();
      expect(again.status).toBe(200);
    });
  });

  it('says so when the database connection is lost, then is ready again and tells what follows', async () => {
    const a = await vendor('Ayos Events');
    const stream = await open(a.token);
    await ready(stream);
    const database = new URL(system.coordinatorConfig.databaseUrl).pathname.slice(1);
    const { rowCount } = await system.coordinatorDb.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'coordinator-activity-listener' AND datname = $1`,
      [database],
    );
    expect(rowCount).toBe(1);
    await expectEventually(() =>
      expect(stream.events.map((e) => e.event)).toEqual(['ready', 'interrupted', 'ready']),
    );
    const { body: client } = await requestJson(
      'POST',
      `${base}/api/coordinator/clients`,
      { coupleName: 'Fe & Gil', email: `${randomUUID()}@example.com` },
      { authorization: `Bearer ${a.token}` },
    );
    await expectEventually(() => expect(stream.activity()).toEqual([{ type: 'client_created', weddingId: null, clientId: client.id }]));
  });
});
