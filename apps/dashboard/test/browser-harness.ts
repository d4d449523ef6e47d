// What the browser specs share: headless Chromium as Debian ships it, a page per coordinator that records what the
// app did not expect, and axe-core's serious and critical violations.
import axe from 'axe-core';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { mintToken } from '@wedding/testing';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How long the page may take for what a person waits on (a booking travels through the broker first). */
export const WAIT = { timeout: 15_000 };

/** The page's globals, in functions that run in the page (the test's own TypeScript knows no DOM). */
export type InPage = {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  document: unknown;
  axe: typeof axe;
  notReloaded?: boolean;
};

export interface Coordinator {
  id: string;
  token: string;
  context: BrowserContext;
  page: Page;
}

export function launchBrowser(): Promise<Browser> {
  // Playwright gives the browser a fresh, empty profile (user-data-dir) of its own and removes it on close.
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A browser of its own for the coordinator; page errors and console errors (other than a 4xx answer) go to `problems`. */
export async function openCoordinator(browser: Browser, id: string, problems: string[]): Promise<Coordinator> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { id, token: await mintToken(id), context, page };
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy stays on and does not block it.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const results = await (globalThis as unknown as InPage).axe.run((globalThis as unknown as InPage).document as never, {
      resultTypes: ['violations'],
    });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations).toEqual([]);
}

export const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor(WAIT);
export const live = (page: Page) => page.getByRole('status').filter({ hasText: 'Live' }).waitFor(WAIT);
