import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Milestone reminders: the projection of each wedding's open milestones (from CoordinatorWeddingCreated and
 * CoordinatorWeddingUpdated, newest revision wins), the coordinator's address as the marketplace last gave it, and the
 * reminders themselves — PostgreSQL as the schedule, claimed by due time with SKIP LOCKED and a lease.
 */
export class MilestoneReminders1765400000000 implements MigrationInterface {
  name = 'MilestoneReminders1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projected_weddings (
        wedding_id     uuid PRIMARY KEY,
        coordinator_id uuid NOT NULL,
        couple_name    text NOT NULL,
        wedding_date   date NOT NULL,
        status         text NOT NULL,
        revision       integer NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // Open milestones only: a completed or removed one is not here.
    await q.query(`
      CREATE TABLE open_milestones (
        milestone_id uuid PRIMARY KEY,
        wedding_id   uuid NOT NULL REFERENCES projected_weddings (wedding_id) ON DELETE CASCADE,
        title        text NOT NULL,
        due_date     date NOT NULL
      )`);
    await q.query(`CREATE INDEX open_milestones_wedding_idx ON open_milestones (wedding_id)`);
    // The coordinator's address from its latest CoordinatorWeddingCreated: a wedding entered by hand carries none.
    await q.query(`
      CREATE TABLE coordinator_addresses (
        coordinator_id uuid PRIMARY KEY,
        email          text NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // The id is derived from (milestone, kind, due date): a milestone moved away and back gets its reminder back, and
    // one already sent is not sent again.
    await q.query(`
      CREATE TABLE reminders (
        id             uuid PRIMARY KEY,
        coordinator_id uuid NOT NULL,
        wedding_id     uuid NOT NULL,
        milestone_id   uuid NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('lead', 'due-day')),
        due_date       date NOT NULL,
        moment         timestamptz NOT NULL,
        fire_at        timestamptz NOT NULL,
        late           boolean NOT NULL,
        status         text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'fired', 'cancelled')),
        claimed_until  timestamptz,
        fired_at       timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // The scheduler's scan, proportional to what is waiting.
    await q.query(`CREATE INDEX reminders_due_idx ON reminders (fire_at) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX reminders_wedding_idx ON reminders (wedding_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['reminders', 'coordinator_addresses', 'open_milestones', 'projected_weddings']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
