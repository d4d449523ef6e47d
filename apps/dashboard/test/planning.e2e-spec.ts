// Issue 18 in a browser against the real services (bookings and coordinator in this process, PostgreSQL, RabbitMQ):
// a coordinator edits their planning template, sees what a re-plan of a booked wedding would change before anything
// is written, applies it and sees the dates change; a plan changed in between is refused and previewed again; a
// template saved over a newer revision is refused with a reload; and a budget is set, split into planned lines, its
// actuals entered, and an impossible total called infeasible. axe-core checks each page.
import { randomUUID } from 'node:crypto';
import { Browser, Locator } from 'playwright-core';
import { expectEventually, requestJson } from '@wedding/testing';
import { startTestSystem, TestSystem } from '../../coordinator/test/test-system';
import { Coordinator, expectAccessible, heading, launchBrowser, live, openCoordinator, WAIT } from './browser-harness';
import { ensureDashboardBuilt } from './built-dashboard';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** A calendar date as the dashboard writes it: "15 Jun 2030". */
const shortDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${date}T00:00:00Z`));
/** A wedding date as the page's header writes it: "Sat 15 Jun 2030". */
const longDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    Date.parse(`${date}T00:00:00Z`),
  );
/** Pesos as the dashboard writes them: "₱1,000,000". */
const pesos = (amount: number) => new Intl.NumberFormat('en-PH', { style: 'currency', currency: 'PHP', maximumFractionDigits: 0 }).format(amount);

interface ApiMilestone {
  id: string;
  key: string | null;
  title: string;
  dueDate: string;
  completed: boolean;
  source: 'plan' | 'manual';
}
interface ApiWedding {
  id: string;
  weddingDate: string;
  weddingType: { value: string; reason: string; source: string };
  milestones: ApiMilestone[];
}
interface ApiTemplate {
  id: string;
  name: string;
  isDefault: boolean;
  revision: number;
  items: { key: string; title: string; offsetDays: number; legal: boolean; window: { earliestDaysBefore: number; latestDaysBefore: number } | null }[];
}
interface ApiPlanChange {
  kind: 'add' | 'move' | 'remove' | 'keep';
  key: string | null;
  title: string;
  from?: { dueDate: string };
  to?: { dueDate: string };
}
interface ApiBudget {
  total: number;
  feasible: boolean;
  problems: string[];
  lines: { category: string; label: string; planned: number; actual: number | null }[];
  plannedTotal: number;
  actualTotal: number;
}

describe('planning templates, re-plans and budgets in a browser', () => {
  let system: TestSystem;
  let dashboardUrl: string;
  let browser: Browser;
  let a: Coordinator;
  let weddingId: string;
  const problems: string[] = [];

  const api = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown) => {
    const answer = await requestJson<T>(method, `${await system.coordinatorUrl()}/api/coordinator${path}`, body, { authorization: `Bearer ${a.token}` });
    return answer;
  };
  const wedding = async () => (await api<ApiWedding>('GET', `/weddings/${weddingId}`)).body;
  const defaultTemplate = async () => (await api<{ items: ApiTemplate[] }>('GET', '/templates')).body.items.find((t) => t.isDefault)!;
  /** The milestone's row on the wedding page, found by its checkbox's name. */
  const milestoneRow = (title: string) => a.page.locator('li.milestone').filter({ has: a.page.getByRole('checkbox', { name: title, exact: true }) });
  const openWedding = async () => {
    await a.page.goto(`${dashboardUrl}weddings/${weddingId}`);
    await heading(a.page, 'Rosa & Luis');
    await live(a.page);
  };
  const changeLine = (region: Locator, title: string) => region.getByRole('listitem').filter({ hasText: `${title}:` });

  beforeAll(async () => {
    ensureDashboardBuilt();
    system = await startTestSystem('dplan');
    dashboardUrl = `${await system.coordinatorUrl()}/dashboard/`;
    browser = await launchBrowser();
    const { body: vendor } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, { businessName: 'Ayos Events', businessType: 'Wedding Coordination' });
    a = await openCoordinator(browser, vendor.id, problems);
    // A church wedding ten months out: the planner has room for every item at its usual lead time.
    const { status, body } = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: a.id,
      coupleName: 'Rosa & Luis',
      contactEmail: `${randomUUID()}@example.com`,
      eventDate: inDays(300),
      eventLocation: 'Manila Cathedral',
      guestCount: 150,
      budgetRange: '50k-100k',
    });
    expect(status).toBe(201);
    weddingId = await expectEventually(async () => {
      const [row] = (await system.coordinatorDb.query(`SELECT id FROM coordinator_weddings WHERE booking_id = $1`, [body.booking.id])).rows;
      expect(row).toBeDefined();
      return row.id as string;
    });
    await a.page.goto(`${dashboardUrl}#token=${a.token}`);
    await heading(a.page, 'Overview');
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('lists the templates, the shipped pack as the default, its legal items with their windows locked', async () => {
    const { page } = a;
    await page.getByRole('link', { name: 'Templates', exact: true }).click();
    await heading(page, 'Templates');
    const template = await defaultTemplate();
    const list = page.getByRole('region', { name: 'Planning templates' });
    await list.getByRole('link', { name: template.name }).waitFor(WAIT);
    await page.getByRole('region', { name: 'Budget splits' }).getByLabel('Budget split', { exact: true }).waitFor(WAIT);
    await expectAccessible(page);

    await list.getByRole('link', { name: template.name }).click();
    await heading(page, template.name);
    const rows = page.getByRole('table', { name: "The template's items" }).locator(':scope > tbody > tr');
    await expectEventually(async () => expect(await rows.count()).toBe(template.items.length));
    // A legal item: no Remove, its window said in words and not editable.
    const legal = template.items.find((item) => item.legal && item.window)!;
    await page.getByRole('button', { name: `Edit ${legal.title}`, exact: true }).click();
    const editor = page.getByRole('group', { name: `Edit “${legal.title}”` });
    await editor.getByText('A legal requirement').waitFor(WAIT);
    await editor.getByText(`between ${legal.window!.earliestDaysBefore} and ${legal.window!.latestDaysBefore} day`).first().waitFor(WAIT);
    expect(await editor.getByLabel('Not earlier than (days before)').count()).toBe(0);
    expect(await editor.getByLabel('Minimum duration in days').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: `Remove ${legal.title}`, exact: true }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('saves an edited template with its revision; the wedding’s re-plan preview shows the move and writes nothing', async () => {
    const { page } = a;
    const before = await defaultTemplate();
    await page.getByRole('button', { name: 'Edit Venue Selection', exact: true }).click();
    const editor = page.getByRole('group', { name: 'Edit “Venue Selection”' });
    await editor.getByLabel('Offset in days').fill('-170');
    await editor.getByText('Due 170 days before the wedding.').waitFor(WAIT);
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').filter({ hasText: `Saved. Revision ${before.revision + 1}.` }).waitFor(WAIT);
    const after = await defaultTemplate();
    expect(after.revision).toBe(before.revision + 1);
    expect(after.items.find((item) => item.key === 'venue-selection')!.offsetDays).toBe(-170);

    await openWedding();
    const planned = await wedding();
    // The type the planner inferred, and why.
    expect(planned.weddingType.value).toBe('catholic');
    await page.getByText(planned.weddingType.reason).waitFor(WAIT);
    const venue = planned.milestones.find((m) => m.key === 'venue-selection')!;
    await milestoneRow('Venue Selection').getByText(`Due ${shortDate(venue.dueDate)}`).waitFor(WAIT);

    await page.getByRole('button', { name: 'Preview the re-plan' }).click();
    const preview = page.getByRole('region', { name: 'Re-plan preview' });
    await preview.waitFor(WAIT);
    // What the page shows is what the API previews: every milestone that moves, from its date to the new one.
    const { body: expected } = await api<{ changes: ApiPlanChange[] }>('POST', `/weddings/${weddingId}/plan/preview`, {});
    const moves = expected.changes.filter((change) => change.kind === 'move');
    expect(moves.map((change) => change.key)).toContain('venue-selection');
    for (const move of moves) {
      const line = changeLine(preview, move.title);
      expect(await line.locator('del').textContent()).toBe(shortDate(move.from!.dueDate));
      expect(await line.locator('ins').textContent()).toBe(shortDate(move.to!.dueDate));
    }
    expect(moves.find((change) => change.key === 'venue-selection')!.to!.dueDate).toBe(inDaysFrom(planned.weddingDate, -170));
    // A preview writes nothing.
    expect((await wedding()).milestones.find((m) => m.id === venue.id)!.dueDate).toBe(venue.dueDate);
    await expectAccessible(page);

    await preview.getByRole('button', { name: 'Apply these changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Re-plan applied.' }).waitFor(WAIT);
    const applied = await wedding();
    for (const move of moves) {
      const milestone = applied.milestones.find((m) => m.key === move.key)!;
      expect(milestone.dueDate).toBe(move.to!.dueDate);
      await milestoneRow(milestone.title).getByText(`Due ${shortDate(milestone.dueDate)}`).waitFor(WAIT);
    }
    await expectAccessible(page);
  });

  it('adds a hand-made milestone; a preview made before it is refused on apply and previewed again', async () => {
    const { page } = a;
    const newDate = inDays(320);
    await page.getByLabel('Wedding date').fill(newDate);
    await page.getByRole('button', { name: 'Preview the re-plan' }).click();
    const preview = page.getByRole('region', { name: 'Re-plan preview' });
    await preview.getByText(`If the wedding moves to`).waitFor(WAIT);

    // The plan changes under the preview: a milestone added by hand, on this very page.
    const manualDue = inDays(30);
    const add = page.getByRole('form', { name: 'Add a milestone by hand' });
    await add.getByLabel('Title').fill('Taste the cake');
    await add.getByLabel('Due date').fill(manualDue);
    await add.getByLabel('Category').fill('food');
    await add.getByRole('button', { name: 'Add milestone' }).click();
    await page.getByRole('status').filter({ hasText: 'Added “Taste the cake”.' }).waitFor(WAIT);
    const cake = milestoneRow('Taste the cake');
    await cake.getByText('hand-made').waitFor(WAIT);
    await cake.getByText('food').waitFor(WAIT);
    await cake.getByText(`Due ${shortDate(manualDue)}`).waitFor(WAIT);

    await preview.getByRole('button', { name: 'Apply these changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'The plan changed since this preview' }).waitFor(WAIT);
    expect((await wedding()).weddingDate).not.toBe(newDate);

    await page.getByRole('button', { name: 'Preview again' }).click();
    const fresh = page.getByRole('region', { name: 'Re-plan preview' });
    // The hand-made milestone is kept as it is.
    await fresh.locator('summary').filter({ hasText: 'Kept as they are' }).click();
    await changeLine(fresh, 'Taste the cake').getByText(`due ${shortDate(manualDue)}`).waitFor(WAIT);
    await fresh.getByRole('button', { name: 'Apply these changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Re-plan applied.' }).waitFor(WAIT);
    const moved = await wedding();
    expect(moved.weddingDate).toBe(newDate);
    expect(moved.milestones.find((m) => m.title === 'Taste the cake')!.dueDate).toBe(manualDue);
    await page.locator('.page-description').getByText(longDate(newDate)).waitFor(WAIT);
    await expectAccessible(page);
  });

  it('refuses a template saved over a newer revision, and reloads the newer one', async () => {
    const { page } = a;
    const template = await defaultTemplate();
    await page.goto(`${dashboardUrl}templates/${template.id}`);
    await heading(page, template.name);
    await page.getByLabel('Template name').fill('Our church weddings');

    // Someone else saves first (another tab).
    const { status } = await api('PUT', `/templates/${template.id}`, { name: 'Renamed elsewhere', items: template.items, revision: template.revision });
    expect(status).toBe(200);

    await page.getByRole('button', { name: 'Save template' }).click();
    const stale = page.getByRole('alert').filter({ hasText: 'This template was changed elsewhere' });
    await stale.waitFor(WAIT);
    expect((await defaultTemplate()).name).toBe('Renamed elsewhere');
    await stale.getByRole('button', { name: 'Reload the template' }).click();
    await expectEventually(async () => expect(await page.getByLabel('Template name').inputValue()).toBe('Renamed elsewhere'));
    await heading(page, 'Renamed elsewhere');
  });

  it('adds a template as a copy of the default and deletes it; the default itself cannot be deleted', async () => {
    const { page } = a;
    await page.getByRole('link', { name: 'Templates', exact: true }).click();
    await heading(page, 'Templates');
    const add = page.getByRole('form', { name: 'Add a template' });
    await add.getByLabel('Name').fill('Garden weddings');
    await add.getByRole('button', { name: 'Add template' }).click();
    await heading(page, 'Garden weddings');
    const copy = (await api<{ items: ApiTemplate[] }>('GET', '/templates')).body.items.find((t) => t.name === 'Garden weddings')!;
    expect(copy.isDefault).toBe(false);
    expect(copy.items.map((item) => item.key)).toEqual((await defaultTemplate()).items.map((item) => item.key));
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Delete template' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await heading(page, 'Templates');
    await page.getByRole('region', { name: 'Planning templates' }).getByRole('link', { name: (await defaultTemplate()).name }).waitFor(WAIT);
    expect(await page.getByRole('link', { name: 'Garden weddings' }).count()).toBe(0);
    expect((await api('GET', `/templates/${copy.id}`)).status).toBe(404);

    await page.getByRole('region', { name: 'Planning templates' }).getByRole('link', { name: (await defaultTemplate()).name }).click();
    await page.getByRole('button', { name: 'Delete template' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByRole('alert').filter({ hasText: 'The template was not deleted' }).filter({ hasText: 'default' }).waitFor(WAIT);
  });

  it('sets a budget split into planned lines, takes actuals, and calls an impossible total infeasible', async () => {
    const { page } = a;
    await openWedding();
    const panel = page.getByRole('region', { name: 'Budget' });
    await panel.getByText('No budget yet.').waitFor(WAIT);
    await panel.getByLabel('Total (PHP)').fill('1,200,000');
    await panel.getByLabel('Guests').fill('150');
    await panel.getByRole('button', { name: 'Set the budget' }).click();

    const lines = panel.getByRole('table', { name: 'Budget lines, planned and actual' });
    await lines.waitFor(WAIT);
    const budget = (await api<ApiBudget>('GET', `/weddings/${weddingId}/budget`)).body;
    expect(budget.total).toBe(1_200_000);
    expect(budget.feasible).toBe(true);
    expect(await lines.locator('tbody > tr').count()).toBe(budget.lines.length);
    for (const [index, line] of budget.lines.entries()) {
      const row = lines.locator('tbody > tr').nth(index);
      expect(await row.getByRole('rowheader').textContent()).toContain(line.label);
      expect(await row.locator('.cell-amount').textContent()).toBe(pesos(line.planned));
    }
    await panel.getByText(pesos(budget.plannedTotal)).first().waitFor(WAIT);
    await expectAccessible(page);

    const catering = budget.lines.find((line) => line.category === 'catering')!;
    await panel.getByLabel(`Actual for ${catering.label}`).fill('250,000');
    await panel.getByRole('button', { name: `Save the actual for ${catering.label}` }).click();
    await expectEventually(async () => {
      const saved = (await api<ApiBudget>('GET', `/weddings/${weddingId}/budget`)).body;
      expect(saved.lines.find((line) => line.category === 'catering')!.actual).toBe(250_000);
      expect(saved.actualTotal).toBe(250_000);
    });
    const spent = panel.locator('.budget-figures div').filter({ hasText: 'Spent' }).locator('dd');
    await expectEventually(async () => expect(await spent.textContent()).toBe(pesos(250_000)));
    expect(await panel.getByLabel(`Actual for ${catering.label}`).inputValue()).toBe('250000');
    // Planned stays beside actual: the line's plan is not replaced by what was spent.
    const cateringRow = lines.locator('tbody > tr').nth(budget.lines.indexOf(catering));
    expect(await cateringRow.locator('.cell-amount').textContent()).toBe(pesos(catering.planned));

    // A total the per-guest and fixed lines alone exceed.
    await panel.getByLabel('Total (PHP)').fill('100000');
    await panel.getByRole('button', { name: 'Save the budget' }).click();
    const infeasible = panel.getByRole('status').filter({ hasText: 'Infeasible:' });
    await infeasible.waitFor(WAIT);
    const refused = (await api<ApiBudget>('GET', `/weddings/${weddingId}/budget`)).body;
    expect(refused.feasible).toBe(false);
    expect(refused.problems.length).toBeGreaterThan(0);
    for (const problem of refused.problems) await infeasible.getByText(problem).waitFor(WAIT);
    await expectAccessible(page);
  });
});

/** The calendar date `days` after `date`. */
function inDaysFrom(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
