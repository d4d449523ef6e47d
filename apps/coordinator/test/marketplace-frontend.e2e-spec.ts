// The marketplace's booking frontend, the system's first user, books through the bookings service as it is: its
// booking module (see marketplace/booking-client.js) in Node, and in headless Chromium on a page from another origin,
// against both services on real HTTP, RabbitMQ and PostgreSQL.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { expectEventually, requestJson } from '@wedding/testing';
import { startTestSystem, TestSystem } from './test-system';

interface ModalService {
  vendorId: string;
  id: string;
  category: string;
  name: string;
}
type BookingRequest = Record<string, unknown>;
interface MarketplaceBooking {
  id: string;
  status: string;
}
interface MarketplaceModule {
  createClient(baseUrl: string): { createBookingRequest(request: BookingRequest, userId?: string): Promise<MarketplaceBooking> };
  bookingRequestFromModal(service: ModalService, form: Record<string, string>): BookingRequest;
  bookingPayload(request: BookingRequest, userId?: string): Record<string, unknown>;
  userIdHeader(request: BookingRequest, userId?: string): string;
}

const CLIENT_FILE = path.join(__dirname, 'marketplace', 'booking-client.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const marketplace = require(CLIENT_FILE) as MarketplaceModule;

const CHROMIUM = '/usr/bin/chromium';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The form as a couple fills it in the modal, the email typed with a space before and after. */
const form = (fields: Record<string, string> = {}) => ({
  eventDate: inDays(120),
  eventTime: '14:00',
  eventLocation: 'Manila Cathedral',
  guestCount: '150',
  budgetRange: '₱50,000 - ₱100,000',
  specialRequests: 'Garden ceremony, full coordination',
  contactPerson: 'Maria Santos',
  contactPhone: '0917 123 4567',
  contactEmail: ' Maria.Santos@Example.ph ',
  preferredContactMethod: 'email',
  ...fields,
});

/** A marketplace page on an origin of its own: it loads the booking client and records every answer it reads. */
async function startPage(): Promise<{ origin: string; server: Server }> {
  const client = await readFile(CLIENT_FILE, 'utf8');
  const page = `<!doctype html><meta charset="utf-8"><title>Marketplace</title>
<script>
  window.answers = [];
  const send = window.fetch.bind(window);
  window.fetch = async (url, init) => {
    const response = await send(url, init);
    const body = await response.clone().json().catch(() => undefined);
    window.answers.push({ url: String(url), method: (init && init.method) || 'GET', status: response.status, body });
    return response;
  };
</script>
<script src="/booking-client.js"></script>`;
  const server = createServer((req, res) => {
    const [type, body] = req.url === '/booking-client.js' ? ['text/javascript', client] : ['text/html', page];
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the marketplace’s booking frontend', () => {
  let system: TestSystem;
  let allowedPage: { origin: string; server: Server };
  let otherPage: { origin: string; server: Server };
  let service: ModalService;

  const bookingRow = async (id: string) =>
    (await system.bookingsDb.query(`SELECT couple_id, claimed_couple_id, contact_email FROM bookings WHERE id = $1`, [id])).rows[0];
  const weddingOf = (bookingId: string) =>
    expectEventually(async () => {
      const { rows } = await system.coordinatorDb.query(
        `SELECT w.id, w.couple_email, c.email AS client_email FROM coordinator_weddings w
           JOIN coordinator_clients c ON c.id = w.client_id WHERE w.booking_id = $1`,
        [bookingId],
      );
      expect(rows).toHaveLength(1);
      return rows[0];
    });

  beforeAll(async () => {
    allowedPage = await startPage();
    otherPage = await startPage();
    // The marketplace's page is the one origin allowed; the other page's port makes another origin.
    system = await startTestSystem('market', { bookings: { corsOrigins: [allowedPage.origin] } });
    const { body: vendor } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
      businessName: 'Ayos Events',
      businessType: 'Wedding Coordination',
    });
    service = { vendorId: vendor.id, id: 'SRV-0013', category: 'Planning', name: 'Full Wedding Coordination' };
  });

  afterAll(async () => {
    await system?.close();
    for (const page of [allowedPage, otherPage]) await new Promise((resolve) => page?.server.close(resolve));
  });

  describe('outside a browser', () => {
    it('answers the module’s very body (twins, coupleId, x-user-id, metadata, no token) with 201 and success: true', async () => {
      const request = marketplace.bookingRequestFromModal(service, form());
      const payload = marketplace.bookingPayload(request, '1-2025-007');
      // What the module sends, as the issue found it: twins, the user's id twice and no Authorization.
      expect(payload).toMatchObject({ coupleId: '1-2025-007', vendor_id: service.vendorId, vendorId: service.vendorId });
      const response = await fetch(`${system.bookingsUrl}/api/bookings/request`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-user-id': marketplace.userIdHeader(request, '1-2025-007') },
        body: JSON.stringify(payload),
      });
      expect(response.status).toBe(201);
      const answer = (await response.json()) as { success: boolean; booking: Record<string, any>; coordinatorIntegration: object };
      expect(answer).toMatchObject({
        success: true,
        booking: {
          id: expect.stringMatching(UUID),
          vendorId: service.vendorId,
          coupleId: null,
          claimedCoupleId: '1-2025-007',
          coupleName: 'Maria Santos',
          contactEmail: 'Maria.Santos@Example.ph',
          serviceId: 'SRV-0013',
          guestCount: 150,
          metadata: { source: 'optimized_api', userId: '1-2025-007' },
        },
        coordinatorIntegration: { status: 'pending' },
      });
      const wedding = await weddingOf(answer.booking.id);
      expect(wedding).toMatchObject({ couple_email: 'Maria.Santos@Example.ph', client_email: 'Maria.Santos@Example.ph' });
    });

    it('books through the module’s own steps (health check, POST, reading success and booking)', async () => {
      const client = marketplace.createClient(system.bookingsUrl);
      const booking = await client.createBookingRequest(marketplace.bookingRequestFromModal(service, form()), '1-2025-008');
      // Not the module's offline stand-in ("fallback-…"): the service's booking.
      expect(booking).toMatchObject({ id: expect.stringMatching(UUID), status: 'request' });
      await weddingOf(booking.id);
      expect(await bookingRow(booking.id)).toEqual({
        couple_id: null,
        claimed_couple_id: '1-2025-008',
        contact_email: 'Maria.Santos@Example.ph',
      });
    });

    it('falls back to an offline booking, as the module does, when /api/health does not answer 200', async () => {
      const client = marketplace.createClient(`${system.bookingsUrl}/nowhere`);
      const booking = await client.createBookingRequest(marketplace.bookingRequestFromModal(service, form()), '1-2025-009');
      expect(booking.id).toMatch(/^fallback-/);
    });
  });

  describe('in headless Chromium, on a page from another origin', () => {
    let browser: BrowserContext;
    let profile: string;

    beforeAll(async () => {
      profile = await mkdtemp(path.join(tmpdir(), 'marketplace-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--headless',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
    });

    afterAll(async () => {
      await browser?.close();
      if (profile) await rm(profile, { recursive: true, force: true });
    });

    /** Opens the page at `origin`, books through the client there, and returns the booking and the answers it read. */
    const bookInBrowser = async (origin: string, userId: string) => {
      const page = await browser.newPage();
      const logs: string[] = [];
      page.on('console', (message) => logs.push(message.text()));
      try {
        await page.goto(`${origin}/`);
        const booking = await page.evaluate(
          ({ api, modalService, modalForm, user }) => {
            const client = (globalThis as any).MarketplaceBookingClient;
            return client.createClient(api).createBookingRequest(client.bookingRequestFromModal(modalService, modalForm), user);
          },
          { api: system.bookingsUrl, modalService: service, modalForm: form(), user: userId },
        );
        const answers = await page.evaluate(() => (globalThis as any).answers as { url: string; method: string; status: number; body: any }[]);
        return { booking: booking as MarketplaceBooking, answers, logs };
      } finally {
        await page.close();
      }
    };

    it('books through fetch from the allowed origin and sees success: true', async () => {
      const { booking, answers } = await bookInBrowser(allowedPage.origin, '1-2025-010');
      expect(booking.id).toMatch(UUID);
      expect(answers.map(({ method, url, status }) => [method, new URL(url).pathname, status])).toEqual([
        ['GET', '/api/health', 200],
        ['POST', '/api/bookings/request', 201],
      ]);
      expect(answers[1].body).toMatchObject({ success: true, booking: { id: booking.id, claimedCoupleId: '1-2025-010' } });
      await weddingOf(booking.id);
    }, 60_000);

    it('is blocked by CORS from an origin not allowed: nothing is sent, the module keeps an offline booking', async () => {
      const { booking, answers, logs } = await bookInBrowser(otherPage.origin, '1-2025-666');
      expect(booking.id).toMatch(/^fallback-/);
      expect(answers).toEqual([]);
      expect(logs.join('\n')).toContain('blocked by CORS policy');
      const { rows } = await system.bookingsDb.query(`SELECT id FROM bookings WHERE claimed_couple_id = '1-2025-666'`);
      expect(rows).toEqual([]);
    }, 60_000);
  });
});
