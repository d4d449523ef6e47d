import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Milestone plans (README "Milestone plans"): a wedding's type (with the reason it was inferred) and the template it
 * was planned from; each milestone's template key, whether the plan or the coordinator made it, its category, whether
 * it is a legal item, and the flag when it cannot be done in time; and the coordinators' templates. Existing
 * milestones are the seed's six, made by the plan: they get their keys by title (frozen here, as migrations are).
 */
export class MilestonePlans1767000000000 implements MigrationInterface {
  name = 'MilestonePlans1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE coordinator_weddings
        ADD COLUMN wedding_type text NOT NULL DEFAULT 'civil'
          CHECK (wedding_type IN ('catholic', 'christian', 'civil', 'muslim', 'chinese-filipino', 'beach-destination', 'garden')),
        ADD COLUMN wedding_type_reason text NOT NULL DEFAULT 'set before wedding types existed: change it if needed',
        ADD COLUMN wedding_type_source text NOT NULL DEFAULT 'inferred' CHECK (wedding_type_source IN ('inferred', 'coordinator')),
        ADD COLUMN plan_template_id uuid,
        ADD COLUMN planned_on date`);
    await q.query(`UPDATE coordinator_weddings SET planned_on = created_at::date`);
    await q.query(`ALTER TABLE coordinator_weddings ALTER COLUMN planned_on SET NOT NULL, ALTER COLUMN planned_on SET DEFAULT current_date`);
    await q.query(`
      ALTER TABLE wedding_milestones
        ADD COLUMN key text,
        ADD COLUMN source text NOT NULL DEFAULT 'manual' CHECK (source IN ('plan', 'manual')),
        ADD COLUMN category text NOT NULL DEFAULT 'planning',
        ADD COLUMN legal boolean NOT NULL DEFAULT false,
        ADD COLUMN flag text`);
    await q.query(
      `UPDATE wedding_milestones m
          SET key = d.key, source = 'plan', category = d.category
         FROM (VALUES ('Initial Consultation', 'consultation', 'planning'), ('Venue Selection', 'venue-selection', 'venue'),
                      ('Vendor Booking', 'vendor-booking', 'vendors'), ('Design & Decor', 'design-decor', 'design'),
                      ('Final Details', 'final-details', 'planning'), ('Rehearsal', 'rehearsal', 'ceremony'))
              AS d (title, key, category)
        WHERE d.title = m.title`,
    );
    // One milestone per template item and wedding: a re-plan updates it rather than adding a second.
    await q.query(`CREATE UNIQUE INDEX wedding_milestones_key_idx ON wedding_milestones (wedding_id, key) WHERE key IS NOT NULL`);
    await q.query(`
      CREATE TABLE coordinator_plan_templates (
        id uuid PRIMARY KEY,
        coordinator_id uuid NOT NULL,
        name text NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        revision integer NOT NULL DEFAULT 1,
        items jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX coordinator_plan_templates_coordinator_idx ON coordinator_plan_templates (coordinator_id, created_at)`);
    // One default per coordinator: the copy made on first read is an upsert on it, so two first reads make one.
    await q.query(
      `CREATE UNIQUE INDEX coordinator_plan_templates_default_idx ON coordinator_plan_templates (coordinator_id) WHERE is_default`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coordinator_plan_templates`);
    await q.query(`DROP INDEX wedding_milestones_key_idx`);
    await q.query(`ALTER TABLE wedding_milestones DROP COLUMN key, DROP COLUMN source, DROP COLUMN category, DROP COLUMN legal, DROP COLUMN flag`);
    await q.query(
      `ALTER TABLE coordinator_weddings DROP COLUMN wedding_type, DROP COLUMN wedding_type_reason, DROP COLUMN wedding_type_source,
         DROP COLUMN plan_template_id, DROP COLUMN planned_on`,
    );
  }
}
