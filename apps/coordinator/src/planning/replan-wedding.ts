// A wedding's plan fitted again (another type, date or template) inside the caller's transaction: what it would
// change (the preview) and the writing of it (the apply, and a PATCH that moves the date). Only open milestones made
// by the plan are moved, added or removed; completed and hand-made ones are never touched.
import { randomUUID } from 'node:crypto';
import { NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { WeddingMilestone } from '../weddings/milestone.entity';
import { daysBetween, FittedItem, FittedPlan, fitPlan } from './fit-plan';
import { DEFAULT_PACK, LEGAL_RULES } from './packs';
import { CurrentMilestone, diffPlan, doneKeys, PlanChange, planDigest } from './plan-diff';
import { PlanItem, WeddingType } from './plan-item';
import { PlanTemplate } from './plan-template.entity';
import { withLegalItems } from './template-items';

export interface PlanSource {
  /** Null: the shipped pack (the coordinator has no template yet). */
  templateId: string | null;
  items: PlanItem[];
}

/**
 * The items to plan from: the named template (404 when it is not the coordinator's), else the coordinator's default,
 * else the shipped pack. Legal items are taken from the rules in code, whatever a stored template says of them.
 */
export async function planSource(em: EntityManager, coordinatorId: string, templateId: string | null): Promise<PlanSource> {
  const template = templateId
    ? await em.findOneBy(PlanTemplate, { id: templateId, coordinatorId })
    : await em.findOneBy(PlanTemplate, { coordinatorId, isDefault: true });
  if (templateId && !template) throw new NotFoundException(`template ${templateId} not found`);
  if (!template) return { templateId: null, items: [...DEFAULT_PACK] };
  return { templateId: template.id, items: withLegalRules(template.items) };
}

function withLegalRules(items: readonly PlanItem[]): PlanItem[] {
  return withLegalItems(
    items.map((it) => {
      const rule = LEGAL_RULES.get(it.key);
      return rule
        ? { ...it, window: rule.window, minDurationDays: rule.minDurationDays, appliesTo: rule.appliesTo, months: rule.months, legal: true }
        : { ...it, months: it.months ?? [], legal: false };
    }),
  );
}

/** The milestone row a fitted item becomes; `daysBefore` keeps its lead time without compression. */
export function milestoneRow(weddingDate: string, item: FittedItem) {
  return {
    key: item.key,
    title: item.title,
    description: item.description,
    category: item.category,
    legal: item.legal,
    daysBefore: Math.max(0, daysBetween(item.idealDate, weddingDate)),
    dueDate: item.dueDate,
    compressed: item.compressed,
    flag: item.flag,
    completed: item.done,
    sortOrder: item.sortOrder,
  };
}

export interface ReplanTarget {
  weddingDate: string;
  weddingType: WeddingType;
  plannedOn: string;
  today: string;
}

export interface Replan {
  plan: FittedPlan;
  changes: PlanChange[];
  /** Of the milestones as they were: an apply made from this preview must find them the same. */
  digest: string;
}

export async function currentMilestones(em: EntityManager, weddingId: string): Promise<CurrentMilestone[]> {
  const rows = await em.find(WeddingMilestone, { where: { weddingId }, order: { dueDate: 'ASC', sortOrder: 'ASC' } });
  return rows.map((m) => ({
    id: m.id,
    key: m.key,
    source: m.source,
    completed: m.completed,
    title: m.title,
    dueDate: m.dueDate,
    flag: m.flag,
  }));
}

/** What fitting `source` to the target would change; nothing is written. */
export function replan(
  current: readonly CurrentMilestone[],
  source: PlanSource,
  target: ReplanTarget,
  digestOf: { weddingDate: string; weddingType: string },
): Replan {
  const plan = fitPlan({
    items: source.items,
    weddingType: target.weddingType,
    weddingDate: target.weddingDate,
    bookedOn: target.plannedOn,
    today: target.today,
    done: doneKeys(current),
  });
  return { plan, changes: diffPlan(current, plan.items), digest: planDigest(digestOf.weddingDate, digestOf.weddingType, current) };
}

/** Writes a re-plan's adds, moves and removes (each guarded again: only open milestones made by the plan). */
export async function writeReplan(em: EntityManager, weddingId: string, weddingDate: string, changes: readonly PlanChange[]) {
  const removed = changes.filter((c) => c.kind === 'remove').map((c) => c.milestoneId!);
  if (removed.length > 0) {
    await em.query(`DELETE FROM wedding_milestones WHERE wedding_id = $1 AND id = ANY($2::uuid[]) AND source = 'plan' AND NOT completed`, [
      weddingId,
      removed,
    ]);
  }
  const moved = changes.filter((c) => c.kind === 'move');
  if (moved.length > 0) {
    const rows = moved.map((c) => ({ id: c.milestoneId!, ...milestoneRow(weddingDate, c.item!) }));
    await em.query(
      `UPDATE wedding_milestones m
          SET title = r.title, description = r.description, category = r.category, legal = r.legal,
              days_before = r.days_before, due_date = r.due_date, compressed = r.compressed, flag = r.flag,
              sort_order = r.sort_order
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::int[], $8::date[], $9::boolean[],
                     $10::text[], $11::int[])
              AS r (id, title, description, category, legal, days_before, due_date, compressed, flag, sort_order)
        WHERE m.id = r.id AND m.wedding_id = $1 AND m.source = 'plan' AND NOT m.completed`,
      [weddingId, ...columns(rows, ['id', 'title', 'description', 'category', 'legal', 'daysBefore', 'dueDate', 'compressed', 'flag', 'sortOrder'])],
    );
  }
  const added = changes.filter((c) => c.kind === 'add');
  if (added.length > 0) await insertPlanMilestones(em, weddingId, added.map((c) => ({ id: randomUUID(), ...milestoneRow(weddingDate, c.item!) })));
  // Progress is the share of completed milestones, as when one is completed.
  await em.query(
    `UPDATE coordinator_weddings
        SET progress = COALESCE((SELECT round(100.0 * count(*) FILTER (WHERE completed) / NULLIF(count(*), 0))
                                   FROM wedding_milestones WHERE wedding_id = $1), 0),
            updated_at = now()
      WHERE id = $1`,
    [weddingId],
  );
}

export type MilestoneRow = ReturnType<typeof milestoneRow> & { id: string };

async function insertPlanMilestones(em: EntityManager, weddingId: string, rows: MilestoneRow[]) {
  await em.query(
    `INSERT INTO wedding_milestones (id, wedding_id, key, source, title, description, category, legal, days_before, due_date,
                                     compressed, flag, completed, completed_at, sort_order)
     SELECT r.id, $1::uuid, r.key, 'plan', r.title, r.description, r.category, r.legal, r.days_before, r.due_date, r.compressed,
            r.flag, r.completed, CASE WHEN r.completed THEN now() END, r.sort_order
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::int[], $9::date[],
                   $10::boolean[], $11::text[], $12::boolean[], $13::int[])
            AS r (id, key, title, description, category, legal, days_before, due_date, compressed, flag, completed, sort_order)`,
    [
      weddingId,
      ...columns(rows, ['id', 'key', 'title', 'description', 'category', 'legal', 'daysBefore', 'dueDate', 'compressed', 'flag', 'completed', 'sortOrder']),
    ],
  );
}

/** Rows as one array per column, for unnest(). */
export function columns<T, K extends keyof T>(rows: readonly T[], keys: K[]): unknown[][] {
  return keys.map((key) => rows.map((row) => row[key]));
}
