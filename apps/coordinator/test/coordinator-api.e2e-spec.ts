// The coordinator dashboard API through real HTTP on real PostgreSQL: authentication, every endpoint, and the
// cross-coordinator matrix — coordinator B gets 404 for anything of coordinator A and changes nothing.
import { randomUUID } from 'node:crypto';
import { expectEventually, mintToken, requestJson, tamperedToken, unsignedToken } from '@wedding/testing';
import { calendarDate } from '@wedding/contracts';
import { startCoordinatorApp } from '../src/coordinator-app';
import { addDays, planned } from './planned';
import { startTestSystem, TestSystem } from './test-system';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
type Method = 'GET' | 'POST' | 'PATCH';

describe('coordinator API', () => {
  let system: TestSystem;
  let base: string;
  let a: { id: string; token: string };
  let b: { id: string; token: string };
  /** Coordinator A's data, made through the booking flow. */
  let aWedding: any;
  let aSoonWedding: any;
  let bWedding: any;

  const call = (method: Method, path: string, token?: string, body?: unknown) =>
    requestJson(method, `${base}${path}`, body, token ? { authorization: `Bearer ${token}` } : {});
  const sql = async (text: string, params: unknown[] = []) => (await system.coordinatorDb.query(text, params)).rows;
  /** The marketplace's today, from which plans count (the service's calendar, not UTC's). */
  const today = () => calendarDate(new Date(), system.coordinatorConfig.timeZone);
  const weddingDateOf = async (id: string) =>
    (await sql(`SELECT to_char(wedding_date, 'YYYY-MM-DD') AS d FROM coordinator_weddings WHERE id = $1`, [id]))[0].d as string;

  const vendor = async (businessName: string) => {
    const { body } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
      businessName,
      businessType: 'Wedding Coordination',
    });
    return { id: body.id as string, token: await mintToken(body.id) };
  };
  const bookWedding = async (coordinatorId: string, fields: Record<string, unknown>) => {
    const { status, body } = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: coordinatorId,
      coupleName: 'Couple',
      contactEmail: `${randomUUID()}@example.com`,
      eventDate: inDays(200),
      budgetRange: '50k-100k',
      ...fields,
    });
    expect(status).toBe(201);
    return expectEventually(async () => {
      const [wedding] = await sql(`SELECT id, client_id FROM coordinator_weddings WHERE booking_id = $1`, [body.booking.id]);
      expect(wedding).toBeDefined();
      return wedding;
    });
  };

  beforeAll(async () => {
    system = await startTestSystem('api');
    base = await system.coordinatorUrl();
    a = await vendor('Ayos Events');
    b = await vendor('Plano Weddings');
    aWedding = await bookWedding(a.id, { coupleName: 'Maria & Jose', contactEmail: 'maria.jose@example.com', contactPhone: '0917 111 2222', eventDate: inDays(200) });
    aSoonWedding = await bookWedding(a.id, { coupleName: 'Ana & Ben', contactEmail: 'ana.ben@example.com', eventDate: inDays(30) });
    bWedding = await bookWedding(b.id, { coupleName: 'Carla & Dan', contactEmail: 'carla.dan@example.com', eventDate: inDays(60) });
  });

  afterAll(async () => {
    await system?.close();
  });

  describe('authentication', () => {
    const endpoints: [Method, string][] = [
      ['GET', '/api/coordinator/dashboard'],
      ['GET', '/api/coordinator/clients'],
      ['POST', '/api/coordinator/clients'],
      ['GET', '/api/coordinator/weddings'],
      ['GET', '/api/coordinator/activity'],
    ];

    it.each(endpoints)('%s %s without a token → 401', async (method, path) => {
      expect((await call(method, path)).status).toBe(401);
    });

    it.each([
      ['a malformed header', async () => 'Token abc'],
      ['an expired token', async () => `Bearer ${await mintToken(a.id, { expiresIn: '-1m' })}`],
      ['a token signed with another secret', async () => `Bearer ${await mintToken(a.id, { secret: 'x'.repeat(48) })}`],
      ['an unsigned token (alg none)', async () => `Bearer ${unsignedToken(a.id)}`],
      ['a token whose payload was changed', async () => `Bearer ${await tamperedToken(b.id, a.id)}`],
      ['a token signed with another algorithm', async () => `Bearer ${await mintToken(a.id, { algorithm: 'HS512' })}`],
      ['a token without expiry', async () => `Bearer ${await mintToken(a.id, { withoutExpiry: true })}`],
      ['garbage', async () => 'Bearer not.a.jwt'],
    ])('%s → 401 with a message', async (_case, header) => {
      const response = await requestJson('GET', `${base}/api/coordinator/dashboard`, undefined, { authorization: await header() });
      expect(response.status).toBe(401);
      expect(typeof response.body.message).toBe('string');
    });

    it.each([
      ['a couple', async () => mintToken(a.id, { role: 'couple' })],
      ['a token without a role', async () => mintToken(a.id, { role: '' })],
      ['a subject that is not a coordinator id', async () => mintToken('coord123')],
    ])('a valid token of %s → 403', async (_case, token) => {
      expect((await call('GET', '/api/coordinator/dashboard', await token())).status).toBe(403);
    });
  });

  describe('GET /dashboard', () => {
    it('summarizes the caller’s clients, weddings, deadlines and recent activity, and nobody else’s', async () => {
      // One of A's milestones slipped past its due date.
      await sql(
        `UPDATE wedding_milestones SET due_date = current_date - 3 WHERE wedding_id = $1 AND title = 'Rehearsal'`,
        [aWedding.id],
      );
      const { status, body } = await call('GET', '/api/coordinator/dashboard', a.token);
      expect(status).toBe(200);
      expect(body.clients).toEqual({ total: 2, lead: 0, active: 2, inactive: 0 });
      expect(body.weddingsByStatus).toEqual({ planning: 2, confirmed: 0, completed: 0, cancelled: 0 });
      expect(body.upcomingWeddings.map((w: any) => w.id)).toEqual([aSoonWedding.id]);
      // Due in the coming week: what the plans of both weddings (civil, from today) put there; the slipped Rehearsal is overdue.
      const weekEnd = addDays(today(), 7);
      const dueThisWeek = [
        ...planned('civil', await weddingDateOf(aSoonWedding.id), today()).items,
        ...planned('civil', await weddingDateOf(aWedding.id), today()).items,
      ].filter((it) => it.dueDate >= today() && it.dueDate <= weekEnd);
      expect(dueThisWeek.length).toBeGreaterThan(3);
      expect(body.milestones).toEqual({ overdue: 1, dueNext7Days: dueThisWeek.length });
      expect(body.recentActivity).toHaveLength(4);
      expect(body.recentActivity.every((entry: any) => [aWedding.id, aSoonWedding.id].includes(entry.weddingId))).toBe(true);
      await sql(`UPDATE wedding_milestones SET due_date = (SELECT wedding_date - 1 FROM coordinator_weddings WHERE id = $1)
                  WHERE wedding_id = $1 AND title = 'Rehearsal'`, [aWedding.id]);
    });
  });

  describe('clients', () => {
    it('lists the caller’s clients with paging, filters and search', async () => {
      const all = await call('GET', '/api/coordinator/clients', a.token);
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ page: 1, pageSize: 20, total: 2 });
      const page = await call('GET', '/api/coordinator/clients?pageSize=1&page=2', a.token);
      expect(page.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
      expect(page.body.items).toHaveLength(1);
      expect((await call('GET', '/api/coordinator/clients?search=MARIA', a.token)).body.items.map((c: any) => c.coupleName)).toEqual(['Maria & Jose']);
      expect((await call('GET', '/api/coordinator/clients?search=1112222', a.token)).body.items.map((c: any) => c.coupleName)).toEqual(['Maria & Jose']);
      expect((await call('GET', '/api/coordinator/clients?search=carla', a.token)).body.total).toBe(0);
      expect((await call('GET', '/api/coordinator/clients?status=lead', a.token)).body.total).toBe(0);
      expect((await call('GET', '/api/coordinator/clients?search=%25', a.token)).body.total).toBe(0);
    });

    it.each([
      ['pageSize=101', 'pageSize'],
      ['page=0', 'page'],
      ['pageSize=abc', 'pageSize'],
      ['status=vip', 'status'],
      ['coordinatorId=x', 'coordinatorId'],
      ['search=%00', 'NUL'],
      ['page=99999999', 'page'],
    ])('rejects ?%s with 400 naming %s', async (query, field) => {
      const response = await call('GET', `/api/coordinator/clients?${query}`, a.token);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it('shows a client with its weddings', async () => {
      const { status, body } = await call('GET', `/api/coordinator/clients/${aWedding.client_id}`, a.token);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: aWedding.client_id, coupleName: 'Maria & Jose', status: 'active' });
      expect(body.weddings.map((w: any) => w.id)).toEqual([aWedding.id]);
    });

    it('adds a client by hand, and answers 409 with the existing id for a duplicate', async () => {
      const created = await call('POST', '/api/coordinator/clients', a.token, {
        coupleName: 'Lia & Mark',
        email: 'Lia.Mark@example.com',
        notes: 'Referred by Maria',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ coordinatorId: a.id, status: 'lead', email: 'Lia.Mark@example.com' });
      const duplicate = await call('POST', '/api/coordinator/clients', a.token, { coupleName: 'Lia M.', email: ' lia.mark@EXAMPLE.com' .trim() });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.existingClientId).toBe(created.body.id);
      const byPhone = await call('POST', '/api/coordinator/clients', a.token, { coupleName: 'Someone', phone: '+63 917 111 2222' });
      expect(byPhone).toMatchObject({ status: 409, body: { existingClientId: aWedding.client_id } });
      // The same couple may be another coordinator's client too.
      expect((await call('POST', '/api/coordinator/clients', b.token, { coupleName: 'Lia & Mark', email: 'lia.mark@example.com' })).status).toBe(201);
      const [entry] = await sql(`SELECT activity_type FROM coordinator_activity_log WHERE metadata->>'clientId' = $1`, [created.body.id]);
      expect(entry.activity_type).toBe('client_created');
    });

    it.each([
      [{ coupleName: 'No Contact' }, 'email'],
      [{ coupleName: 'X', email: 'not-an-email' }, 'email'],
      [{ coupleName: 'X', email: 'x@example.com', coordinatorId: randomUUID() }, 'coordinatorId'],
      [{ coupleName: 'X', email: 'x@example.com', weddingId: randomUUID() }, 'weddingId'],
      [{ email: 'x@example.com' }, 'coupleName'],
    ])('rejects POST %j with 400 naming %s', async (body, field) => {
      const response = await call('POST', '/api/coordinator/clients', a.token, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it('changes status, notes and contacts only, logging it', async () => {
      const { body: client } = await call('POST', '/api/coordinator/clients', a.token, { coupleName: 'Tess & Vic', email: 'tess.vic@example.com' });
      const updated = await call('PATCH', `/api/coordinator/clients/${client.id}`, a.token, {
        status: 'inactive',
        notes: 'Postponed',
        phone: '0918 333 4444',
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ status: 'inactive', notes: 'Postponed', phone: '0918 333 4444', phoneNormalized: '639183334444' });
      const taken = await call('PATCH', `/api/coordinator/clients/${client.id}`, a.token, { email: 'MARIA.jose@example.com' });
      expect(taken.status).toBe(409);
      for (const [field, value] of [['email', null], ['status', null], ['phone', null]] as const) {
        const response = await call('PATCH', `/api/coordinator/clients/${client.id}`, a.token, { [field]: value });
        expect([field, response.status]).toEqual([field, 400]);
      }
      for (const field of ['coordinatorId', 'weddingId', 'coupleName', 'emailNormalized']) {
        const response = await call('PATCH', `/api/coordinator/clients/${client.id}`, a.token, { [field]: 'x' });
        expect(response.status).toBe(400);
      }
      const [entry] = await sql(
        `SELECT activity_type FROM coordinator_activity_log WHERE metadata->>'clientId' = $1 AND activity_type = 'client_updated'`,
        [client.id],
      );
      expect(entry).toBeDefined();
    });

    it('answers 404 for an unknown client and 400 for a malformed id', async () => {
      expect((await call('GET', `/api/coordinator/clients/${randomUUID()}`, a.token)).status).toBe(404);
      expect((await call('GET', '/api/coordinator/clients/client123', a.token)).status).toBe(400);
    });
  });

  describe('weddings', () => {
    it('lists the caller’s weddings by date, with filters and paging', async () => {
      const { status, body } = await call('GET', '/api/coordinator/weddings', a.token);
      expect(status).toBe(200);
      expect(body.items.map((w: any) => w.id)).toEqual([aSoonWedding.id, aWedding.id]);
      const inRange = await call('GET', `/api/coordinator/weddings?from=${inDays(100)}&to=${inDays(300)}`, a.token);
      expect(inRange.body.items.map((w: any) => w.id)).toEqual([aWedding.id]);
      expect((await call('GET', '/api/coordinator/weddings?status=cancelled', a.token)).body.total).toBe(0);
      expect((await call('GET', '/api/coordinator/weddings?pageSize=1', a.token)).body).toMatchObject({ total: 2, items: [{ id: aSoonWedding.id }] });
      expect((await call('GET', '/api/coordinator/weddings?from=2025-02-30', a.token)).status).toBe(400);
    });

    it('shows a wedding with its client and its milestones by due date', async () => {
      const { status, body } = await call('GET', `/api/coordinator/weddings/${aWedding.id}`, a.token);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: aWedding.id,
        client: { id: aWedding.client_id },
        progress: 0,
        weddingType: { value: 'civil', source: 'inferred' },
      });
      const dueDates = body.milestones.map((m: any) => m.dueDate);
      expect(body.milestones.map((m: any) => m.key).sort()).toEqual(
        planned('civil', body.weddingDate, today()).items.map((it) => it.key).sort(),
      );
      expect(dueDates).toEqual([...dueDates].sort());
    });

    it('adds a wedding by hand for one of the caller’s clients, with the plan for its type', async () => {
      const { body: client } = await call('POST', '/api/coordinator/clients', a.token, { coupleName: 'Rio & Sam', email: 'rio.sam@example.com' });
      const created = await call('POST', '/api/coordinator/weddings', a.token, {
        clientId: client.id,
        weddingDate: inDays(120),
        venue: 'Baguio',
        guestCount: 80,
        budget: 250000,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        coordinatorId: a.id,
        clientId: client.id,
        bookingId: null,
        coupleName: 'Rio & Sam',
        status: 'planning',
        progress: 0,
        venue: 'Baguio',
        budget: 250000,
        client: { id: client.id, status: 'active', weddingId: created.body.id },
      });
      expect(created.body.weddingType).toEqual({
        value: 'civil',
        source: 'inferred',
        reason: expect.stringContaining('nothing in the booking names a rite or a setting'),
      });
      const plan = planned('civil', inDays(120), today()).items;
      expect(Object.fromEntries(created.body.milestones.map((m: any) => [m.key, [m.dueDate, m.source, m.completed]]))).toEqual(
        Object.fromEntries(plan.map((it) => [it.key, [it.dueDate, 'plan', false]])),
      );
    });

    it('adds a wedding by hand with its type chosen and items already done: created completed, nothing held up by them', async () => {
      const { body: client } = await call('POST', '/api/coordinator/clients', a.token, { coupleName: 'Gio & Liz', email: 'gio.liz@example.com' });
      const weddingDate = addDays(today(), 40);
      const created = await call('POST', '/api/coordinator/weddings', a.token, {
        clientId: client.id,
        weddingDate,
        weddingType: 'catholic',
        alreadyDone: ['consultation', 'church-reservation', 'baptismal-confirmation'],
      });
      expect(created.status).toBe(201);
      expect(created.body.weddingType).toEqual({ value: 'catholic', reason: 'chosen by the coordinator', source: 'coordinator' });
      const done = new Set(['consultation', 'church-reservation', 'baptismal-confirmation']);
      const plan = planned('catholic', weddingDate, today()).items.length;
      expect(created.body.milestones).toHaveLength(plan);
      expect(created.body.milestones.filter((m: any) => m.completed).map((m: any) => m.key).sort()).toEqual([...done].sort());
      expect(created.body.progress).toBe(Math.round((100 * 3) / plan));
      const expected = Object.fromEntries(
        planned('catholic', weddingDate, today())
          .items.map((it) => it.key)
          .map((key) => [key, done.has(key)]),
      );
      expect(Object.fromEntries(created.body.milestones.map((m: any) => [m.key, m.completed]))).toEqual(expected);

      const unknown = await call('POST', '/api/coordinator/weddings', a.token, { clientId: client.id, weddingDate, alreadyDone: ['elope'] });
      expect(unknown).toMatchObject({ status: 400, body: { message: ['alreadyDone names keys the plan does not have: elope'] } });
      const badType = await call('POST', '/api/coordinator/weddings', a.token, { clientId: client.id, weddingDate, weddingType: 'vegas' });
      expect(badType.status).toBe(400);
      expect(JSON.stringify(badType.body.message)).toContain('weddingType');
    });

    it.each([
      [{ weddingDate: inDays(100) }, 'clientId'],
      [{ clientId: 'x', weddingDate: inDays(100) }, 'clientId'],
      [{ clientId: randomUUID(), weddingDate: '2027-02-30' }, 'weddingDate'],
      [{ clientId: randomUUID(), weddingDate: '2020-01-01' }, 'weddingDate'],
      [{ clientId: randomUUID(), weddingDate: inDays(100), progress: 50 }, 'progress'],
      [{ clientId: randomUUID(), weddingDate: inDays(100), bookingId: randomUUID() }, 'bookingId'],
      [{ clientId: randomUUID(), weddingDate: inDays(100), guestCount: -1 }, 'guestCount'],
    ])('rejects POST %j with 400 naming %s', async (body, field) => {
      const response = await call('POST', '/api/coordinator/weddings', a.token, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it('changes date, venue, guests, budget and status; a new date moves the open milestones with it', async () => {
      const { body: before } = await call('GET', `/api/coordinator/weddings/${aWedding.id}`, a.token);
      const completed = before.milestones.find((m: any) => m.title === 'Vendor Booking');
      await call('PATCH', `/api/coordinator/weddings/${aWedding.id}/milestones/${completed.id}`, a.token, { completed: true });

      const newDate = inDays(214);
      const updated = await call('PATCH', `/api/coordinator/weddings/${aWedding.id}`, a.token, {
        weddingDate: newDate,
        venue: 'Tagaytay',
        guestCount: 120,
        budget: 180000.5,
        status: 'confirmed',
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ weddingDate: newDate, venue: 'Tagaytay', guestCount: 120, budget: 180000.5, status: 'confirmed' });
      const shifted = (title: string) => updated.body.milestones.find((m: any) => m.title === title).dueDate;
      const was = (title: string) => before.milestones.find((m: any) => m.title === title).dueDate;
      const plus14 = (date: string) => new Date(Date.parse(date) + 14 * 86_400_000).toISOString().slice(0, 10);
      expect(shifted('Rehearsal')).toBe(plus14(was('Rehearsal')));
      expect(shifted('Design & Decor')).toBe(plus14(was('Design & Decor')));
      expect(shifted('Vendor Booking')).toBe(was('Vendor Booking'));
      const [entry] = await sql(
        `SELECT metadata FROM coordinator_activity_log WHERE wedding_id = $1 AND activity_type = 'wedding_updated'`,
        [aWedding.id],
      );
      expect(entry.metadata.changes).toMatchObject({ weddingDate: newDate, venue: 'Tagaytay' });
    });

    it('re-plans only open plan milestones when the wedding moves: usual dates back when later, compressed and flagged when sooner', async () => {
      const { body: client } = await call('POST', '/api/coordinator/clients', a.token, { coupleName: 'Lia & Tom', email: 'lia.tom@example.com' });
      const plannedOn = today();
      const { body: wedding } = await call('POST', '/api/coordinator/weddings', a.token, { clientId: client.id, weddingDate: addDays(plannedOn, 20) });
      const byKey = (body: any) => Object.fromEntries(body.milestones.filter((m: any) => m.key).map((m: any) => [m.key, [m.dueDate, m.compressed, m.flag]]));
      const expected = (weddingDate: string, done: string[] = []) =>
        Object.fromEntries(
          planned('civil', weddingDate, plannedOn, today(), done)
            .items.filter((it) => !done.includes(it.key))
            .map((it) => [it.key, [it.dueDate, it.compressed, it.flag]]),
        );
      expect(byKey(wedding)).toEqual(expected(addDays(plannedOn, 20)));
      expect(byKey(wedding)['licence-application'][2]).toBe('a licence cannot be had in time: 20 days left');
      // One milestone completed and one made by hand: neither is touched by what follows.
      const done = wedding.milestones.find((m: any) => m.key === 'venue-selection');
      await call('PATCH', `/api/coordinator/weddings/${wedding.id}/milestones/${done.id}`, a.token, { completed: true });
      const handMade = await call('POST', `/api/coordinator/weddings/${wedding.id}/milestones`, a.token, {
        title: 'Lola’s fitting',
        dueDate: addDays(plannedOn, 10),
      });
      expect(handMade.status).toBe(201);
      expect(handMade.body).toMatchObject({ key: null, source: 'manual', title: 'Lola’s fitting', dueDate: addDays(plannedOn, 10), completed: false });

      const later = addDays(plannedOn, 200);
      const moved = await call('PATCH', `/api/coordinator/weddings/${wedding.id}`, a.token, { weddingDate: later });
      expect(moved.status).toBe(200);
      const open = expected(later, ['venue-selection']);
      expect(byKey(moved.body)).toEqual({ ...open, 'venue-selection': [done.dueDate, done.compressed, done.flag] });
      expect(Object.values(open).every(([, , flag]) => flag === null)).toBe(true);
      expect(byKey(moved.body)['licence-application']).toEqual([addDays(later, -90), false, null]);

      const sooner = await call('PATCH', `/api/coordinator/weddings/${wedding.id}`, a.token, { weddingDate: addDays(plannedOn, 5) });
      const dates = byKey(sooner.body);
      expect(dates['licence-application']).toEqual([today(), true, 'a licence cannot be had in time: 5 days left']);
      expect(dates['venue-selection']).toEqual([done.dueDate, done.compressed, done.flag]);
      expect(dates.rehearsal).toEqual([addDays(plannedOn, 4), false, null]);
      const { 'venue-selection': _done, ...reopened } = dates;
      expect(reopened).toEqual(expected(addDays(plannedOn, 5), ['venue-selection']));
      const kept = sooner.body.milestones.find((m: any) => m.id === handMade.body.id);
      expect(kept).toMatchObject({ dueDate: addDays(plannedOn, 10), source: 'manual' });
      expect(sooner.body.milestones.every((m: any) => m.source === 'manual' || m.completed || m.dueDate >= today())).toBe(true);
    });

    it.each([
      [{ title: 'x' }, 'dueDate'],
      [{ title: '', dueDate: '2030-01-01' }, 'title'],
      [{ title: 'x', dueDate: '2030-02-30' }, 'dueDate'],
      [{ title: 'x', dueDate: '2030-01-01', key: 'banns' }, 'key'],
      [{ title: 'x', dueDate: '2099-01-01' }, 'dueDate is after the wedding'],
    ])('rejects a hand-made milestone %j with 400 naming %s', async (body, field) => {
      const response = await call('POST', `/api/coordinator/weddings/${aWedding.id}/milestones`, a.token, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it.each([
      [{ progress: 100 }, 'progress'],
      [{ coordinatorId: randomUUID() }, 'coordinatorId'],
      [{ bookingId: randomUUID() }, 'bookingId'],
      [{ clientId: randomUUID() }, 'clientId'],
      [{ status: 'eloped' }, 'status'],
      [{ weddingDate: 'soon' }, 'weddingDate'],
      [{ budget: -5 }, 'budget'],
      [{ weddingDate: null }, 'weddingDate'],
      [{ venue: null }, 'venue'],
      [{ status: null }, 'status'],
    ])('rejects PATCH %j with 400 naming %s', async (body, field) => {
      const response = await call('PATCH', `/api/coordinator/weddings/${aWedding.id}`, a.token, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it('completes and reopens milestones, keeping progress the share completed', async () => {
      const { body: wedding } = await call('GET', `/api/coordinator/weddings/${aSoonWedding.id}`, a.token);
      const progress: number[] = [];
      for (const milestone of wedding.milestones) {
        const { status, body } = await call(
          'PATCH',
          `/api/coordinator/weddings/${aSoonWedding.id}/milestones/${milestone.id}`,
          a.token,
          { completed: true },
        );
        expect(status).toBe(200);
        progress.push(body.progress);
      }
      const count = wedding.milestones.length;
      expect(progress).toEqual(wedding.milestones.map((_m: unknown, i: number) => Math.round((100 * (i + 1)) / count)));
      const reopened = await call(
        'PATCH',
        `/api/coordinator/weddings/${aSoonWedding.id}/milestones/${wedding.milestones[0].id}`,
        a.token,
        { completed: false },
      );
      expect(reopened.body.progress).toBe(Math.round((100 * (count - 1)) / count));
      expect(reopened.body.milestones.find((m: any) => m.id === wedding.milestones[0].id)).toMatchObject({ completed: false, completedAt: null });
      const entries = await sql(
        `SELECT activity_type FROM coordinator_activity_log WHERE wedding_id = $1 AND activity_type LIKE 'milestone_%'`,
        [aSoonWedding.id],
      );
      expect(entries.filter((e) => e.activity_type === 'milestone_completed')).toHaveLength(count);
      expect(entries.filter((e) => e.activity_type === 'milestone_reopened')).toHaveLength(1);
    });

    it('keeps progress right when milestones are completed concurrently', async () => {
      const { body: client } = await call('POST', '/api/coordinator/clients', a.token, { coupleName: 'Zed & Yo', email: 'zed.yo@example.com' });
      const { body: wedding } = await call('POST', '/api/coordinator/weddings', a.token, { clientId: client.id, weddingDate: inDays(150) });
      await Promise.all(
        wedding.milestones.map((m: any) =>
          call('PATCH', `/api/coordinator/weddings/${wedding.id}/milestones/${m.id}`, a.token, { completed: true }),
        ),
      );
      const [{ progress }] = await sql(`SELECT progress FROM coordinator_weddings WHERE id = $1`, [wedding.id]);
      expect(progress).toBe(100);
    });

    it('answers 404 for a milestone of another wedding, and 400 for a bad body', async () => {
      const { body: other } = await call('GET', `/api/coordinator/weddings/${aWedding.id}`, a.token);
      const response = await call('PATCH', `/api/coordinator/weddings/${aSoonWedding.id}/milestones/${other.milestones[0].id}`, a.token, { completed: true });
      expect(response.status).toBe(404);
      const bad = await call('PATCH', `/api/coordinator/weddings/${aWedding.id}/milestones/${other.milestones[0].id}`, a.token, { completed: 'yes' });
      expect(bad.status).toBe(400);
    });
  });

  describe('GET /activity', () => {
    it('pages the caller’s activity newest first, optionally for one wedding', async () => {
      const { status, body } = await call('GET', '/api/coordinator/activity?pageSize=5', a.token);
      expect(status).toBe(200);
      expect(body.items).toHaveLength(5);
      const times = body.items.map((e: any) => Date.parse(e.createdAt));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      expect(body.items.every((e: any) => e.coordinatorId === a.id)).toBe(true);
      const forWedding = await call('GET', `/api/coordinator/activity?weddingId=${aWedding.id}`, a.token);
      expect(forWedding.body.items.length).toBeGreaterThan(0);
      expect(forWedding.body.items.every((e: any) => e.weddingId === aWedding.id)).toBe(true);
    });
  });

  describe('isolation between coordinators', () => {
    it('gives coordinator B 404 for everything of coordinator A, and changes nothing', async () => {
      const { body: aDetails } = await call('GET', `/api/coordinator/weddings/${aWedding.id}`, a.token);
      const milestone = aDetails.milestones[0];
      const snapshot = async () => ({
        clients: await sql(`SELECT * FROM coordinator_clients WHERE coordinator_id = $1 ORDER BY id`, [a.id]),
        weddings: await sql(`SELECT * FROM coordinator_weddings WHERE coordinator_id = $1 ORDER BY id`, [a.id]),
        milestones: await sql(
          `SELECT m.* FROM wedding_milestones m JOIN coordinator_weddings w ON w.id = m.wedding_id WHERE w.coordinator_id = $1 ORDER BY m.id`,
          [a.id],
        ),
        activity: await sql(`SELECT count(*)::int FROM coordinator_activity_log WHERE coordinator_id = $1`, [a.id]),
      });
      const before = await snapshot();

      const attempts: [Method, string, unknown?][] = [
        ['GET', `/api/coordinator/clients/${aWedding.client_id}`],
        ['PATCH', `/api/coordinator/clients/${aWedding.client_id}`, { status: 'inactive', notes: 'mine now' }],
        ['GET', `/api/coordinator/weddings/${aWedding.id}`],
        ['PATCH', `/api/coordinator/weddings/${aWedding.id}`, { venue: 'Elsewhere', status: 'cancelled' }],
        ['PATCH', `/api/coordinator/weddings/${aWedding.id}/milestones/${milestone.id}`, { completed: !milestone.completed }],
        ['PATCH', `/api/coordinator/weddings/${bWedding.id}/milestones/${milestone.id}`, { completed: !milestone.completed }],
        ['POST', '/api/coordinator/weddings', { clientId: aWedding.client_id, weddingDate: inDays(100) }],
        ['POST', `/api/coordinator/weddings/${aWedding.id}/milestones`, { title: 'Mine', dueDate: inDays(10) }],
        ['POST', `/api/coordinator/weddings/${aWedding.id}/plan/preview`, { weddingType: 'garden' }],
        ['POST', `/api/coordinator/weddings/${aWedding.id}/plan/apply`, { weddingType: 'garden', revision: 1, digest: 'x' }],
      ];
      for (const [method, path, body] of attempts) {
        const response = await call(method, path, b.token, body);
        expect([method, path, response.status]).toEqual([method, path, 404]);
      }
      // Lists and filters only ever show the caller's own rows.
      const bClients = await call('GET', '/api/coordinator/clients?search=maria', b.token);
      expect(bClients.body.total).toBe(0);
      const bActivity = await call('GET', `/api/coordinator/activity?weddingId=${aWedding.id}`, b.token);
      expect(bActivity.body).toMatchObject({ total: 0, items: [] });
      const bWeddings = await call('GET', '/api/coordinator/weddings', b.token);
      expect(bWeddings.body.items.map((w: any) => w.id)).toEqual([bWedding.id]);
      const bDashboard = await call('GET', '/api/coordinator/dashboard', b.token);
      expect(bDashboard.body.clients.total).toBe(2);

      expect(await snapshot()).toEqual(before);
    });
  });

  describe('the HTTP edge', () => {
    it('keeps one rate-limit bucket per client address: refused on /dashboard is refused on /clients', async () => {
      const limited = await startCoordinatorApp({ ...system.coordinatorConfig, port: 0, rateLimitPerMinute: 2 }, { logger: ['error'] });
      try {
        const limitedUrl = await limited.getUrl();
        const get = (path: string) =>
          fetch(`${limitedUrl}/api/coordinator${path}`, { headers: { authorization: `Bearer ${a.token}` } });
        expect((await get('/dashboard')).status).toBe(200);
        expect((await get('/dashboard')).status).toBe(200);
        expect((await get('/dashboard')).status).toBe(429);
        const clients = await get('/clients');
        expect(clients.status).toBe(429);
        expect(clients.headers.get('retry-after')).toMatch(/^\d+$/);
        const body = (await clients.json()) as { message: string };
        expect(body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('try again in') });
        expect(JSON.stringify(body)).not.toContain('Throttler');
        // Never limited; ready once its consumer has reached the broker (503 until then, on a busy machine).
        await expectEventually(async () => expect((await fetch(`${limitedUrl}/health`)).status).toBe(200));
      } finally {
        await limited.close();
      }
    });

    it('answers preflights from allowed origins for the dashboard’s requests, and grants others nothing', async () => {
      const preflight = (origin: string) =>
        fetch(`${base}/api/coordinator/dashboard`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
      const granted = await preflight('http://localhost:4200');
      expect(granted.status).toBe(204);
      expect(granted.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
      expect(granted.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('OpenAPI', () => {
    it('documents the endpoints and their DTOs from the validation rules', async () => {
      const { status, body } = await requestJson('GET', `${base}/docs/openapi.json`);
      expect(status).toBe(200);
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining(['/api/coordinator/dashboard', '/api/coordinator/weddings/{id}/milestones/{milestoneId}']),
      );
      expect(body.components.schemas.UpdateWeddingDto.properties).toHaveProperty('weddingDate');
      expect(Object.keys(body.components.schemas)).not.toContain('CoordinatorConfig');
      expect((await requestJson('GET', `${base}/docs`)).status).toBe(200);
    });
  });
});
