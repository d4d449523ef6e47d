// The budget split through real HTTP on real PostgreSQL: setting a wedding's budget (never from the booking's fee),
// rescaling when the guest count changes, infeasible totals, actuals, split templates, and the error codes.
import { randomUUID } from 'node:crypto';
import { expectEventually, mintToken, requestJson } from '@wedding/testing';
import { startTestSystem, TestSystem } from './test-system';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const planned = (budget: any) => Object.fromEntries(budget.lines.map((line: any) => [line.category, line.planned]));
const centavos = (amounts: number[]) => amounts.reduce((sum, amount) => sum + Math.round(amount * 100), 0);

describe('wedding budget', () => {
  let system: TestSystem;
  let base: string;
  let a: { id: string; token: string };
  let b: { id: string; token: string };

  const call = (method: Method, path: string, token: string, body?: unknown) =>
    requestJson(method, `${base}${path}`, body, { authorization: `Bearer ${token}` });
  const sql = async (text: string, params: unknown[] = []) => (await system.coordinatorDb.query(text, params)).rows;

  const vendor = async (businessName: string) => {
    const { body } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, { businessName, businessType: 'Wedding Coordination' });
    return { id: body.id as string, token: await mintToken(body.id) };
  };
  /** A wedding made by the booking flow, with the couple's budget range (the coordinator's fee). */
  const bookWedding = async (coordinatorId: string, fields: Record<string, unknown> = {}) => {
    const { status, body } = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: coordinatorId,
      coupleName: 'Maria & Jose',
      contactEmail: `${randomUUID()}@example.com`,
      eventDate: inDays(200),
      budgetRange: '50k-100k',
      ...fields,
    });
    expect(status).toBe(201);
    const { id } = await expectEventually(async () => {
      const [wedding] = await sql(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [body.booking.id]);
      expect(wedding).toBeDefined();
      return wedding;
    });
    return id as string;
  };
  /** A wedding entered by hand, without a guest count. */
  const manualWedding = async (coordinator: { token: string }) => {
    const { body: client } = await call('POST', '/api/coordinator/clients', coordinator.token, {
      coupleName: 'Ana & Ben',
      email: `${randomUUID()}@example.com`,
    });
    const { status, body } = await call('POST', '/api/coordinator/weddings', coordinator.token, { clientId: client.id, weddingDate: inDays(120) });
    expect(status).toBe(201);
    return body.id as string;
  };
  const activity = (weddingId: string) =>
    sql(`SELECT activity_type, description, metadata FROM coordinator_activity_log WHERE wedding_id = $1 AND activity_type LIKE 'budget%'
          ORDER BY created_at`, [weddingId]);

  beforeAll(async () => {
    system = await startTestSystem('budget');
    base = await system.coordinatorUrl();
    a = await vendor('Ayos Events');
    b = await vendor('Plano Weddings');
  });

  afterAll(async () => {
    await system?.close();
  });

  it('sets a booked wedding’s budget from the coordinator’s total, never from the booking’s budgetRange (the fee)', async () => {
    const weddingId = await bookWedding(a.id, { guestCount: 150 });
    const { body: wedding } = await call('GET', `/api/coordinator/weddings/${weddingId}`, a.token);
    expect(wedding.budget).toBe(75_000); // "50k-100k": the coordinator's fee
    const none = await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, a.token);
    expect(none.status).toBe(404);
    expect(none.body.message).toBe('no budget has been set for this wedding yet');

    const { status, body: budget } = await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 800_000, guestCount: 150 });
    expect(status).toBe(200);
    const { body: templates } = await call('GET', '/api/coordinator/budget-templates', a.token);
    const defaultTemplate = templates.items.find((template: any) => template.isDefault);
    expect(budget).toMatchObject({
      weddingId,
      total: 800_000,
      guestCount: 150,
      currency: 'PHP',
      templateId: defaultTemplate.id,
      revision: 1,
      feasible: true,
      problems: [],
      plannedTotal: 800_000,
      actualTotal: 0,
    });
    expect(planned(budget)).toMatchObject({ catering: 221_760, souvenirs: 18_000, documents: 5_000, contingency: 55_524 });
    expect(centavos(budget.lines.map((line: any) => line.planned))).toBe(80_000_000);
    expect(budget.lines.find((line: any) => line.category === 'catering')).toEqual({
      category: 'catering',
      label: 'Catering',
      basis: 'per-guest',
      planned: 221_760,
      actual: null,
      note: '₱1,200 per guest × 150 guests, plus 12% VAT and 10% service charge',
    });
    // The fee stays the wedding's `budget`, apart from the split.
    expect((await call('GET', `/api/coordinator/weddings/${weddingId}`, a.token)).body.budget).toBe(75_000);
    expect((await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, a.token)).body).toEqual(budget);
    expect(await activity(weddingId)).toEqual([
      expect.objectContaining({ activity_type: 'budget_set', description: 'Budget of ₱800,000 for 150 guests set for Maria & Jose' }),
    ]);
  });

  it('rescales the per-guest lines when PATCH /weddings/:id changes the guest count', async () => {
    const weddingId = await bookWedding(a.id, { guestCount: 150 });
    await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 800_000, guestCount: 150 });

    const patched = await call('PATCH', `/api/coordinator/weddings/${weddingId}`, a.token, { guestCount: 180 });
    expect(patched.status).toBe(200);
    const { body: budget } = await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, a.token);
    expect(budget).toMatchObject({ guestCount: 180, revision: 2, plannedTotal: 800_000, feasible: true });
    expect(planned(budget)).toMatchObject({ catering: 266_112, souvenirs: 21_600, documents: 5_000 });
    expect((await activity(weddingId)).at(-1)).toMatchObject({
      activity_type: 'budget_changed',
      description: 'Budget of Maria & Jose rescaled from 150 to 180 guests: Catering ₱221,760 → ₱266,112; Souvenirs ₱18,000 → ₱21,600',
    });

    // A PATCH that leaves the guest count alone leaves the budget alone.
    await call('PATCH', `/api/coordinator/weddings/${weddingId}`, a.token, { venue: 'Manila Hotel', guestCount: 180 });
    expect((await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, a.token)).body.revision).toBe(2);
  });

  it('sets the wedding’s guest count from the budget, announced like any change of the wedding', async () => {
    const weddingId = await manualWedding(a);
    const [{ revision: before }] = await sql(`SELECT revision FROM coordinator_weddings WHERE id = $1`, [weddingId]);
    const { status } = await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 500_000, guestCount: 90 });
    expect(status).toBe(200);
    expect((await call('GET', `/api/coordinator/weddings/${weddingId}`, a.token)).body.guestCount).toBe(90);
    const [{ revision: after }] = await sql(`SELECT revision FROM coordinator_weddings WHERE id = $1`, [weddingId]);
    expect(after).toBe(before + 1);
    const updates = () =>
      sql(`SELECT payload FROM outbox WHERE type = 'coordinator.wedding.updated' AND correlation_id = $1 ORDER BY created_at`, [weddingId]);
    expect((await updates()).map((event) => event.payload.change)).toEqual(['wedding-created', 'details-changed']);

    // The same figures again change nothing and announce nothing.
    const again = await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 500_000, guestCount: 90 });
    expect(again.body.revision).toBe(1);
    expect(await activity(weddingId)).toHaveLength(1);
    expect(await updates()).toHaveLength(2);
  });

  it('says plainly when catering alone exceeds the total, and keeps the budget', async () => {
    const weddingId = await manualWedding(a);
    const { status, body } = await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 150_000, guestCount: 150 });
    expect(status).toBe(200);
    expect(body.feasible).toBe(false);
    expect(body.problems).toEqual(['Catering for 150 guests (₱221,760) alone exceeds the total budget of ₱150,000']);
    expect(planned(body)).toMatchObject({ catering: 221_760, 'reception-venue': 0, contingency: 0 });
    expect(body.plannedTotal).toBe(244_760);
    expect((await activity(weddingId))[0].description).toBe(
      'Budget of ₱150,000 for 150 guests set for Ana & Ben: Catering for 150 guests (₱221,760) alone exceeds the total budget of ₱150,000',
    );
    // Fewer guests make it feasible again.
    const fewer = await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 150_000, guestCount: 60 });
    expect(fewer.body).toMatchObject({ feasible: true, problems: [], plannedTotal: 150_000, revision: 2 });
  });

  it('records actuals per category beside the planned figures, and clears them with null', async () => {
    const weddingId = await manualWedding(a);
    await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 800_000, guestCount: 150 });
    const path = `/api/coordinator/weddings/${weddingId}/budget/lines`;

    const catering = await call('PATCH', `${path}/catering`, a.token, { actual: 230_000.5 });
    expect(catering.status).toBe(200);
    await call('PATCH', `${path}/souvenirs`, a.token, { actual: 17_500.25 });
    const { body } = await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, a.token);
    expect(body.lines.find((line: any) => line.category === 'catering')).toMatchObject({ planned: 221_760, actual: 230_000.5 });
    expect(body).toMatchObject({ actualTotal: 247_500.75, plannedTotal: 800_000, revision: 3 });
    expect((await activity(weddingId)).at(-1).description).toBe('Actual for Souvenirs: ₱17,500.25 (planned ₱18,000) for Ana & Ben');

    const cleared = await call('PATCH', `${path}/catering`, a.token, { actual: null });
    expect(cleared.body.lines.find((line: any) => line.category === 'catering').actual).toBeNull();
    expect(cleared.body.actualTotal).toBe(17_500.25);

    // A stale revision is refused.
    const stale = await call('PATCH', `${path}/souvenirs`, a.token, { actual: 1, revision: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/changed since revision 2/);
  });

  it.each([
    ['an unknown category', 'flowers', { actual: 1 }, 400, /unknown category "flowers"/],
    ['a category this budget has no line for', 'cake', { actual: 1 }, 404, /has no cake line/],
    ['a negative actual', 'catering', { actual: -1 }, 400, /actual must be an amount/],
    ['no actual', 'catering', {}, 400, /actual must be/],
    ['thousandths of a peso', 'catering', { actual: 1.005 }, 400, /at most 2 decimal places/],
    ['another field', 'catering', { actual: 1, planned: 5 }, 400, /property planned should not exist/],
  ])('PATCH lines/:category with %s → 400/404 with a message', async (_case, category, body, status, message) => {
    const weddingId = await manualWedding(a);
    await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 800_000, guestCount: 150 });
    const response = await call('PATCH', `/api/coordinator/weddings/${weddingId}/budget/lines/${category}`, a.token, body);
    expect(response.status).toBe(status);
    expect([response.body.message].flat().join(' ')).toMatch(message);
  });

  it.each([
    ['a negative total', { total: -5, guestCount: 100 }, /total must be an amount/],
    ['a total of 0', { total: 0, guestCount: 100 }, /total must be more than 0/],
    ['guestCount 0', { total: 100_000, guestCount: 0 }, /guestCount must not be less than 1/],
    ['a fractional guestCount', { total: 100_000, guestCount: 1.5 }, /guestCount must be an integer/],
    ['no guestCount', { total: 100_000 }, /guestCount/],
    ['a total as text', { total: '100000', guestCount: 10 }, /total must be a number/],
    ['a templateId that is not a uuid', { total: 100_000, guestCount: 10, templateId: 'default' }, /templateId must be a UUID/],
    ['the booking’s fee field', { total: 100_000, guestCount: 10, budgetRange: '50k-100k' }, /property budgetRange should not exist/],
  ])('PUT budget with %s → 400 with a message', async (_case, body, message) => {
    const weddingId = await manualWedding(a);
    const response = await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, body);
    expect(response.status).toBe(400);
    expect([response.body.message].flat().join(' ')).toMatch(message);
    expect(await sql(`SELECT 1 FROM wedding_budgets WHERE wedding_id = $1`, [weddingId])).toHaveLength(0);
  });

  it('answers 404 for an unknown wedding or template, 409 for a stale revision, 400 for a malformed id', async () => {
    const unknown = randomUUID();
    const weddingId = await manualWedding(a);
    const expectStatus = async (method: Method, path: string, body: unknown, status: number) => {
      const response = await call(method, path, a.token, body);
      expect({ path, status: response.status }).toEqual({ path, status });
      if (status >= 400) expect(typeof [response.body.message].flat()[0]).toBe('string');
    };
    await expectStatus('GET', `/api/coordinator/weddings/${unknown}/budget`, undefined, 404);
    await expectStatus('PUT', `/api/coordinator/weddings/${unknown}/budget`, { total: 1_000, guestCount: 1 }, 404);
    await expectStatus('PATCH', `/api/coordinator/weddings/${unknown}/budget/lines/catering`, { actual: 1 }, 404);
    await expectStatus('PATCH', `/api/coordinator/weddings/${weddingId}/budget/lines/catering`, { actual: 1 }, 404);
    await expectStatus('GET', '/api/coordinator/weddings/not-a-uuid/budget', undefined, 400);
    await expectStatus('PUT', `/api/coordinator/weddings/${weddingId}/budget`, { total: 1_000, guestCount: 1, templateId: unknown }, 404);
    await expectStatus('PUT', `/api/coordinator/weddings/${weddingId}/budget`, { total: 1_000, guestCount: 1, revision: 3 }, 409);
    await expectStatus('PUT', `/api/coordinator/weddings/${weddingId}/budget`, { total: 1_000, guestCount: 1, revision: 0 }, 200);
    await expectStatus('PUT', `/api/coordinator/weddings/${weddingId}/budget`, { total: 2_000, guestCount: 1, revision: 0 }, 409);
    await expectStatus('PUT', `/api/coordinator/weddings/${weddingId}/budget`, { total: 2_000, guestCount: 1, revision: 1 }, 200);
  });

  it('keeps each coordinator to their own weddings and templates', async () => {
    const weddingId = await manualWedding(a);
    await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 800_000, guestCount: 150 });
    const { body: aTemplates } = await call('GET', '/api/coordinator/budget-templates', a.token);
    const aTemplateId = aTemplates.items[0].id;

    expect((await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, b.token)).status).toBe(404);
    expect((await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, b.token, { total: 1, guestCount: 1 })).status).toBe(404);
    expect((await call('PATCH', `/api/coordinator/weddings/${weddingId}/budget/lines/catering`, b.token, { actual: 1 })).status).toBe(404);
    expect((await call('GET', `/api/coordinator/budget-templates/${aTemplateId}`, b.token)).status).toBe(404);
    expect((await call('DELETE', `/api/coordinator/budget-templates/${aTemplateId}`, b.token)).status).toBe(404);
    const bWedding = await manualWedding(b);
    const borrowed = await call('PUT', `/api/coordinator/weddings/${bWedding}/budget`, b.token, { total: 1_000, guestCount: 1, templateId: aTemplateId });
    expect(borrowed.status).toBe(404);
    const { body: bTemplates } = await call('GET', '/api/coordinator/budget-templates', b.token);
    expect(bTemplates.items.map((template: any) => template.id)).not.toContain(aTemplateId);
    expect((await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, a.token)).body).toMatchObject({ total: 800_000, revision: 1 });
    expect((await requestJson('GET', `${base}/api/coordinator/budget-templates`)).status).toBe(401);
  });

  describe('split templates', () => {
    const lean = {
      name: 'Garden, lean',
      lines: [
        { category: 'catering', label: 'Catering (caterer)', basis: 'per-guest', perGuest: 1_000, vatAndServiceCharge: true },
        { category: 'documents', label: 'Documents', basis: 'fixed', fixed: 4_000 },
        { category: 'reception-venue', label: 'Garden', basis: 'share', share: 60 },
        { category: 'contingency', label: 'Contingency', basis: 'share', share: 40 },
      ],
    };

    it('gives a new coordinator the Philippine default once, even to two first reads at once', async () => {
      const c = await vendor('Bago Events');
      const [first, second] = await Promise.all([
        call('GET', '/api/coordinator/budget-templates', c.token),
        call('GET', '/api/coordinator/budget-templates', c.token),
      ]);
      expect(first.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(first.body.items).toHaveLength(1);
      const [template] = first.body.items;
      expect(template).toMatchObject({ name: 'Philippine wedding (default)', isDefault: true, revision: 1 });
      expect(template.lines.map((line: any) => line.category)).toEqual([
        'catering', 'souvenirs', 'documents', 'reception-venue', 'photo-video', 'styling', 'attire', 'coordination', 'music',
        'ceremony', 'contingency',
      ]);
      expect(template.lines[0]).toEqual({ category: 'catering', label: 'Catering', basis: 'per-guest', perGuest: 1_200, vatAndServiceCharge: true });
      expect((await call('GET', `/api/coordinator/budget-templates/${template.id}`, c.token)).body).toEqual(template);
    });

    it('splits by a chosen template, keeps the wedding’s copy when the template changes, and keeps actuals of lines it drops', async () => {
      const weddingId = await manualWedding(a);
      await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, { total: 600_000, guestCount: 100 });
      await call('PATCH', `/api/coordinator/weddings/${weddingId}/budget/lines/styling`, a.token, { actual: 40_000 });

      const created = await call('POST', '/api/coordinator/budget-templates', a.token, lean);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Garden, lean', isDefault: false, revision: 1, lines: lean.lines });

      const { status, body } = await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, {
        total: 600_000,
        guestCount: 100,
        templateId: created.body.id,
      });
      expect(status).toBe(200);
      // 1,000 × 100 × 1.232 = 123,200; 600,000 − 123,200 − 4,000 = 472,800 → 60 % and 40 %.
      expect(planned(body)).toEqual({ catering: 123_200, documents: 4_000, 'reception-venue': 283_680, contingency: 189_120, styling: 0 });
      expect(body.lines.at(-1)).toEqual({
        category: 'styling',
        label: 'styling',
        basis: 'fixed',
        planned: 0,
        actual: 40_000,
        note: 'not in this budget’s template any more; the actual is kept',
      });
      expect(body).toMatchObject({ templateId: created.body.id, plannedTotal: 600_000, actualTotal: 40_000 });

      // Editing the template leaves the wedding's plan as it was; choosing the template again applies the edit.
      const edited = await call('PUT', `/api/coordinator/budget-templates/${created.body.id}`, a.token, {
        ...lean,
        lines: lean.lines.map((line) => (line.category === 'catering' ? { ...line, perGuest: 1_500 } : line)),
        revision: 1,
      });
      expect(edited.status).toBe(200);
      expect(edited.body.revision).toBe(2);
      expect(planned((await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, a.token)).body).catering).toBe(123_200);
      const reapplied = await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, a.token, {
        total: 600_000,
        guestCount: 100,
        templateId: created.body.id,
      });
      expect(planned(reapplied.body).catering).toBe(184_800);

      const stale = await call('PUT', `/api/coordinator/budget-templates/${created.body.id}`, a.token, { ...lean, revision: 1 });
      expect(stale.status).toBe(409);
    });

    it('moves the default, refuses to delete it, and leaves budgets split by a deleted template their lines', async () => {
      const c = await vendor('Lipat Events');
      const { body: list } = await call('GET', '/api/coordinator/budget-templates', c.token);
      const shipped = list.items[0];
      const own = (await call('POST', '/api/coordinator/budget-templates', c.token, { ...lean, isDefault: true })).body;
      expect(own.isDefault).toBe(true);
      const { body: after } = await call('GET', '/api/coordinator/budget-templates', c.token);
      expect(after.items.map((template: any) => [template.id, template.isDefault])).toEqual([
        [own.id, true],
        [shipped.id, false],
      ]);
      // A new budget takes the default, now the coordinator's own.
      const weddingId = await manualWedding(c);
      const budget = (await call('PUT', `/api/coordinator/weddings/${weddingId}/budget`, c.token, { total: 300_000, guestCount: 50 })).body;
      expect(budget.templateId).toBe(own.id);

      const refused = await call('DELETE', `/api/coordinator/budget-templates/${own.id}`, c.token);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/default template cannot be deleted/);
      const unset = await call('PUT', `/api/coordinator/budget-templates/${own.id}`, c.token, { ...lean, isDefault: false, revision: 1 });
      expect(unset.status).toBe(400);

      const back = await call('PUT', `/api/coordinator/budget-templates/${shipped.id}`, c.token, {
        name: shipped.name,
        lines: shipped.lines,
        isDefault: true,
        revision: 1,
      });
      expect(back.body).toMatchObject({ isDefault: true, revision: 2 });
      expect((await call('DELETE', `/api/coordinator/budget-templates/${own.id}`, c.token)).status).toBe(204);
      expect((await call('GET', `/api/coordinator/budget-templates/${own.id}`, c.token)).status).toBe(404);
      const kept = (await call('GET', `/api/coordinator/weddings/${weddingId}/budget`, c.token)).body;
      expect(kept).toMatchObject({ templateId: null, plannedTotal: 300_000 });
      expect(kept.lines).toEqual(budget.lines);
    });

    it.each([
      ['shares that do not add up to 100', { lines: [{ category: 'music', label: 'Music', basis: 'share', share: 90 }] }, /the shares add up to 90%, not 100%/],
      ['an unknown category', { lines: [{ category: 'flowers', label: 'Flowers', basis: 'share', share: 100 }] }, /category must be one of/],
      ['an unknown basis', { lines: [{ category: 'music', label: 'Music', basis: 'percent', share: 100 }] }, /basis must be one of/],
      ['a negative per-guest price', { lines: [{ category: 'catering', label: 'C', basis: 'per-guest', perGuest: -1 }, { category: 'music', label: 'M', basis: 'share', share: 100 }] }, /perGuest must be an amount/],
      ['a share over 100', { lines: [{ category: 'music', label: 'Music', basis: 'share', share: 150 }] }, /share must not be greater than 100/],
      ['a figure of another basis', { lines: [{ category: 'music', label: 'Music', basis: 'share', share: 100, fixed: 10 }] }, /music: fixed is only for fixed lines/],
      ['a category twice', { lines: [{ category: 'music', label: 'A', basis: 'share', share: 50 }, { category: 'music', label: 'B', basis: 'share', share: 50 }] }, /category music appears more than once/],
      ['no lines', { lines: [] }, /lines must contain at least 1 elements/],
      ['lines that are not objects', { lines: ['catering'] }, /lines/],
      ['null for a figure', { lines: [{ category: 'music', label: 'Music', basis: 'share', share: null }] }, /share must be an amount/],
      ['no name', { name: '', lines: lean.lines }, /name should not be empty/],
    ])('POST /budget-templates with %s → 400 with a message', async (_case, body, message) => {
      const response = await call('POST', '/api/coordinator/budget-templates', a.token, { name: 'Bad', ...body });
      expect(response.status).toBe(400);
      expect([response.body.message].flat().join(' ')).toMatch(message);
    });
  });
});
