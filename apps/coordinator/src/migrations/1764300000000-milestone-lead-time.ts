import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each milestone keeps its lead time (days before the wedding), so that a new wedding date gives it its due date
 * again: a milestone clamped to the booking date ("compressed") no longer remembers it otherwise. Existing rows get
 * the seed's six lead times by title (frozen here, as migrations are), else what their dates say.
 */
export class MilestoneLeadTime1764300000000 implements MigrationInterface {
  name = 'MilestoneLeadTime1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wedding_milestones ADD COLUMN days_before int`);
    await q.query(
      `UPDATE wedding_milestones m
          SET days_before = COALESCE(
                (SELECT d.days_before
                   FROM (VALUES ('Initial Consultation', 7), ('Venue Selection', 30), ('Vendor Booking', 60),
                                ('Design & Decor', 90), ('Final Details', 14), ('Rehearsal', 1)) AS d (title, days_before)
                  WHERE d.title = m.title),
                w.wedding_date - m.due_date)
         FROM coordinator_weddings w
        WHERE w.id = m.wedding_id`,
    );
    await q.query(`ALTER TABLE wedding_milestones ALTER COLUMN days_before SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wedding_milestones DROP COLUMN days_before`);
  }
}
