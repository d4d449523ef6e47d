// Milestone plans end to end — real HTTP bookings through the bookings service, RabbitMQ and PostgreSQL: the wedding's
// type read from the booking, the plan fitted to the days left with what cannot fit flagged, the coordinator's
// templates, and a re-plan previewed and applied, touching only open milestones the plan made, announced so that
// reminders follow.
import { randomUUID } from 'node:crypto';
import { calendarDate, CoordinatorWeddingCreated, CoordinatorWeddingUpdated } from '@wedding/contracts';
import { EventCapture, expectEventually, mintToken, requestJson } from '@wedding/testing';
import { DEFAULT_PACK } from '../src/planning/packs';
import { addDays, byDueDate, planned } from './planned';
import { startTestSystem, TestSystem } from './test-system';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

describe('coordinator: milestone plans', () => {
  let system: TestSystem;
  let created: EventCapture;
  let updated: EventCapture;
  let base: string;
  let a: { id: string; token: string };
  let b: { id: string; token: string };

  const call = (method: Method, path: string, token: string, body?: unknown) =>
    requestJson(method, `${base}/api/coordinator${path}`, body, { authorization: `Bearer ${token}` });
  const today = () => calendarDate(new Date(), system.coordinatorConfig.timeZone);
  const vendor = async (businessName: string) => {
    const { body } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, { businessName, businessType: 'Wedding Coordination' });
    return { id: body.id as string, token: await mintToken(body.id) };
  };
  /** A booking made over HTTP at the bookings service; answers the wedding the coordinator made of it. */
  const bookedWedding = async (coordinator: { id: string; token: string }, fields: Record<string, unknown>) => {
    const { status, body } = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: coordinator.id,
      serviceType: 'Wedding Coordination',
      coupleName: 'Paolo & Bea',
      contactEmail: `${randomUUID()}@example.com`,
      guestCount: 120,
      budgetRange: '100k-200k',
      ...fields,
    });
    expect(status).toBe(201);
    const bookingId = body.booking.id as string;
    const weddingId = await expectEventually(async () => {
      const { rows } = await system.coordinatorDb.query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [bookingId]);
      expect(rows).toHaveLength(1);
      return rows[0].id as string;
    });
    const wedding = await call('GET', `/weddings/${weddingId}`, coordinator.token);
    expect(wedding.status).toBe(200);
    return { bookingId, wedding: wedding.body };
  };
  const updatesOf = (weddingId: string) =>
    updated
      .bodies<CoordinatorWeddingUpdated>()
      .filter((e) => e.weddingId === weddingId)
      .sort((x, y) => x.revision - y.revision);

  beforeAll(async () => {
    system = await startTestSystem('plans');
    created = await EventCapture.start(system.coordinatorConfig.coordinatorExchange, CoordinatorWeddingCreated.type);
    updated = await EventCapture.start(system.coordinatorConfig.coordinatorExchange, CoordinatorWeddingUpdated.type);
    base = await system.coordinatorUrl();
    a = await vendor('Ayos Events');
    b = await vendor('Plano Weddings');
  });

  afterAll(async () => {
    await created?.stop();
    await updated?.stop();
    await system?.close();
  });

  describe('a booking becomes a wedding with the plan for its type, fitted to the days left', () => {
    it('gives a booking at “Manila Cathedral” 45 days out the Catholic plan, compressed, the licence in time', async () => {
      const weddingDate = addDays(today(), 45);
      const { bookingId, wedding } = await bookedWedding(a, { eventDate: weddingDate, eventLocation: 'Manila Cathedral, Intramuros' });
      expect(wedding.weddingType).toEqual({
        value: 'catholic',
        reason: 'location mentions “Manila Cathedral” (a Catholic church)',
        source: 'inferred',
      });
      const plan = planned('catholic', weddingDate, wedding.plannedOn);
      expect(plan.flags).toEqual([]);
      expect(wedding.milestones.map((m: any) => [m.key, m.dueDate, m.compressed, m.flag, m.legal, m.source, m.completed])).toEqual(
        byDueDate(plan.items).map((it) => [it.key, it.dueDate, it.compressed, null, it.legal, 'plan', false]),
      );
      const due = Object.fromEntries(wedding.milestones.map((m: any) => [m.key, m.dueDate]));
      // The Catholic items are there; nothing is due before the booking date or after the wedding; consultation first.
      expect(Object.keys(due)).toEqual(
        expect.arrayContaining(['canonical-interview', 'pre-cana', 'banns', 'baptismal-confirmation', 'licence-application', 'licence-release']),
      );
      expect(wedding.milestones.every((m: any) => m.dueDate >= wedding.plannedOn && m.dueDate <= weddingDate)).toBe(true);
      expect(wedding.milestones[0].key).toBe('consultation');
      expect(wedding.milestones.every((m: any) => m.compressed || m.key === 'rehearsal')).toBe(true);
      // The licence: filed within its window (by 21 days before), claimed after ten days' posting and a week before.
      expect(due['licence-application'] <= addDays(weddingDate, -21)).toBe(true);
      expect(due['licence-application'] >= addDays(weddingDate, -130)).toBe(true);
      expect(due['licence-release'] >= addDays(due['licence-application'], 11)).toBe(true);
      expect(due['licence-release'] <= addDays(weddingDate, -7)).toBe(true);
      // Three Sundays of banns after the canonical interview, done a week before.
      expect(due.banns >= addDays(due['canonical-interview'], 21)).toBe(true);
      expect(due.banns <= addDays(weddingDate, -7)).toBe(true);

      // The event that announced it carries the same milestones, for the reminders.
      const event = await expectEventually(() => {
        const found = created.bodies<CoordinatorWeddingCreated>().find((e) => e.bookingId === bookingId);
        expect(found).toBeDefined();
        return found!;
      });
      expect(event.milestones.map((m) => [m.id, m.dueDate]).sort()).toEqual(wedding.milestones.map((m: any) => [m.id, m.dueDate]).sort());
    });

    it('flags the licence of a Catholic wedding booked 14 days out in plain words, due today, not in the past', async () => {
      const weddingDate = addDays(today(), 14);
      const { wedding } = await bookedWedding(a, { eventDate: weddingDate, eventLocation: 'Manila Cathedral' });
      const plan = planned('catholic', weddingDate, wedding.plannedOn);
      const flagged = wedding.milestones.filter((m: any) => m.flag);
      expect(flagged.map((m: any) => [m.key, m.flag])).toEqual(
        byDueDate(plan.items)
          .filter((it) => it.flag)
          .map((it) => [it.key, it.flag]),
      );
      const application = wedding.milestones.find((m: any) => m.key === 'licence-application');
      expect(application).toMatchObject({ flag: 'a licence cannot be had in time: 14 days left', dueDate: wedding.plannedOn, legal: true });
      expect(wedding.milestones.every((m: any) => m.dueDate >= wedding.plannedOn)).toBe(true);
    });

    it('plans a beach wedding in the rainy season with a rain plan and the licence in hand before travel', async () => {
      const weddingDate = `${Number(today().slice(0, 4)) + 1}-07-18`;
      const { wedding } = await bookedWedding(a, { eventDate: weddingDate, eventLocation: 'White Beach, Boracay' });
      expect(wedding.weddingType).toMatchObject({ value: 'beach-destination', reason: 'location mentions “White Beach” (a beach or destination wedding)' });
      expect(wedding.milestones.map((m: any) => m.key).sort()).toEqual(planned('beach-destination', weddingDate, wedding.plannedOn).items.map((it) => it.key).sort());
      expect(wedding.milestones.map((m: any) => m.key)).toEqual(expect.arrayContaining(['rain-plan', 'licence-before-travel', 'venue-sworn-request']));
    });
  });

  describe('templates', () => {
    it('copies the shipped pack as the default on first read, once however many read at once', async () => {
      const coordinator = await vendor('Kasal Co');
      const lists = await Promise.all([1, 2, 3].map(() => call('GET', '/templates', coordinator.token)));
      expect(lists.map((l) => l.status)).toEqual([200, 200, 200]);
      const { body } = await call('GET', '/templates', coordinator.token);
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toMatchObject({ isDefault: true, revision: 1, items: JSON.parse(JSON.stringify(DEFAULT_PACK)) });
      expect(body.items[0].items[0].key).toBe('consultation');
      expect(body.items[0].items.at(-1).key).toBe('rehearsal');
    });

    it('makes, changes with a revision check, refuses changed legal windows, and deletes templates', async () => {
      const coordinator = await vendor('Tahanan Events');
      const [pack] = (await call('GET', '/templates', coordinator.token)).body.items;
      const items = pack.items.filter((it: any) => it.key !== 'tea-ceremony');
      const made = await call('POST', '/templates', coordinator.token, { name: 'Short engagements', items });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ name: 'Short engagements', isDefault: false, revision: 1 });

      const renamed = await call('PUT', `/templates/${made.body.id}`, coordinator.token, { name: 'Short', items, revision: 1 });
      expect(renamed).toMatchObject({ status: 200, body: { name: 'Short', revision: 2 } });
      const stale = await call('PUT', `/templates/${made.body.id}`, coordinator.token, { name: 'Stale', items, revision: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toContain('revision 2');

      const widened = items.map((it: any) => (it.key === 'licence-application' ? { ...it, window: { earliestDaysBefore: 200, latestDaysBefore: 1 } } : it));
      const refused = await call('PUT', `/templates/${made.body.id}`, coordinator.token, { name: 'Short', items: widened, revision: 2 });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toEqual([expect.stringContaining('(licence-application): window of a legal item is a rule and cannot be changed')]);
      const backwards = await call('POST', '/templates', coordinator.token, {
        name: 'Odd',
        items: [{ ...items[1], dependsOn: ['later'] }, { ...items[0], key: 'later' }],
      });
      expect(backwards.status).toBe(400);
      expect(JSON.stringify(backwards.body.message)).toContain('which is not an item above it');
      const badShape = await call('POST', '/templates', coordinator.token, { name: 'Odd', items: [{ ...items[0], anchor: 'moon' }] });
      expect(badShape.status).toBe(400);
      expect(JSON.stringify(badShape.body.message)).toContain('anchor');

      // Made the default, the old default can go; the default itself cannot.
      const promoted = await call('PUT', `/templates/${made.body.id}`, coordinator.token, { name: 'Short', items, revision: 2, isDefault: true });
      expect(promoted.body).toMatchObject({ isDefault: true, revision: 3 });
      expect((await call('DELETE', `/templates/${made.body.id}`, coordinator.token)).status).toBe(409);
      expect((await call('DELETE', `/templates/${pack.id}`, coordinator.token)).status).toBe(204);
      expect((await call('GET', `/templates/${pack.id}`, coordinator.token)).status).toBe(404);
      const { body } = await call('GET', '/templates', coordinator.token);
      expect(body.items.map((t: any) => [t.id, t.isDefault])).toEqual([[made.body.id, true]]);
    });

    it('keeps templates to their coordinator: another gets 404 and changes nothing', async () => {
      const [mine] = (await call('GET', '/templates', a.token)).body.items;
      expect((await call('GET', `/templates/${mine.id}`, b.token)).status).toBe(404);
      expect((await call('PUT', `/templates/${mine.id}`, b.token, { name: 'x', items: mine.items, revision: mine.revision })).status).toBe(404);
      expect((await call('DELETE', `/templates/${mine.id}`, b.token)).status).toBe(404);
      expect((await call('GET', `/templates/${mine.id}`, a.token)).body).toEqual(mine);
    });
  });

  describe('re-planning', () => {
    it('previews a change of type as a diff, applies it only to open plan milestones, and announces plan-changed', async () => {
      const weddingDate = addDays(today(), 90);
      const { wedding } = await bookedWedding(a, { eventDate: weddingDate, eventLocation: 'San Agustin Church' });
      expect(wedding.weddingType.value).toBe('catholic');
      const id = wedding.id;
      // One plan milestone completed, one made by hand: both are kept whatever the plan becomes.
      const interview = wedding.milestones.find((m: any) => m.key === 'canonical-interview');
      await call('PATCH', `/weddings/${id}/milestones/${interview.id}`, a.token, { completed: true });
      const handMade = (await call('POST', `/weddings/${id}/milestones`, a.token, { title: 'Lola’s fitting', dueDate: addDays(today(), 30) })).body;

      const preview = await call('POST', `/weddings/${id}/plan/preview`, a.token, { weddingType: 'civil' });
      expect(preview.status).toBe(200);
      const kinds = (kind: string) => preview.body.changes.filter((c: any) => c.kind === kind).map((c: any) => c.key ?? c.title).sort();
      expect(kinds('keep')).toEqual(expect.arrayContaining(['canonical-interview', 'Lola’s fitting']));
      expect(kinds('remove')).toEqual(['banns', 'baptismal-confirmation', 'church-reservation', 'pre-cana']);
      expect(kinds('add')).toEqual(['solemnizing-officer']);
      expect(preview.body.flags).toEqual([]);
      // Nothing written by a preview.
      const unchanged = await call('GET', `/weddings/${id}`, a.token);
      expect(unchanged.body.milestones.map((m: any) => m.id).sort()).toEqual([...wedding.milestones.map((m: any) => m.id), handMade.id].sort());
      expect(unchanged.body.weddingType.value).toBe('catholic');

      // A change since the preview (a milestone completed): the apply is refused, and writes nothing.
      const venue = unchanged.body.milestones.find((m: any) => m.key === 'venue-selection');
      await call('PATCH', `/weddings/${id}/milestones/${venue.id}`, a.token, { completed: true });
      const refused = await call('POST', `/weddings/${id}/plan/apply`, a.token, { weddingType: 'civil', revision: preview.body.revision, digest: preview.body.digest });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('preview again');
      expect((await call('GET', `/weddings/${id}`, a.token)).body.weddingType.value).toBe('catholic');

      const again = await call('POST', `/weddings/${id}/plan/preview`, a.token, { weddingType: 'civil' });
      const applied = await call('POST', `/weddings/${id}/plan/apply`, a.token, { weddingType: 'civil', revision: again.body.revision, digest: again.body.digest });
      expect(applied.status).toBe(200);
      const after = applied.body.wedding;
      expect(after.weddingType).toEqual({ value: 'civil', reason: 'chosen by the coordinator', source: 'coordinator' });
      const byId = new Map(after.milestones.map((m: any) => [m.id, m]));
      expect(byId.get(interview.id)).toMatchObject({ completed: true, key: 'canonical-interview', dueDate: interview.dueDate });
      expect(byId.get(handMade.id)).toMatchObject({ source: 'manual', dueDate: handMade.dueDate, title: 'Lola’s fitting' });
      expect(byId.get(venue.id)).toMatchObject({ completed: true, dueDate: venue.dueDate });
      // The open plan milestones are what the civil plan gives now, the done ones counted done.
      const plan = planned('civil', weddingDate, after.plannedOn, today(), ['venue-selection']);
      const open = after.milestones.filter((m: any) => m.source === 'plan' && !m.completed);
      expect(Object.fromEntries(open.map((m: any) => [m.key, m.dueDate]))).toEqual(
        Object.fromEntries(plan.items.filter((it) => !it.done).map((it) => [it.key, it.dueDate])),
      );
      expect(applied.body.changes.map((c: any) => c.kind).sort()).toEqual(again.body.changes.map((c: any) => c.kind).sort());

      // Announced as plan-changed with the whole new schedule, so the reminders follow.
      const event = await expectEventually(() => {
        const found = updatesOf(id).find((e) => e.change === 'plan-changed');
        expect(found).toBeDefined();
        return found!;
      });
      expect(event.revision).toBe(after.revision);
      expect(event.milestones.map((m) => [m.id, m.dueDate, m.completed]).sort()).toEqual(
        after.milestones.map((m: any) => [m.id, m.dueDate, m.completed]).sort(),
      );
      const [entry] = (
        await system.coordinatorDb.query(`SELECT metadata FROM coordinator_activity_log WHERE wedding_id = $1 AND activity_type = 'plan_changed'`, [id])
      ).rows;
      expect(entry.metadata).toMatchObject({ weddingId: id, fields: ['weddingType'], remove: 4, add: 1 });
    });

    it('previews a new date and a changed template, and applies both', async () => {
      const coordinator = await vendor('Pag-ibig Planners');
      const [pack] = (await call('GET', '/templates', coordinator.token)).body.items;
      const weddingDate = addDays(today(), 300);
      const { wedding } = await bookedWedding(coordinator, { eventDate: weddingDate, eventLocation: 'Quezon City Hall' });
      expect(wedding.weddingType.value).toBe('civil');
      const call2 = (method: Method, path: string, body?: unknown) => call(method, path, coordinator.token, body);

      // Its template changed: the final details two weeks → three weeks before, and a new item.
      const items = pack.items.flatMap((it: any) =>
        it.key === 'final-details'
          ? [{ ...it, offsetDays: -21 }, { ...it, key: 'thank-you-notes', title: 'Thank-you cards printed', offsetDays: -3, dependsOn: ['final-details'] }]
          : [it],
      );
      expect((await call2('PUT', `/templates/${pack.id}`, { name: pack.name, items, revision: pack.revision })).status).toBe(200);
      const moved = addDays(weddingDate, 10);
      const preview = await call2('POST', `/weddings/${wedding.id}/plan/preview`, { weddingDate: moved });
      expect(preview.status).toBe(200);
      const change = (key: string) => preview.body.changes.find((c: any) => c.key === key);
      expect(change('final-details')).toMatchObject({ kind: 'move', to: { dueDate: addDays(moved, -21) } });
      expect(change('rehearsal')).toMatchObject({ kind: 'move', from: { dueDate: addDays(weddingDate, -1) }, to: { dueDate: addDays(moved, -1) } });
      expect(change('thank-you-notes')).toMatchObject({ kind: 'add', to: { dueDate: addDays(moved, -3) } });
      expect(change('consultation')).toMatchObject({ kind: 'keep' });

      const applied = await call2('POST', `/weddings/${wedding.id}/plan/apply`, { weddingDate: moved, revision: preview.body.revision, digest: preview.body.digest });
      expect(applied.status).toBe(200);
      expect(applied.body.wedding).toMatchObject({ weddingDate: moved });
      expect(applied.body.wedding.milestones.find((m: any) => m.key === 'thank-you-notes')).toMatchObject({ dueDate: addDays(moved, -3), source: 'plan' });
      // Applied once: the same preview again is stale.
      const twice = await call2('POST', `/weddings/${wedding.id}/plan/apply`, { weddingDate: moved, revision: preview.body.revision, digest: preview.body.digest });
      expect(twice.status).toBe(409);
    });

    it.each([
      [{ weddingType: 'vegas' }, 'weddingType'],
      [{ weddingDate: '2030-02-30' }, 'weddingDate'],
      [{ weddingDate: '2020-01-01' }, 'weddingDate is in the past'],
      [{ templateId: 'x' }, 'templateId'],
      [{ color: 'red' }, 'color'],
    ])('refuses a preview of %j with 400 naming %s', async (body, field) => {
      const { wedding } = await bookedWedding(a, { eventDate: addDays(today(), 120) });
      const response = await call('POST', `/weddings/${wedding.id}/plan/preview`, a.token, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    });

    it('answers 404 for a template of another coordinator and for a wedding of another', async () => {
      const { wedding } = await bookedWedding(a, { eventDate: addDays(today(), 120) });
      const [theirs] = (await call('GET', '/templates', b.token)).body.items;
      expect((await call('POST', `/weddings/${wedding.id}/plan/preview`, a.token, { templateId: theirs.id })).status).toBe(404);
      expect((await call('POST', `/weddings/${wedding.id}/plan/preview`, b.token, {})).status).toBe(404);
      expect((await call('POST', `/weddings/${randomUUID()}/plan/preview`, a.token, {})).status).toBe(404);
    });
  });
});
