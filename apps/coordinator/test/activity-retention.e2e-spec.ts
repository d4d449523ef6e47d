// Retention of the activity log on real PostgreSQL, with entries the real flow wrote (a booking, changes through the
// coordinator API, a failure report through the log's one writer): entries are back-dated, the service's own sweep is
// run (called, not waited for), and what an old entry says of the couple goes first — the entry later — while the
// dashboard and the activity API still answer, and recent entries, the client and the wedding stay as they are.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RetentionSweep, SweepSummary } from '@wedding/infrastructure';
import { expectEventually, mintToken, requestJson } from '@wedding/testing';
import { logActivity } from '../src/activity/activity-log';
import { KEPT_METADATA, SCRUBBED_DESCRIPTIONS } from '../src/activity/activity-retention';
import { startTestSystem, TestSystem } from './test-system';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('coordinator: retention of the activity log', () => {
  let system: TestSystem;

  const sql = async <T = any>(text: string, params: unknown[] = []) => (await system.coordinatorDb.query(text, params)).rows as T[];
  const sweep = (): Promise<SweepSummary> => system.coordinator().get(RetentionSweep).sweep();
  const api = async (token: string, method: 'GET' | 'PATCH', path: string, body?: unknown) =>
    requestJson(method, `${await system.coordinatorUrl()}/api/coordinator${path}`, body, { authorization: `Bearer ${token}` });

  /** A coordinator with one booked wedding, changed through the API, and a failed booking reported: every kind of personal entry. */
  const coordinatorWithHistory = async () => {
    const { body: vendor } = await requestJson('POST', `${system.bookingsUrl}/api/vendors`, {
      businessName: `Ayos ${randomUUID().slice(0, 8)}`,
      businessType: 'Wedding Coordination',
    });
    const token = await mintToken(vendor.id);
    const couple = {
      coupleName: `Mara ${randomUUID().slice(0, 8)} & Leo`,
      contactEmail: `couple-${randomUUID()}@example.test`,
      venue: `Garden ${randomUUID().slice(0, 8)}`,
    };
    const { status, body } = await requestJson('POST', `${system.bookingsUrl}/api/bookings/request`, {
      vendorId: vendor.id,
      coupleName: couple.coupleName,
      contactEmail: couple.contactEmail,
      eventDate: inDays(200),
      eventLocation: couple.venue,
    });
    expect(status).toBe(201);
    const wedding = await expectEventually(async () => {
      const [found] = await sql(`SELECT id, client_id FROM coordinator_weddings WHERE booking_id = $1`, [body.booking.id]);
      expect(found).toBeDefined();
      return found as { id: string; client_id: string };
    });
    expect((await api(token, 'PATCH', `/weddings/${wedding.id}`, { venue: `${couple.venue} Hall`, guestCount: 120 })).status).toBe(200);
    const [milestone] = await sql(`SELECT id FROM wedding_milestones WHERE wedding_id = $1 ORDER BY sort_order LIMIT 1`, [wedding.id]);
    expect((await api(token, 'PATCH', `/weddings/${wedding.id}/milestones/${milestone.id}`, { completed: true })).status).toBe(200);
    // The give-up report quotes the failure's text, which may quote the couple.
    await system.coordinator().get(DataSource).transaction((em) =>
      logActivity(em, [
        {
          coordinatorId: vendor.id,
          weddingId: null,
          type: 'integration_failed',
          description: `Booking by ${couple.coupleName} for ${inDays(90)} could not be set up automatically`,
          metadata: { bookingId: randomUUID(), reason: `duplicate key: ${couple.contactEmail}`, reasonCode: 'database', attempts: 4, source: 'auto_booking' },
        },
      ]),
    );
    const entries = await sql(`SELECT id, activity_type FROM coordinator_activity_log WHERE coordinator_id = $1 ORDER BY activity_type`, [vendor.id]);
    expect(entries.map((e) => e.activity_type)).toEqual(['client_created', 'integration_failed', 'milestone_completed', 'wedding_created', 'wedding_updated']);
    return { id: vendor.id as string, token, couple, wedding, entryIds: entries.map((e) => e.id as string) };
  };

  /** Entries of the coordinator that still quote any of these values, anywhere in the row. */
  const mentions = async (coordinatorId: string, values: string[]) =>
    (
      await sql(
        `SELECT a.id FROM coordinator_activity_log a
          WHERE a.coordinator_id = $1 AND EXISTS (SELECT 1 FROM unnest($2::text[]) v WHERE strpos(a::text, v) > 0)`,
        [coordinatorId, values],
      )
    ).length;

  beforeAll(async () => {
    // The service's own sweeps come half a day after a start at the earliest: every sweep here is the test's.
    system = await startTestSystem('activity-retention', { coordinator: { messageRetentionSweepIntervalMs: 86_400_000 } });
  });

  afterAll(async () => {
    await system?.close();
  });

  it('scrubs what entries older than PERSONAL_DATA_RETENTION_DAYS say of the couple, and keeps what happened', async () => {
    const c = await coordinatorWithHistory();
    const personal = [c.couple.coupleName, c.couple.contactEmail, c.couple.venue];
    // The check can fail: the entries do quote the couple before the sweep.
    expect(await mentions(c.id, personal)).toBe(5);
    await sql(`UPDATE coordinator_activity_log SET created_at = created_at - interval '31 days' WHERE coordinator_id = $1`, [c.id]);

    const summary = await sweep();
    expect(summary.failed).toEqual([]);
    expect(summary.scrubbed.coordinator_activity_log).toBeGreaterThanOrEqual(5);
    expect(await mentions(c.id, personal)).toBe(0);

    const entries = await sql(
      `SELECT activity_type, description, metadata, scrubbed_at FROM coordinator_activity_log WHERE coordinator_id = $1 ORDER BY activity_type`,
      [c.id],
    );
    expect(entries.map(({ activity_type, description }) => [activity_type, description])).toEqual([
      ['client_created', SCRUBBED_DESCRIPTIONS.client_created],
      ['integration_failed', SCRUBBED_DESCRIPTIONS.integration_failed],
      ['milestone_completed', SCRUBBED_DESCRIPTIONS.milestone_completed],
      ['wedding_created', SCRUBBED_DESCRIPTIONS.wedding_created],
      ['wedding_updated', SCRUBBED_DESCRIPTIONS.wedding_updated],
    ]);
    for (const entry of entries) {
      expect(entry.scrubbed_at).toEqual(expect.any(Date));
      expect(KEPT_METADATA).toEqual(expect.arrayContaining(Object.keys(entry.metadata)));
    }
    // Ids and codes stay; a change keeps the names of the fields it touched, not their values.
    const byType = Object.fromEntries(entries.map((e) => [e.activity_type, e.metadata]));
    expect(byType.wedding_created).toEqual({ bookingId: expect.any(String), clientId: c.wedding.client_id, weddingId: c.wedding.id, source: 'auto_booking' });
    expect(byType.wedding_updated).toEqual({ weddingId: c.wedding.id, source: 'manual', fields: ['guestCount', 'venue'] });
    expect(byType.integration_failed).toEqual({ bookingId: expect.any(String), reasonCode: 'database', attempts: 4, source: 'auto_booking' });

    // The activity API and the dashboard still answer, with the entries in their plain wording.
    const activity = await api(c.token, 'GET', '/activity?pageSize=100');
    expect(activity.status).toBe(200);
    expect(activity.body.total).toBe(5);
    for (const item of activity.body.items) expect(item).toMatchObject({ scrubbedAt: expect.any(String), description: expect.any(String) });
    const dashboard = await api(c.token, 'GET', '/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.recentActivity).toHaveLength(5);
    expect(JSON.stringify(dashboard.body.recentActivity)).not.toContain(c.couple.coupleName);
    // The couple's own records are the coordinator's, not history: untouched.
    expect(await sql(`SELECT couple_name FROM coordinator_weddings WHERE id = $1`, [c.wedding.id])).toEqual([{ couple_name: c.couple.coupleName }]);
  });

  it('deletes entries older than ACTIVITY_RETENTION_DAYS, and leaves recent ones as they are', async () => {
    const c = await coordinatorWithHistory();
    const [oldest, ...recent] = c.entryIds;
    await sql(`UPDATE coordinator_activity_log SET created_at = created_at - interval '366 days' WHERE id = $1`, [oldest]);
    const recentBefore = await sql(`SELECT * FROM coordinator_activity_log WHERE id = ANY ($1) ORDER BY id`, [recent]);

    const summary = await sweep();
    expect(summary.failed).toEqual([]);
    expect(summary.deleted.coordinator_activity_log).toBeGreaterThanOrEqual(1);
    expect(await sql(`SELECT id FROM coordinator_activity_log WHERE id = $1`, [oldest])).toEqual([]);
    expect(await sql(`SELECT * FROM coordinator_activity_log WHERE id = ANY ($1) ORDER BY id`, [recent])).toEqual(recentBefore);
    expect(recentBefore.every((entry) => entry.scrubbed_at === null)).toBe(true);
  });

  it('changes nothing with PERSONAL_DATA_RETENTION_DAYS=0 and ACTIVITY_RETENTION_DAYS=0', async () => {
    const c = await coordinatorWithHistory();
    await sql(`UPDATE coordinator_activity_log SET created_at = created_at - interval '400 days' WHERE coordinator_id = $1`, [c.id]);
    await system.stopCoordinator();
    await system.startCoordinator({ personalDataRetentionDays: 0, activityRetentionDays: 0, messageRetentionDays: 0 });
    try {
      expect(system.coordinator().get(RetentionSweep).activeSteps).toEqual([]);
      expect(await sweep()).toEqual({ deleted: {}, scrubbed: {}, failed: [] });
      expect(await sql(`SELECT 1 FROM coordinator_activity_log WHERE coordinator_id = $1 AND scrubbed_at IS NULL`, [c.id])).toHaveLength(5);
    } finally {
      await system.stopCoordinator();
      await system.startCoordinator({ personalDataRetentionDays: 30, activityRetentionDays: 365, messageRetentionDays: 7 });
    }
    // The same entries were due: with the defaults they go.
    await sweep();
    expect(await sql(`SELECT 1 FROM coordinator_activity_log WHERE coordinator_id = $1`, [c.id])).toEqual([]);
  });
});
