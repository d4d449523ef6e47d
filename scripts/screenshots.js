#!/usr/bin/env node
// Takes the README's screenshots of the dashboard (docs/screenshots/*.png) in headless Chromium, against running
// services (npm start): books weddings for a new coordinator through the bookings API, works some of them through the
// coordinator API, then opens each page (Notifications: the emails the notification service sent about them).
// Settings: BOOKINGS_URL, COORDINATOR_URL, CHROMIUM_PATH, SCREENSHOTS_DIR.
const { execFileSync } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { chromium } = require('playwright-core');

const bookingsUrl = process.env.BOOKINGS_URL ?? `http://127.0.0.1:${process.env.BOOKINGS_PORT ?? 3001}`;
const coordinatorUrl = process.env.COORDINATOR_URL ?? `http://127.0.0.1:${process.env.COORDINATOR_PORT ?? 3002}`;
const notificationsUrl = process.env.NOTIFICATIONS_URL ?? `http://127.0.0.1:${process.env.NOTIFICATIONS_PORT ?? 3003}`;
const outDir = path.resolve(process.env.SCREENSHOTS_DIR ?? path.join(__dirname, '..', 'docs', 'screenshots'));
const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function call(method, url, body, token) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

const COUPLES = [
  ['Maria & Jose Santos', 45, 'Manila Cathedral', 150, '50k-100k'],
  ['Ana & Ben Reyes', 75, 'The Peninsula Manila', 220, '100k-200k'],
  ['Carla & Dan Cruz', 24, 'Tagaytay Highlands', 90, '50k-100k'],
  ['Isabel & Paolo Lim', 130, 'Shangri-La Boracay', 180, '1M-2M'],
  ['Kristine & Miguel Tan', 210, 'San Agustin Church', 120, '100k+'],
  ['Liza & Ramon Garcia', 300, 'Casa San Pablo', 80, 'under 50k'],
];

