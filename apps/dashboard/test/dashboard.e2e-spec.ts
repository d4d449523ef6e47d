// The dashboard in headless Chromium against the real services (bookings and coordinator in this process, PostgreSQL,
// RabbitMQ), as a coordinator uses it: sign in, watch a booking arrive live, work a wedding, meet the duplicate-client
// rule, subscribe to the calendar; and a second coordinator's browser that sees none of it. axe-core checks each page.
import { randomUUID } from 'node:crypto';
import { sync as ical, VEvent } from 'node-ical';
import { Browser } from 'playwright-core';
import { expectEventually, mintToken, requestJson } from '@wedding/testing';
import { startTestSystem, TestSystem } from '../../coordinator/test/test-system';
import { Coordinator, expectAccessible, heading, InPage, launchBrowser, live, openCoordinator as open, WAIT } from './browser-harness';
import { ensureDashboardBuilt } from './built-dashboard';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('coordinator dashboard in a browser', () => {
  let system: TestSystem;
  let dashboardUrl: string;
  let browser: Browser;
  let a: Coordinator;
  let b: Coordinator;
  /** Page errors and failed requests the app did not expect; each test ends with none. */
  const problems: string[] = [];

  const vendor = async (businessName: string) => {
    const { body } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
      businessName,
      businessType: 'Wedding Coordination',
    });
    return body.id as string;
  };
  const book = async (coordinatorId: string, coupleName: string, eventDate: string, contactEmail = `${randomUUID()}@example.com`) => {
    const { status, body } = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: coordinatorId,
      coupleName,
      contactEmail,
      eventDate,
      eventLocation: 'Manila Cathedral',
      guestCount: 120,
      budgetRange: '50k-100k',
    });
    expect(status).toBe(201);
    return body.booking.id as string;
  };
  const weddingOfBooking = (bookingId: string) =>
    expectEventually(async () => {
      const [row] = (await system.coordinatorDb.query(`SELECT id, client_id FROM coordinator_weddings WHERE booking_id = $1`, [bookingId])).rows;
      expect(row).toBeDefined();
      return row as { id: string; client_id: string };
    });

  const openCoordinator = (id: string) => open(browser, id, problems);
  const readWedding = async (weddingId: string) =>
    (
      await requestJson('GET', `${await system.coordinatorUrl()}/api/coordinator/weddings/${weddingId}`, undefined, {
        authorization: `Bearer ${a.token}`,
      })
    ).body as { weddingDate: string; milestones: { id: string; title: string; dueDate: string; compressed: boolean; completed: boolean }[] };

  beforeAll(async () => {
    ensureDashboardBuilt();
    system = await startTestSystem('dash');
    dashboardUrl = `${await system.coordinatorUrl()}/dashboard/`;
    browser = await launchBrowser();
    a = await openCoordinator(await vendor('Ayos Events'));
    b = await openCoordinator(await vendor('Plano Weddings'));
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('signs in from the #token= link, keeping the token in the tab and out of the address bar', async () => {
    await a.page.goto(`${dashboardUrl}#token=${a.token}`);
    await heading(a.page, 'Overview');
    expect(a.page.url()).toBe(dashboardUrl);
    expect(await a.page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('coordinator-token'))).toBe(a.token);
    await live(a.page);
    await expectAccessible(a.page);
  });

  it('signs in with a pasted token, and says why a wrong one is refused', async () => {
    const { page } = b;
    await page.goto(dashboardUrl);
    await heading(page, 'Sign in to your dashboard');
    await expectAccessible(page);
    const field = page.getByLabel('Coordinator token');
    await field.fill(await mintToken(b.id, { role: 'couple' }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not a coordinator' }).waitFor(WAIT);
    await field.fill(b.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Overview');
    await live(page);
  });

  it("shows a booking's wedding on the open Overview as it arrives, without a reload", async () => {
    const { page } = a;
    await page.getByRole('link', { name: 'Overview' }).click();
    await live(page);
    await page.evaluate(() => ((globalThis as unknown as InPage).notReloaded = true));
    const clients = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Clients' }) });
    const before = Number(await clients.locator('.card-figure').textContent());

    const bookedAt = Date.now();
    const bookingId = await book(a.id, 'Maria & Jose', inDays(60), 'maria.jose@example.com');
    const upcoming = page.getByRole('region', { name: 'Weddings in the next 90 days' });
    await upcoming.getByRole('link', { name: 'Maria & Jose' }).waitFor(WAIT);
    console.log(`booking → wedding on the open Overview: ${Date.now() - bookedAt} ms`);
    await page.getByText('New booking: Maria & Jose').waitFor(WAIT);
    await expectEventually(async () => expect(Number(await clients.locator('.card-figure').textContent())).toBe(before + 1));
    await page.getByRole('region', { name: 'Latest activity' }).getByText('New wedding on').first().waitFor(WAIT);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).notReloaded)).toBe(true);
    await weddingOfBooking(bookingId);
    await expectAccessible(page);
  });

  it('shows a new booking on the open Weddings page too', async () => {
    const { page } = a;
    await page.getByRole('link', { name: 'Weddings', exact: true }).click();
    await heading(page, 'Weddings');
    await page.getByRole('link', { name: 'Maria & Jose' }).waitFor(WAIT);
    await live(page);
    await page.evaluate(() => ((globalThis as unknown as InPage).notReloaded = true));
    await book(a.id, 'Ana & Ben', inDays(200));
    await page.getByRole('region', { name: 'Weddings' }).getByRole('link', { name: 'Ana & Ben' }).waitFor(WAIT);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).notReloaded)).toBe(true);
    await expectAccessible(page);
  });

  it('opens the wedding with its planned milestones; completing one raises the progress', async () => {
    const { page } = a;
    await page.getByRole('link', { name: 'Maria & Jose' }).click();
    await heading(page, 'Maria & Jose');
    const weddingId = page.url().split('/').pop()!;
    const planned = (await readWedding(weddingId)).milestones;
    const checkboxes = page.getByRole('checkbox');
    await expectEventually(async () => expect(await checkboxes.count()).toBe(planned.length));
    const progress = page.getByRole('progressbar', { name: 'Wedding progress' });
    expect(await progress.getAttribute('aria-valuenow')).toBe('0');

    await page.getByRole('checkbox', { name: 'Initial Consultation' }).check();
    const share = String(Math.round(100 / planned.length));
    await expectEventually(async () => expect(await progress.getAttribute('aria-valuenow')).toBe(share));
    expect(await page.locator('.panel-heading .progress-value').textContent()).toBe(`${share}%`);
    expect(await page.getByRole('checkbox', { name: 'Initial Consultation' }).isChecked()).toBe(true);
    await expectAccessible(page);
  });

  it('moves the date through a re-plan: the preview lists the open milestones’ new due dates, which apply on confirmation', async () => {
    const { page } = a;
    const weddingId = page.url().split('/').pop()!;
    const before = await readWedding(weddingId);
    const newDate = inDays(20);
    await page.getByLabel('Wedding date').fill(newDate);
    await page.getByRole('button', { name: 'Preview the re-plan' }).click();
    const preview = page.getByRole('region', { name: 'Re-plan preview' });
    await preview.getByRole('button', { name: 'Apply these changes' }).waitFor(WAIT);
    // Nothing is written before the confirmation.
    expect((await readWedding(weddingId)).weddingDate).toBe(before.weddingDate);
    await preview.getByRole('button', { name: 'Apply these changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Re-plan applied.' }).waitFor(WAIT);

    // What the page shows is what the API now holds: each milestone with its due date; the completed one where it was.
    const after = await readWedding(weddingId);
    expect(after.weddingDate).toBe(newDate);
    const consultation = (w: typeof after) => w.milestones.find((m) => m.title === 'Initial Consultation')!;
    expect(consultation(after).dueDate).toBe(consultation(before).dueDate);
    expect(after.milestones.filter((m) => !before.milestones.some((old) => old.id === m.id && old.dueDate === m.dueDate)).length).toBeGreaterThan(0);
    const shortDate = (date: string) =>
      new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${date}T00:00:00Z`));
    for (const milestone of after.milestones) {
      const row = page.locator('li.milestone').filter({ has: page.getByRole('checkbox', { name: milestone.title, exact: true }) });
      await row.getByText(`Due ${shortDate(milestone.dueDate)}`).waitFor(WAIT);
    }
    await expectAccessible(page);
  });

  it('refuses a client with an existing email and links to the existing client', async () => {
    const { page } = a;
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await heading(page, 'Clients');
    await page.getByRole('link', { name: 'Maria & Jose' }).waitFor(WAIT);
    await expectAccessible(page);
    await page.getByLabel('Search').fill('maria.jose');
    await expectEventually(async () => expect(await page.getByRole('region', { name: 'Clients' }).getByRole('row').count()).toBe(2));

    await page.getByRole('link', { name: 'Add a client' }).click();
    await heading(page, 'Add a client');
    await expectAccessible(page);
    await page.getByLabel("Couple's names").fill('Maria and Jose (again)');
    await page.getByLabel('Email').fill('Maria.Jose@Example.com');
    await page.getByRole('button', { name: 'Add client' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'already exists' });
    await refusal.waitFor(WAIT);
    await refusal.getByRole('link', { name: 'Open the existing client' }).click();
    await heading(page, 'Maria & Jose');
    await page.getByRole('region', { name: 'Weddings' }).getByRole('link').first().waitFor(WAIT);
    await expectAccessible(page);
  });

  it('shows an API error in words (a client that is not found)', async () => {
    const { page } = a;
    await page.goto(`${dashboardUrl}clients/${randomUUID()}`);
    await page.getByRole('alert').filter({ hasText: 'The client could not be loaded' }).filter({ hasText: 'not found' }).waitFor(WAIT);
  });

  it('lists the activity', async () => {
    const { page } = a;
    await page.getByRole('link', { name: 'Activity', exact: true }).click();
    await heading(page, 'Activity');
    await page.getByText('Initial Consultation completed for Maria & Jose').waitFor(WAIT);
    await expectAccessible(page);
  });

  it('gives a calendar feed that holds the wedding day, and a rotated address answers 404', async () => {
    const { page } = a;
    await page.getByRole('link', { name: 'Calendar feed' }).click();
    await heading(page, 'Calendar feed');
    const address = page.getByLabel('Subscription address');
    await expectEventually(async () => expect(await address.inputValue()).toMatch(/\.ics$/));
    await expectAccessible(page);
    const first = await address.inputValue();

    const feed = await fetch(first);
    expect(feed.status).toBe(200);
    const events = Object.values(ical.parseICS(await feed.text())).filter((item): item is VEvent => item?.type === 'VEVENT');
    const weddingDay = events.find((event) => event.summary === 'Wedding: Maria & Jose');
    expect(weddingDay?.datetype).toBe('date');
    expect(weddingDay!.start.toLocaleDateString('en-CA')).toBe(inDays(20));

    await page.getByRole('button', { name: 'Replace the address' }).click();
    await page.getByRole('status').filter({ hasText: 'the previous one no longer works' }).waitFor(WAIT);
    const second = await address.inputValue();
    expect(second).not.toBe(first);
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);
  });

  it("shows the second coordinator none of the first one's records", async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Overview' }).click();
    await heading(page, 'Overview');
    const clients = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Clients' }) });
    expect(await clients.locator('.card-figure').textContent()).toBe('0');
    await page.getByText('No weddings in the next 90 days.').waitFor(WAIT);
    expect(await page.getByText('Maria & Jose').count()).toBe(0);
    expect(await page.getByText('New booking:').count()).toBe(0);

    await page.getByRole('link', { name: 'Weddings', exact: true }).click();
    await page.getByText('No wedding matches.').waitFor(WAIT);
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByText('No clients yet.').waitFor(WAIT);

    const [aWedding] = (await system.coordinatorDb.query(`SELECT id FROM coordinator_weddings WHERE coordinator_id = $1`, [a.id])).rows;
    await page.goto(`${dashboardUrl}weddings/${aWedding.id}`);
    await page.getByRole('alert').filter({ hasText: 'not found' }).waitFor(WAIT);

    await page.getByRole('link', { name: 'Calendar feed' }).click();
    const address = page.getByLabel('Subscription address');
    await expectEventually(async () => expect(await address.inputValue()).toMatch(/\.ics$/));
    const events = Object.values(ical.parseICS(await (await fetch(await address.inputValue())).text())).filter(
      (item) => item?.type === 'VEVENT',
    );
    expect(events).toEqual([]);
  });

  it('signs out when the token is refused, saying why', async () => {
    const { page } = b;
    await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.setItem('coordinator-token', 'a.b.c'));
    await page.reload();
    // The sign-in page first (a reload under a loaded CI machine can take a while), then the reason it gives.
    await page.getByRole('heading', { name: 'Sign in to your dashboard' }).waitFor({ timeout: 30_000 });
    await expectEventually(async () => expect(await page.getByRole('alert').allTextContents()).toContainEqual(expect.stringMatching(/invalid token/i)));
    expect(await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('coordinator-token'))).toBeNull();
  });
});
