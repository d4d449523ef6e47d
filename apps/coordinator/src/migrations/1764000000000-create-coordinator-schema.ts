import { MigrationInterface, QueryRunner } from 'typeorm';
import { messageTables } from '@wedding/messaging';

// Table and column names are the seed's, so its "Database Verification Queries" run unchanged.
export class CreateCoordinatorSchema1764000000000 implements MigrationInterface {
  name = 'CreateCoordinatorSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coordinator_clients (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        coordinator_id   uuid NOT NULL,
        couple_name      text NOT NULL,
        email            text,
        phone            text,
        email_normalized text,
        phone_normalized text,
        status           text NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'active', 'inactive')),
        budget_range     text,
        notes            text,
        wedding_id       uuid,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // One client per couple and coordinator: the upsert in find-or-create-client relies on these.
    await q.query(`CREATE UNIQUE INDEX coordinator_clients_email_key
                     ON coordinator_clients (coordinator_id, email_normalized) WHERE email_normalized IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX coordinator_clients_phone_key
                     ON coordinator_clients (coordinator_id, phone_normalized) WHERE phone_normalized IS NOT NULL`);
    await q.query(`
      CREATE TABLE coordinator_weddings (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        coordinator_id uuid NOT NULL,
        client_id      uuid REFERENCES coordinator_clients (id),
        booking_id     uuid UNIQUE,
        couple_name    text NOT NULL,
        couple_email   text,
        couple_phone   text,
        wedding_date   date NOT NULL,
        venue          text NOT NULL DEFAULT 'TBD',
        status         text NOT NULL DEFAULT 'planning'
                       CHECK (status IN ('planning', 'confirmed', 'completed', 'cancelled')),
        progress       integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        budget         numeric(14, 2) CHECK (budget >= 0),
        guest_count    integer CHECK (guest_count > 0),
        notes          text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX coordinator_weddings_coordinator_date_idx ON coordinator_weddings (coordinator_id, wedding_date)`);
    await q.query(`CREATE INDEX coordinator_weddings_client_idx ON coordinator_weddings (client_id)`);
    await q.query(`ALTER TABLE coordinator_clients
                     ADD CONSTRAINT coordinator_clients_wedding_fk FOREIGN KEY (wedding_id) REFERENCES coordinator_weddings (id)`);
    await q.query(`
      CREATE TABLE wedding_milestones (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        wedding_id   uuid NOT NULL REFERENCES coordinator_weddings (id) ON DELETE CASCADE,
        title        text NOT NULL,
        description  text NOT NULL DEFAULT '',
        due_date     date NOT NULL,
        completed    boolean NOT NULL DEFAULT false,
        completed_at timestamptz,
        compressed   boolean NOT NULL DEFAULT false,
        sort_order   integer NOT NULL DEFAULT 0,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX wedding_milestones_wedding_due_idx ON wedding_milestones (wedding_id, due_date)`);
    await q.query(`
      CREATE TABLE coordinator_activity_log (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        coordinator_id uuid NOT NULL,
        wedding_id     uuid REFERENCES coordinator_weddings (id) ON DELETE SET NULL,
        activity_type  text NOT NULL,
        description    text NOT NULL,
        metadata       jsonb NOT NULL DEFAULT '{}',
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX coordinator_activity_log_recent_idx ON coordinator_activity_log (coordinator_id, created_at DESC)`);
    await messageTables.createInbox(q);
    await messageTables.createOutbox(q);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'inbox', 'coordinator_activity_log', 'wedding_milestones']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE coordinator_clients DROP CONSTRAINT coordinator_clients_wedding_fk`);
    await q.query(`DROP TABLE coordinator_weddings`);
    await q.query(`DROP TABLE coordinator_clients`);
  }
}