async function main() {
  const vendor = await call('POST', `${bookingsUrl}/api/vendors`, {
    businessName: 'Ayos Events',
    businessType: 'Wedding Coordination',
    email: 'hello@ayos.example',
  });
  const token = execFileSync(process.execPath, [path.join(__dirname, 'mint-token.js'), vendor.id], { encoding: 'utf8' }).trim();
  const api = (method, route, body) => call(method, `${coordinatorUrl}/api/coordinator${route}`, body, token);

  const book = (coupleName, days, eventLocation, guestCount, budgetRange) =>
    call('POST', `${bookingsUrl}/api/bookings/request`, {
      vendorId: vendor.id,
      coupleName,
      contactEmail: `${coupleName.split(' ')[0]}.${coupleName.split(' ')[2]}@example.com`.toLowerCase(),
      contactPhone: `0917 ${String(Math.floor(Math.random() * 900) + 100)} ${String(Math.floor(Math.random() * 9000) + 1000)}`,
      eventDate: inDays(days),
      eventLocation,
      guestCount,
      budgetRange,
      specialRequests: 'Full planning, please',
    });
  for (const couple of COUPLES.slice(0, -1)) await book(...couple);
  const weddings = await waitFor(async () => {
    const page = await api('GET', '/weddings?pageSize=50');
    return page.total === COUPLES.length - 1 ? page.items : undefined;
  });
  // Some work done: milestones completed, a wedding confirmed, a lead added by hand.
  const byCouple = Object.fromEntries(weddings.map((w) => [w.coupleName, w]));
  for (const [couple, done] of [['Maria & Jose Santos', 3], ['Carla & Dan Cruz', 4], ['Ana & Ben Reyes', 1]]) {
    const wedding = await api('GET', `/weddings/${byCouple[couple].id}`);
    for (const milestone of [...wedding.milestones].sort((a, b) => a.sortOrder - b.sortOrder).slice(0, done)) {
      await api('PATCH', `/weddings/${wedding.id}/milestones/${milestone.id}`, { completed: true });
    }
  }
  await api('PATCH', `/weddings/${byCouple['Carla & Dan Cruz'].id}`, { status: 'confirmed' });
  // A budget with a line already paid for: planned beside actual on the wedding's page.
  const anaBen = byCouple['Ana & Ben Reyes'].id;
  await api('PUT', `/weddings/${anaBen}/budget`, { total: 1_500_000, guestCount: 220 });
  await api('PATCH', `/weddings/${anaBen}/budget/lines/reception-venue`, { actual: 350_000 });
  // A webhook endpoint for the coordinator's CRM: a receiver of this script's own (npm start allows 127.0.0.1 as a
  // private webhook target), so the next booking's delivery shows in the log, sent.
  const receiver = http.createServer((request, response) => request.resume().on('end', () => response.writeHead(204).end()));
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiver.unref();
  await call('POST', `${notificationsUrl}/api/notifications/webhooks`, {
    url: `http://127.0.0.1:${receiver.address().port}/hooks/weddings`,
    events: ['coordinator.wedding.created', 'coordinator.milestone.due'],
    description: 'Our CRM (Zapier)',
  }, token);
  await api('POST', '/clients', { coupleName: 'Nina & Oscar Villanueva', email: 'nina.oscar@example.com', notes: 'Met at the bridal fair; wants a garden wedding' });

  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const shoot = async (name) => {
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true, animations: 'disabled' });
      console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, `${name}.png`))}`);
    };
    const dashboard = `${coordinatorUrl}/dashboard/`;

    await page.goto(dashboard);
    await page.getByRole('heading', { name: 'Sign in to your dashboard' }).waitFor();
    await shoot('sign-in');

    await page.goto(`${dashboard}#token=${token}`);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    // A booking that arrives while the overview is open.
    await book(...COUPLES.at(-1));
    await page.getByText('New booking:').waitFor({ timeout: 15_000 });
    await page.getByText('Liza & Ramon Garcia').first().waitFor();
    await shoot('overview');

    await page.getByRole('button', { name: 'Dismiss the notice about Liza & Ramon Garcia' }).click();
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('link', { name: 'Nina & Oscar Villanueva' }).waitFor();
    await shoot('clients');

    await page.getByRole('link', { name: 'Maria & Jose Santos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Maria & Jose Santos' }).waitFor();
    await page.getByRole('region', { name: 'Weddings' }).getByRole('link').first().waitFor();
    await shoot('client');

    await page.goto(`${dashboard}clients/new`);
    await page.getByLabel("Couple's names").fill('Maria and Jose');
    await page.getByLabel('Email').fill((await api('GET', `/clients/${byCouple['Maria & Jose Santos'].clientId}`)).email);
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('link', { name: 'Open the existing client' }).waitFor();
    await shoot('client-duplicate');

    await page.getByRole('link', { name: 'Weddings', exact: true }).click();
    await page.getByRole('link', { name: 'Liza & Ramon Garcia' }).waitFor();
    await shoot('weddings');

    await page.getByRole('link', { name: 'Ana & Ben Reyes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ana & Ben Reyes' }).waitFor();
    await page.getByRole('table', { name: 'Budget lines, planned and actual' }).waitFor();
    // A new date, previewed: what the re-plan would add, move and remove, before anything is written.
    await page.getByLabel('Wedding date').fill(inDays(40));
    await page.getByRole('button', { name: 'Preview the re-plan' }).click();
    await page.getByRole('region', { name: 'Re-plan preview' }).waitFor();
    await shoot('wedding');
    await page.getByRole('button', { name: 'Apply these changes' }).click();
    await page.getByText('Re-plan applied.').waitFor();

    // The default planning template, a legal item open with its locked rule.
    await page.getByRole('link', { name: 'Templates', exact: true }).click();
    await page.getByRole('region', { name: 'Budget splits' }).getByLabel('Budget split', { exact: true }).waitFor();
    await shoot('templates');
    await page.getByRole('region', { name: 'Planning templates' }).getByRole('link').first().click();
    await page.getByRole('button', { name: 'Edit Pre-Marriage Orientation and Counseling (PMOC)' }).click();
    await page.getByText('A legal requirement').waitFor();
    await shoot('template');

    await page.getByRole('link', { name: 'Activity', exact: true }).click();
    await page.getByText('Ana & Ben Reyes').first().waitFor();
    await shoot('activity');

    // The notification service's emails about these bookings, one of them opened with its attempts.
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    const log = page.getByRole('table', { name: 'Notifications' });
    await log.locator('.cell-strong').filter({ hasText: 'New wedding: Liza & Ramon Garcia' }).waitFor({ timeout: 15_000 });
    await waitFor(
      async () => ((await log.getByText('pending', { exact: true }).count()) === 0 ? true : undefined),
      20_000,
      'the notification service did not send the emails in time: is it running, and its mail server?',
    );
    await log.locator(':scope > tbody > tr').filter({ hasText: 'New wedding: Liza & Ramon Garcia' }).getByRole('button', { name: /^Attempts/ }).click();
    await page.getByRole('table', { name: 'Attempts' }).waitFor();
    await page.getByRole('region', { name: 'Webhook endpoints' }).getByText('Our CRM (Zapier)').first().waitFor();
    await shoot('notifications');

    await page.getByRole('link', { name: 'Calendar feed' }).click();
    await page.getByLabel('Subscription address').waitFor();
    await page.waitForFunction(() => document.querySelector('#feed-url')?.value.endsWith('.ics'));
    await shoot('calendar');
  } finally {
    await browser.close();
  }
}

async function waitFor(read, timeoutMs = 20_000, failure = 'the coordinator service did not create the weddings in time: is it running?') {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
