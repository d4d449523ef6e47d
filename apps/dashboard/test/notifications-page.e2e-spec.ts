// The Notifications page in headless Chromium against the real bookings, coordinator and notification services
// (PostgreSQL, RabbitMQ, an SMTP server of the test's own): the browser calls the notification service on its own
// origin with the coordinator's token, as `npm start` runs them. A booking's email in the delivery log, its attempts, a
// resend and a refused one (still being sent; beyond the hourly limit), settings that persist, a text-message number
// confirmed by its code and a STOP no saving undoes, webhook endpoints (a paused one's calls waiting), and a second
// coordinator who sees none of it.
import { randomUUID } from 'node:crypto';
import { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { RetentionSweep } from '@wedding/infrastructure';
import { expectEventually, FakeSmsProvider, requestJson } from '@wedding/testing';
import { codesTexted, NotificationsSystem, startNotificationsSystem } from '../../notifications/test/notifications-system';
import { WebhookReceiver } from '../../notifications/test/webhook-receiver';
import { Coordinator, expectAccessible, heading, launchBrowser, openCoordinator, WAIT } from './browser-harness';
import { ensureDashboardBuilt } from './built-dashboard';

const SMS_INBOUND_SECRET = 'inbound-secret-for-the-page';

describe('the Notifications page in a browser', () => {
  let n: NotificationsSystem;
  let smsProvider: FakeSmsProvider;
  let dashboardUrl: string;
  let browser: Browser;
  let a: Coordinator;
  let b: Coordinator;
  const aEmail = `hello-${randomUUID()}@ayos.test`;
  const problems: string[] = [];
  const as = (who: Coordinator) => ({ authorization: `Bearer ${who.token}` });
  const notificationsApi = (method: 'GET' | 'POST' | 'PUT', path: string, who: Coordinator, body?: unknown) =>
    requestJson(method, `${n.url}/api/notifications${path}`, body, as(who));
  const logRows = (who: Coordinator) => who.page.getByRole('table', { name: 'Notifications' }).locator(':scope > tbody > tr:not(.row-details)');

  beforeAll(async () => {
    ensureDashboardBuilt();
    // The test's webhook receiver listens on 127.0.0.1: allowed as a private target, as in local development.
    smsProvider = await FakeSmsProvider.start();
    n = await startNotificationsSystem('dashn', {
      webhookAllowedPrivateTargets: '127.0.0.1/32',
      smsProviderUrl: smsProvider.url,
      smsInboundSecret: SMS_INBOUND_SECRET,
      smsPollIntervalMs: 100,
      // The browser runs at any hour: no quiet hours here.
      smsQuietHours: 'off',
    });
    // The dashboard learns the notification service's address from the coordinator (NOTIFICATIONS_API_URL), and the
    // service listens on a free port: start the coordinator again, now knowing it.
    await n.system.stopCoordinator();
    await n.system.startCoordinator({ notificationsApiUrl: n.url });
    dashboardUrl = `${await n.system.coordinatorUrl()}/dashboard/`;
    browser = await launchBrowser();
    a = await openCoordinator(browser, (await n.createCoordinator('Ayos Events', aEmail)).id, problems);
    b = await openCoordinator(browser, (await n.createCoordinator('Plano Weddings', `hello-${randomUUID()}@plano.test`)).id, problems);
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await n?.close();
    await smsProvider?.stop();
  });

  it("tells the browser where the notification service is, and lets the page call it", async () => {
    const config = await fetch(`${dashboardUrl}config.json`);
    expect(await config.json()).toEqual({ notificationsApiUrl: n.url });
    const page = await fetch(dashboardUrl);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${n.url};`);
  });

  it("shows a booking's wedding-created email in the delivery log, sent, with its attempt", async () => {
    const { page } = a;
    await page.goto(`${dashboardUrl}#token=${a.token}`);
    await heading(page, 'Overview');
    await page.getByRole('link', { name: 'Notifications' }).click();
    await heading(page, 'Notifications');
    await page.getByText('Nothing sent yet.').waitFor(WAIT);

    await n.book(a.id, { coupleName: 'Maria & Jose', contactEmail: `maria-${randomUUID()}@example.test` });
    // The page reads the log again by itself: no reload.
    const email = logRows(a).filter({ hasText: 'New wedding: Maria & Jose' });
    await email.getByText('sent', { exact: true }).waitFor(WAIT);
    await expectEventually(() => expect(n.sink.receivedBy(aEmail)).toHaveLength(1));
    expect(await email.getByRole('cell', { name: aEmail, exact: true }).count()).toBe(1);
    await logRows(a).filter({ hasText: 'Couple confirmation' }).getByText('sent', { exact: true }).waitFor(WAIT);

    await email.getByRole('button', { name: /^Attempts/ }).click();
    const attempts = page.getByRole('table', { name: 'Attempts' });
    await attempts.waitFor(WAIT);
    const [attempt] = (await notificationsApi('GET', `/${n.sink.receivedBy(aEmail)[0].notificationId}`, a)).body.attempts;
    expect(attempt).toMatchObject({ attempt: 1, outcome: 'sent', smtpCode: 250 });
    const row = attempts.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.getByText('250').count()).toBe(1);
    expect(await row.getByText('sent', { exact: true }).count()).toBe(1);
    await expectAccessible(page);
  });

  it('resends the email, and says in words why a second resend is refused while one is being sent', async () => {
    const { page } = a;
    const before = n.sink.receivedBy(aEmail).length;
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByRole('status').filter({ hasText: `Resent: a new copy to ${aEmail}` }).waitFor(WAIT);
    await expectEventually(() => expect(n.sink.receivedBy(aEmail)).toHaveLength(before + 1));
    await logRows(a).filter({ hasText: 'resent' }).getByText('sent', { exact: true }).waitFor(WAIT);

    // The mail server defers every attempt of the next resend: it stays pending through the retry ladder, and a resend
    // meanwhile is refused (409), in words.
    n.sink.answer(aEmail, ...Array(n.config.emailRetryDelaysMs.length + 1).fill(451));
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByRole('status').filter({ hasText: 'Resent' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not resent' }).filter({ hasText: 'still being sent' }).waitFor(WAIT);
    await expectAccessible(page);

    // Deferred to the end of the ladder, it fails; the status filter finds it, with the server's last words.
    await page.getByLabel('Status').selectOption('failed');
    const failed = logRows(a);
    await failed.filter({ hasText: 'Greylisted' }).filter({ hasText: 'no retries left' }).waitFor({ timeout: 20_000 });
    await expectEventually(async () => expect(await failed.count()).toBe(1));
    expect(await failed.getByText('failed', { exact: true }).count()).toBe(1);
    await page.getByLabel('Status').selectOption('');
    await expectEventually(async () => expect(await logRows(a).count()).toBe(4));
  });

  it('says in words which resend limit is reached, and until when', async () => {
    const { page } = a;
    // The email resent twice above (RESEND_MAX_PER_NOTIFICATION_PER_HOUR = 3): once more, then the limit.
    const original = logRows(a).filter({ hasText: 'New wedding: Maria & Jose' }).filter({ hasNotText: 'resent' });
    if ((await page.getByRole('table', { name: 'Attempts' }).count()) === 0) await original.getByRole('button', { name: /^Attempts/ }).click();
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByRole('status').filter({ hasText: 'Resent' }).waitFor(WAIT);
    // Sent, so that the next is not refused for being still under way (409) but for the limit.
    await expectEventually(async () => {
      const { rows } = await n.db.query(`SELECT status FROM notifications WHERE coordinator_id = $1 AND resend_of IS NOT NULL ORDER BY created_at`, [a.id]);
      expect(rows.map((r) => r.status)).toEqual(['sent', 'failed', 'sent']);
    });
    await page.getByRole('button', { name: 'Resend' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Not resent' });
    await refused.filter({ hasText: 'This notification was resent 3 times in the last hour, the most allowed' }).waitFor(WAIT);
    expect(await refused.textContent()).toMatch(/it can be resent again in (59|60) min\. You can try again at \d+ \w+, \d\d:\d\d\.$/);
    await expectAccessible(page);
  });

  it('saves the settings, and they are still there after a reload', async () => {
    const { page } = a;
    const settings = page.getByRole('form', { name: 'Notification settings' });
    const couple = settings.getByLabel('Confirm to the couple that their booking reached you');
    await couple.waitFor(WAIT);
    expect(await couple.isChecked()).toBe(true);
    // Before and after SMS joins the settings: its part shows exactly when the service has it.
    const served = (await notificationsApi('GET', '/settings', a)).body;
    expect(await settings.getByRole('group', { name: 'Text messages to you' }).count()).toBe(served.sms ? 1 : 0);

    await couple.uncheck();
    await settings.getByLabel('Send them to').fill('planner@ayos.test');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor(WAIT);
    expect((await notificationsApi('GET', '/settings', a)).body).toMatchObject({
      email: { enabled: true, address: 'planner@ayos.test' },
      coupleConfirmation: { enabled: false },
    });

    await page.reload();
    await heading(page, 'Notifications');
    await settings.getByLabel('Send them to').waitFor(WAIT);
    expect(await settings.getByLabel('Send them to').inputValue()).toBe('planner@ayos.test');
    expect(await settings.getByLabel('Confirm to the couple that their booking reached you').isChecked()).toBe(false);

    // A refusal is shown in words.
    await settings.getByLabel('Send them to').fill('not-an-address');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'The settings were not saved' }).filter({ hasText: 'must be an email address' }).waitFor(WAIT);
    await expectAccessible(page);
  });

  it('sends a code to a new mobile number, confirms it with the code, and shows a STOP that saving again does not undo', async () => {
    const { page } = a;
    // The form as saved (the step before left a refused address in it).
    await page.reload();
    await heading(page, 'Notifications');
    const settings = page.getByRole('form', { name: 'Notification settings' });
    const texts = settings.getByRole('group', { name: 'Text messages to you' });
    const local = `0917${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const e164 = `+63${local.slice(1)}`;
    await texts.getByLabel('Text me about new weddings').check();
    await texts.getByLabel('Mobile number').fill(local);
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await texts.getByText(`We texted a code to ${e164}`).waitFor(WAIT);
    const code = await expectEventually(() => {
      expect(codesTexted(smsProvider, e164)).toHaveLength(1);
      return codesTexted(smsProvider, e164)[0];
    });
    await expectAccessible(page);

    // A wrong code is refused in words, with the tries left; the right one confirms the number.
    await texts.getByLabel('Code from the text message').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    await texts.getByRole('button', { name: 'Confirm number' }).click();
    await texts.getByRole('alert').filter({ hasText: 'The number was not confirmed' }).filter({ hasText: 'The code is not right; 4 tries left.' }).waitFor(WAIT);
    await texts.getByLabel('Code from the text message').fill(code);
    await texts.getByRole('button', { name: 'Confirm number' }).click();
    await texts.getByText(`Texts go to ${e164}: the number is confirmed.`).waitFor(WAIT);
    expect((await notificationsApi('GET', '/settings', a)).body.sms).toMatchObject({ enabled: true, state: 'opted-in' });
    await expectAccessible(page);

    // The number replies STOP. Saved again (the number as typed another way), it stays off, and the page says why.
    const stop = await requestJson('POST', `${n.url}/api/notifications/sms/inbound`, { number: e164.slice(1), message: 'STOP' }, { 'x-sms-inbound-secret': SMS_INBOUND_SECRET });
    expect(stop.body).toEqual({ action: 'opted-out' });
    await page.reload();
    await heading(page, 'Notifications');
    await texts.getByText(`Texts to ${e164} are off: the number replied STOP`).waitFor(WAIT);
    await texts.getByLabel('Mobile number').fill(local);
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor(WAIT);
    await texts.getByText('Saving these settings does not change that; texting START (or YES) from that phone turns them back on.').waitFor(WAIT);
    expect((await notificationsApi('GET', '/settings', a)).body.sms).toMatchObject({ enabled: false, state: 'stopped' });
    expect(codesTexted(smsProvider, e164)).toHaveLength(1);
    await expectAccessible(page);
  });

  it('manages webhook endpoints: the secret shown once, deliveries, pause, rotation, deletion', async () => {
    const { page } = a;
    const panel = page.getByRole('region', { name: 'Webhook endpoints' });
    // The notification service has the webhooks API: listing answers 200, not the delivery log's 400 for a non-UUID id.
    expect((await notificationsApi('GET', '/webhooks', a)).status).toBe(200);

    const receiver = await WebhookReceiver.start();
    const hook = '/hooks/weddings';
    receiver.answer(hook, { status: 200, body: 'received, thank you' });
    try {
      await panel.getByLabel('Address').fill(receiver.url(hook));
      await panel.getByLabel('Description (optional)').fill('Our CRM');
      await panel.getByRole('button', { name: 'Add endpoint' }).click();
      const once = page.getByRole('region', { name: 'Signing secret, shown once' });
      await once.getByText("you won't see it again").waitFor(WAIT);
      const secret = await once.getByLabel('Signing secret').inputValue();
      expect(secret).toMatch(/^whsec_/);
      await expectAccessible(page);
      await once.getByRole('button', { name: 'I have saved it' }).click();
      expect(await page.getByText(secret).count()).toBe(0);

      const endpoint = panel.getByRole('listitem', { name: 'Endpoint Our CRM' });
      await endpoint.getByText(receiver.url(hook)).waitFor(WAIT);
      const listed = (await notificationsApi('GET', '/webhooks', a)).body;
      expect(JSON.stringify(listed)).not.toContain(secret);

      // A booking reaches the endpoint; its delivery shows with the answer's status.
      await n.book(a.id, { coupleName: 'Ana & Ben' });
      await expectEventually(() => expect(receiver.at(hook).some((call) => call.body.includes('Ana & Ben'))).toBe(true), { timeoutMs: 15_000 });
      // Signed with the secret the page showed once, as a standard verifier checks it.
      const delivered = receiver.at(hook).find((call) => call.body.includes('Ana & Ben'))!;
      expect(new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>)).toMatchObject({ type: 'coordinator.wedding.created' });
      await endpoint.getByRole('button', { name: /^Deliveries/ }).click();
      await endpoint.getByRole('table').getByText('200', { exact: true }).first().waitFor(WAIT);
      await endpoint.getByRole('table').getByText('received, thank you').first().waitFor(WAIT);

      await endpoint.getByRole('button', { name: /^Pause/ }).click();
      await endpoint.getByText('paused', { exact: true }).waitFor(WAIT);
      await endpoint.getByText('Paused: new events wait for it, and go out in order when you resume it.').waitFor(WAIT);
      const endpoints = (await notificationsApi('GET', '/webhooks', a)).body;
      expect((Array.isArray(endpoints) ? endpoints : endpoints.items)[0].enabled).toBe(false);

      // A booking while paused: its call waits, and the page says so; resumed, it goes out.
      await n.book(a.id, { coupleName: 'Paz & Rey' });
      await expectEventually(async () => expect((await notificationsApi('GET', '/webhooks', a)).body[0].waitingDeliveries).toBe(1), { timeoutMs: 15_000 });
      await page.reload();
      await heading(page, 'Notifications');
      await endpoint.getByText('Paused: 1 call waits, and goes out in order when you resume it.').waitFor(WAIT);
      expect(receiver.at(hook).some((call) => call.body.includes('Paz & Rey'))).toBe(false);
      await expectAccessible(page);
      await endpoint.getByRole('button', { name: /^Resume/ }).click();
      await endpoint.getByText('on', { exact: true }).waitFor(WAIT);
      await expectEventually(() => expect(receiver.at(hook).some((call) => call.body.includes('Paz & Rey'))).toBe(true), { timeoutMs: 15_000 });
      await endpoint.getByRole('button', { name: /^Pause/ }).click();
      await endpoint.getByText('paused', { exact: true }).waitFor(WAIT);

      await endpoint.getByRole('button', { name: /^Rotate secret/ }).click();
      await endpoint.getByRole('button', { name: 'Yes, rotate it' }).click();
      const rotated = page.getByRole('region', { name: 'Signing secret, shown once' });
      await rotated.getByText('New signing secret').waitFor(WAIT);
      const next = await rotated.getByLabel('Signing secret').inputValue();
      expect(next).toMatch(/^whsec_/);
      expect(next).not.toBe(secret);
      await rotated.getByRole('button', { name: 'I have saved it' }).click();

      await endpoint.getByRole('button', { name: /^Delete/ }).click();
      await endpoint.getByRole('button', { name: 'Yes, delete it' }).click();
      await panel.getByText('No endpoints yet.').waitFor(WAIT);
      expect(JSON.stringify((await notificationsApi('GET', '/webhooks', a)).body)).not.toContain(receiver.url(hook));
      await expectAccessible(page);
    } finally {
      await receiver.stop();
    }
  });

  it('shows an email whose address and content were removed after PERSONAL_DATA_RETENTION_DAYS, and offers no resend', async () => {
    const { page } = a;
    const first = n.sink.receivedBy(aEmail)[0].notificationId;
    await n.db.query(`UPDATE notifications SET created_at = created_at - interval '31 days' WHERE id = $1`, [first]);
    expect((await n.app.get(RetentionSweep).sweep()).failed).toEqual([]);
    expect((await notificationsApi('GET', `/${first}`, a)).body).toMatchObject({ recipient: null, subject: null, scrubbedAt: expect.any(String) });

    await page.reload();
    await heading(page, 'Notifications');
    const scrubbed = logRows(a).filter({ has: page.getByRole('cell', { name: 'removed', exact: true }) });
    await scrubbed.waitFor(WAIT);
    expect(await scrubbed.count()).toBe(1);
    expect(await scrubbed.getByText('Maria & Jose').count()).toBe(0);
    await scrubbed.getByRole('button', { name: /^Attempts/ }).click();
    const details = page.locator(`#notification-${first}`);
    await details.getByText('it can no longer be resent').waitFor(WAIT);
    expect(await details.getByRole('table', { name: 'Attempts' }).getByText('250', { exact: true }).count()).toBe(1);
    expect(await details.getByRole('button', { name: 'Resend' }).count()).toBe(0);
    await expectAccessible(page);
  });

  it("shows the second coordinator none of the first one's notifications", async () => {
    const { page } = b;
    await page.goto(`${dashboardUrl}notifications#token=${b.token}`);
    await heading(page, 'Notifications');
    await page.getByText('Nothing sent yet.').waitFor(WAIT);
    expect(await page.getByText('Maria & Jose').count()).toBe(0);
    expect(await page.getByText(aEmail).count()).toBe(0);
    const settings = page.getByRole('form', { name: 'Notification settings' });
    await settings.getByLabel('Send them to').waitFor(WAIT);
    expect(await settings.getByLabel('Send them to').inputValue()).toBe('');
    expect(await settings.getByLabel('Confirm to the couple that their booking reached you').isChecked()).toBe(true);
    // What the page shows is what the service answers this token: nothing of the first coordinator's.
    const aNotification = n.sink.receivedBy(aEmail)[0].notificationId;
    expect((await notificationsApi('GET', `/${aNotification}`, b)).status).toBe(404);
    expect((await notificationsApi('GET', '', b)).body.total).toBe(0);
    await expectAccessible(page);
  });
});
