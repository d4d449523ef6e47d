import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budget split (budget/): a coordinator's split templates, and per wedding its total, the template lines it was split
 * by (a copy: editing a template does not rewrite the weddings already planned with it) and the actuals entered per
 * category. The guest count is the wedding's own (coordinator_weddings.guest_count) and the planned figures are
 * derived from these on every read, so they can never disagree with the total, the guests or the lines.
 * One default template per coordinator: a partial unique index, so two first reads cannot both copy the default.
 */
export class WeddingBudgets1767050000000 implements MigrationInterface {
  name = 'WeddingBudgets1767050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budget_templates (
        id uuid PRIMARY KEY,
        coordinator_id uuid NOT NULL,
        name text NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        lines jsonb NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX budget_templates_coordinator_idx ON budget_templates (coordinator_id, created_at)`);
    await q.query(`CREATE UNIQUE INDEX budget_templates_one_default ON budget_templates (coordinator_id) WHERE is_default`);
    await q.query(`
      CREATE TABLE wedding_budgets (
        wedding_id uuid PRIMARY KEY REFERENCES coordinator_weddings (id) ON DELETE CASCADE,
        coordinator_id uuid NOT NULL,
        total numeric(14, 2) NOT NULL CHECK (total > 0),
        template_id uuid REFERENCES budget_templates (id) ON DELETE SET NULL,
        lines jsonb NOT NULL,
        actuals jsonb NOT NULL DEFAULT '{}'::jsonb,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX wedding_budgets_template_idx ON wedding_budgets (template_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE wedding_budgets`);
    await q.query(`DROP TABLE budget_templates`);
  }
}
