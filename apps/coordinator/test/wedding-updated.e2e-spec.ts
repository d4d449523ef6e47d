// Every change of a wedding through the coordinator API is announced as CoordinatorWeddingUpdated, from the change's
// own transaction — through real HTTP, PostgreSQL and RabbitMQ: manual entry, a date moved, a milestone completed and
// reopened, each with the wedding's whole schedule and a revision that counts up; a refused change announces nothing.
import { randomUUID } from 'node:crypto';
import { CoordinatorWeddingUpdated, parseEvent } from '@wedding/contracts';
import { EventCapture, expectEventually, mintToken, requestJson } from '@wedding/testing';
import { addDays, planned } from './planned';
import { startTestSystem, TestSystem } from './test-system';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('coordinator: CoordinatorWeddingUpdated for every change through the API', () => {
  let system: TestSystem;
  let capture: EventCapture;
  let base: string;
  let coordinator: { id: string; token: string };

  const call = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
    requestJson(method, `${base}${path}`, body, { authorization: `Bearer ${coordinator.token}` });
  /** The updates of one wedding received so far, by revision. */
  const updatesOf = (weddingId: string) =>
    capture
      .bodies<CoordinatorWeddingUpdated>()
      .filter((e) => e.weddingId === weddingId)
      .sort((a, b) => a.revision - b.revision);
  const waitForRevision = (weddingId: string, revision: number) =>
    expectEventually(() => {
      const found = updatesOf(weddingId).find((e) => e.revision === revision);
      expect(found).toBeDefined();
      return found!;
    });
  const newWedding = async (weddingDate = inDays(200)) => {
    const { body: client } = await call('POST', '/api/coordinator/clients', { coupleName: 'Rio & Sam', email: `${randomUUID()}@example.com` });
    const created = await call('POST', '/api/coordinator/weddings', { clientId: client.id, weddingDate });
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    system = await startTestSystem('updated');
    capture = await EventCapture.start(system.coordinatorConfig.coordinatorExchange, CoordinatorWeddingUpdated.type);
    base = await system.coordinatorUrl();
    const { body } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
      businessName: 'Ayos Events',
      businessType: 'Wedding Coordination',
    });
    coordinator = { id: body.id, token: await mintToken(body.id) };
  });

  afterAll(async () => {
    await capture?.stop();
    await system?.close();
  });

  it('announces a wedding entered by hand: revision 1, its planned open milestones, correlated by the wedding', async () => {
    const wedding = await newWedding();
    const first = await waitForRevision(wedding.id, 1);
    expect(parseEvent(CoordinatorWeddingUpdated, first)).toBeInstanceOf(CoordinatorWeddingUpdated);
    expect(first).toMatchObject({
      coordinatorId: coordinator.id,
      weddingId: wedding.id,
      clientId: wedding.clientId,
      change: 'wedding-created',
      coupleName: 'Rio & Sam',
      weddingDate: wedding.weddingDate,
      status: 'planning',
    });
    expect(first.milestones.map((m) => [m.id, m.title, m.dueDate, m.completed]).sort()).toEqual(
      wedding.milestones.map((m: any) => [m.id, m.title, m.dueDate, false]).sort(),
    );
    // No more personal data than the schedule needs: no contacts.
    expect(JSON.stringify(first)).not.toContain('@example.com');
    const message = capture.messages.find((m) => m.properties.messageId === first.eventId)!;
    expect(message.properties).toMatchObject({ type: CoordinatorWeddingUpdated.type, correlationId: wedding.id });
    expect(message.properties.headers?.['x-event-version']).toBe('1');
  });

  it('announces a moved date with the milestones’ new due dates, then a completion and a reopening, revision by revision', async () => {
    const wedding = await newWedding(inDays(200));
    await waitForRevision(wedding.id, 1);
    const moved = addDays(wedding.weddingDate, 10);
    expect((await call('PATCH', `/api/coordinator/weddings/${wedding.id}`, { weddingDate: moved })).status).toBe(200);
    const second = await waitForRevision(wedding.id, 2);
    expect(second).toMatchObject({ change: 'date-moved', weddingDate: moved });
    // The same milestones, due where the plan puts them for the new date: ten days later, but the consultation,
    // which counts from the booking.
    const plan = new Map(planned('civil', moved, wedding.plannedOn).items.map((it) => [it.key, it.dueDate]));
    const byId = new Map(second.milestones.map((m) => [m.id, m]));
    expect(second.milestones).toHaveLength(wedding.milestones.length);
    for (const before of wedding.milestones) {
      expect(byId.get(before.id)!.dueDate).toBe(plan.get(before.key));
      expect(byId.get(before.id)!.dueDate).toBe(before.key === 'consultation' ? before.dueDate : addDays(before.dueDate, 10));
    }

    const milestone = wedding.milestones[2];
    await call('PATCH', `/api/coordinator/weddings/${wedding.id}/milestones/${milestone.id}`, { completed: true });
    const third = await waitForRevision(wedding.id, 3);
    expect(third.change).toBe('milestone-completed');
    expect(third.milestones.filter((m) => m.completed).map((m) => m.id)).toEqual([milestone.id]);

    await call('PATCH', `/api/coordinator/weddings/${wedding.id}/milestones/${milestone.id}`, { completed: false });
    const fourth = await waitForRevision(wedding.id, 4);
    expect(fourth.change).toBe('milestone-reopened');
    expect(fourth.milestones.every((m) => !m.completed)).toBe(true);

    await call('PATCH', `/api/coordinator/weddings/${wedding.id}`, { status: 'cancelled' });
    expect(await waitForRevision(wedding.id, 5)).toMatchObject({ change: 'status-changed', status: 'cancelled' });
    // The revision is the wedding's own, in its row.
    const { rows } = await system.coordinatorDb.query(`SELECT revision FROM coordinator_weddings WHERE id = $1`, [wedding.id]);
    expect(rows[0].revision).toBe(5);
  });

  it('gives concurrent completions distinct revisions, the last holding every completion', async () => {
    const wedding = await newWedding();
    await waitForRevision(wedding.id, 1);
    await Promise.all(
      wedding.milestones.map((m: any) => call('PATCH', `/api/coordinator/weddings/${wedding.id}/milestones/${m.id}`, { completed: true })),
    );
    const revisions = wedding.milestones.length + 1;
    const last = await waitForRevision(wedding.id, revisions);
    expect(updatesOf(wedding.id).map((e) => e.revision)).toEqual(Array.from({ length: revisions }, (_, i) => i + 1));
    expect(last.milestones.every((m) => m.completed)).toBe(true);
  });

  it('announces nothing for a change that was refused or changed nothing', async () => {
    const wedding = await newWedding();
    await waitForRevision(wedding.id, 1);
    const milestone = wedding.milestones[0];
    expect((await call('PATCH', `/api/coordinator/weddings/${wedding.id}`, { weddingDate: 'soon' })).status).toBe(400);
    // Already open: reopening it changes nothing.
    expect((await call('PATCH', `/api/coordinator/weddings/${wedding.id}/milestones/${milestone.id}`, { completed: false })).status).toBe(200);
    // Had either announced anything, it would hold revision 2: the next real change does.
    await call('PATCH', `/api/coordinator/weddings/${wedding.id}/milestones/${milestone.id}`, { completed: true });
    expect((await waitForRevision(wedding.id, 2)).change).toBe('milestone-completed');
    expect(updatesOf(wedding.id).map((e) => e.revision)).toEqual([1, 2]);
  });
});
