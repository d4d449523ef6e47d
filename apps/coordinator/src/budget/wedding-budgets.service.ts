// A wedding's budget: set (total, guests, template), read as planned beside actual, and actuals entered per category.
// Setting the guest count here sets the wedding's, announced like any change of the wedding (CoordinatorWeddingUpdated).
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelay } from '@wedding/messaging';
import { logActivity } from '../activity/activity-log';
import { CoordinatorWedding } from '../weddings/wedding.entity';
import { announceWeddingChange, WeddingUpdate } from '../weddings/wedding-updated';
import { findDefaultTemplate, findOwnTemplate } from './budget-templates.service';
import { budgetView, BudgetView, perGuestChanges } from './budget-view';
import { SetBudgetDto } from './dto/set-budget.dto';
import { UpdateBudgetLineDto } from './dto/update-budget-line.dto';
import { BUDGET_CATEGORIES, BudgetCategory, formatPesos, splitBudget } from './split-budget';
import { WeddingBudget } from './wedding-budget.entity';

@Injectable()
export class WeddingBudgetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async get(coordinatorId: string, weddingId: string): Promise<BudgetView> {
    const em = this.dataSource.manager;
    const wedding = await findOwnWedding(em, coordinatorId, weddingId);
    return budgetView(await findBudget(em, weddingId), wedding.guestCount ?? 0);
  }

  /**
   * Sets the total and guest count, and with `templateId` the lines (copied from that template); a new budget without
   * one takes the coordinator's default. An infeasible budget is kept and says why. A PUT that changes nothing
   * writes nothing.
   */
  async set(coordinatorId: string, weddingId: string, dto: SetBudgetDto): Promise<BudgetView> {
    const updates: WeddingUpdate[] = [];
    const view = await this.dataSource.transaction(async (em) => {
      const wedding = await findOwnWedding(em, coordinatorId, weddingId, true);
      const existing = await em.findOneBy(WeddingBudget, { weddingId });
      checkRevision(existing?.revision ?? 0, dto.revision);
      const template = dto.templateId
        ? await findOwnTemplate(em, coordinatorId, dto.templateId)
        : existing
          ? null
          : await findDefaultTemplate(em, coordinatorId);
      const lines = template?.lines ?? existing!.lines;
      const templateId = template?.id ?? existing!.templateId;
      const guestsChanged = dto.guestCount !== wedding.guestCount;
      const changes = {
        ...(existing?.total !== dto.total ? { total: dto.total } : {}),
        ...(guestsChanged ? { guestCount: dto.guestCount } : {}),
        ...(!existing || templateId !== existing.templateId || JSON.stringify(lines) !== JSON.stringify(existing.lines)
          ? { templateId }
          : {}),
      };
      if (existing && Object.keys(changes).length === 0) return budgetView(existing, dto.guestCount);

      await em.query(
        `INSERT INTO wedding_budgets (wedding_id, coordinator_id, total, template_id, lines, revision)
         VALUES ($1, $2, $3, $4, $5::jsonb, 1)
         ON CONFLICT (wedding_id) DO UPDATE
           SET total = EXCLUDED.total, template_id = EXCLUDED.template_id, lines = EXCLUDED.lines,
               revision = wedding_budgets.revision + 1, updated_at = now()`,
        [weddingId, coordinatorId, dto.total, templateId, JSON.stringify(lines)],
      );
      if (guestsChanged) {
        await em.update(CoordinatorWedding, { id: weddingId, coordinatorId }, { guestCount: dto.guestCount });
        updates.push(await announceWeddingChange(em, this.relay, weddingId, 'details-changed'));
      }
      const split = splitBudget(dto.total, dto.guestCount, lines);
      const previousSplit = existing && wedding.guestCount ? splitBudget(existing.total, wedding.guestCount, existing.lines) : null;
      const rescaled = previousSplit && guestsChanged && !('templateId' in changes) ? perGuestChanges(previousSplit, split) : '';
      await logActivity(em, [
        {
          coordinatorId,
          weddingId,
          type: existing ? 'budget_changed' : 'budget_set',
          description:
            (existing
              ? `Budget of ${wedding.coupleName} changed to ${formatPesos(dto.total)} for ${dto.guestCount} guests`
              : `Budget of ${formatPesos(dto.total)} for ${dto.guestCount} guests set for ${wedding.coupleName}`) +
            (rescaled ? ` (${rescaled})` : '') +
            (split.feasible ? '' : `: ${split.problems.join('; ')}`),
          metadata: {
            weddingId,
            changes,
            previous: existing ? { total: existing.total, guestCount: wedding.guestCount, templateId: existing.templateId } : null,
            feasible: split.feasible,
            source: 'manual',
          },
        },
      ]);
      return budgetView(await findBudget(em, weddingId), dto.guestCount);
    });
    if (updates.length > 0) this.relay.publishCommitted(updates);
    return view;
  }

  /** Records (or with null clears) what was actually spent in one category. */
  async updateLine(coordinatorId: string, weddingId: string, category: string, dto: UpdateBudgetLineDto): Promise<BudgetView> {
    if (!(BUDGET_CATEGORIES as readonly string[]).includes(category)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`unknown category "${category}"; one of: ${BUDGET_CATEGORIES.join(', ')}`],
      });
    }
    return this.dataSource.transaction(async (em) => {
      const wedding = await findOwnWedding(em, coordinatorId, weddingId, true);
      const budget = await findBudget(em, weddingId);
      checkRevision(budget.revision, dto.revision);
      const line = budget.lines.find((candidate) => candidate.category === category);
      const previous = budget.actuals[category] ?? null;
      if (!line && previous === null) throw new NotFoundException(`this wedding's budget has no ${category} line`);
      if (previous === dto.actual) return budgetView(budget, wedding.guestCount ?? 0);

      const actuals = { ...budget.actuals };
      if (dto.actual === null) delete actuals[category];
      else actuals[category] = dto.actual;
      await em.update(WeddingBudget, { weddingId }, { actuals, revision: budget.revision + 1 });
      const label = line?.label ?? category;
      const planned = budgetView(budget, wedding.guestCount ?? 0).lines.find((candidate) => candidate.category === category)!.planned;
      await logActivity(em, [
        {
          coordinatorId,
          weddingId,
          type: 'budget_changed',
          description:
            dto.actual === null
              ? `Actual for ${label} cleared for ${wedding.coupleName}`
              : `Actual for ${label}: ${formatPesos(dto.actual)} (planned ${formatPesos(planned)}) for ${wedding.coupleName}`,
          metadata: { weddingId, category: category as BudgetCategory, changes: { actual: dto.actual }, previous: { actual: previous }, source: 'manual' },
        },
      ]);
      return budgetView(await findBudget(em, weddingId), wedding.guestCount ?? 0);
    });
  }
}

/** The coordinator's own wedding (404 otherwise); locked when the budget changes, as every change of a wedding is. */
export async function findOwnWedding(em: EntityManager, coordinatorId: string, id: string, lock = false) {
  const wedding = await em.findOne(CoordinatorWedding, {
    where: { id, coordinatorId },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!wedding) throw new NotFoundException(`wedding ${id} not found`);
  return wedding;
}

async function findBudget(em: EntityManager, weddingId: string): Promise<WeddingBudget> {
  const budget = await em.findOneBy(WeddingBudget, { weddingId });
  if (!budget) throw new NotFoundException('no budget has been set for this wedding yet');
  return budget;
}

function checkRevision(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new ConflictException(`the budget was changed since revision ${expected} (it is at ${current}); reload it and try again`);
  }
}
