// The coordinator's weddings: listing, details with client and milestones, entry by hand, changes (a new date re-plans
// the open milestones the plan made), milestones added by hand, and milestone completion with the wedding's progress
// kept in step. Every change is announced (CoordinatorWeddingUpdated) from
// its own transaction and published by this process once that transaction has committed.
import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { calendarDate, WeddingChange } from '@wedding/contracts';
import { OutboxRelay } from '@wedding/messaging';
import { logActivity } from '../activity/activity-log';
import { rescaleBudget } from '../budget/rescale-budget';
import { CoordinatorClient } from '../clients/client.entity';
import { fetchPage, Page } from '../common/page.query';
import { CoordinatorConfig } from '../config';
import { daysBetween, fitPlan } from '../planning/fit-plan';
import { currentMilestones, planSource, replan, writeReplan } from '../planning/replan-wedding';
import { inferWeddingType } from '../planning/wedding-types';
import { createWedding } from './create-wedding';
import { CreateMilestoneDto } from './dto/create-milestone.dto';
import { CreateWeddingDto } from './dto/create-wedding.dto';
import { ListWeddingsQuery } from './dto/list-weddings.query';
import { UpdateMilestoneDto } from './dto/update-milestone.dto';
import { UpdateWeddingDto } from './dto/update-wedding.dto';
import { WeddingMilestone } from './milestone.entity';
import { CoordinatorWedding } from './wedding.entity';
import { announceWeddingChange, WeddingUpdate, weddingUpdated } from './wedding-updated';

@Injectable()
export class WeddingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: CoordinatorConfig,
    private readonly relay: OutboxRelay,
  ) {}

  async list(coordinatorId: string, query: ListWeddingsQuery): Promise<Page<ReturnType<typeof weddingView>>> {
    const builder = this.dataSource
      .getRepository(CoordinatorWedding)
      .createQueryBuilder('w')
      .where('w.coordinator_id = :coordinatorId', { coordinatorId })
      .orderBy('w.wedding_date', 'ASC')
      .addOrderBy('w.id');
    if (query.status) builder.andWhere('w.status = :status', { status: query.status });
    if (query.from) builder.andWhere('w.wedding_date >= :from', { from: query.from });
    if (query.to) builder.andWhere('w.wedding_date <= :to', { to: query.to });
    const page = await fetchPage(builder, query);
    return { ...page, items: page.items.map(weddingView) };
  }

  async get(coordinatorId: string, id: string, em: EntityManager = this.dataSource.manager) {
    const wedding = await this.findOwn(em, coordinatorId, id);
    const [client, milestones] = await Promise.all([
      wedding.clientId ? em.findOneBy(CoordinatorClient, { id: wedding.clientId, coordinatorId }) : null,
      em.find(WeddingMilestone, { where: { weddingId: id }, order: { dueDate: 'ASC', sortOrder: 'ASC' } }),
    ]);
    return { ...weddingView(wedding), client, milestones };
  }

  async create(coordinatorId: string, dto: CreateWeddingDto) {
    const today = this.today();
    if (dto.weddingDate < today) throw badRequest('weddingDate is in the past');
    return this.announced(async (em, announce) => {
      const client = await em.findOneBy(CoordinatorClient, { id: dto.clientId, coordinatorId });
      if (!client) throw new NotFoundException(`client ${dto.clientId} not found`);
      const weddingType = dto.weddingType
        ? { value: dto.weddingType, reason: 'chosen by the coordinator', source: 'coordinator' as const }
        : { ...inferWeddingType({ eventLocation: dto.venue, specialRequests: dto.notes }), source: 'inferred' as const };
      const source = await planSource(em, coordinatorId, null);
      const done = new Set(dto.alreadyDone ?? []);
      const unknown = [...done].filter((key) => !source.items.some((it) => it.key === key));
      if (unknown.length > 0) throw badRequest(`alreadyDone names keys the plan does not have: ${unknown.join(', ')}`);
      const plan = fitPlan({ items: source.items, weddingType: weddingType.value, weddingDate: dto.weddingDate, bookedOn: today, today, done });
      const wedding = await createWedding(
        em,
        {
          coordinatorId,
          clientId: client.id,
          bookingId: null,
          coupleName: client.coupleName,
          coupleEmail: client.email,
          couplePhone: client.phone,
          weddingDate: dto.weddingDate,
          venue: dto.venue ?? null,
          budget: dto.budget ?? null,
          guestCount: dto.guestCount ?? null,
          notes: dto.notes ?? null,
          plannedOn: today,
          weddingType,
          planTemplateId: source.templateId,
          plan,
        },
        [
          {
            type: 'wedding_created',
            description: `Wedding on ${dto.weddingDate} added for ${client.coupleName}`,
            metadata: { clientId: client.id, source: 'manual' },
          },
        ],
        // Its first revision, in the same statement.
        ({ id, milestones }) =>
          announce(
            weddingUpdated(this.relay, {
              coordinatorId,
              weddingId: id,
              clientId: client.id,
              revision: 1,
              change: 'wedding-created',
              coupleName: client.coupleName,
              weddingDate: dto.weddingDate,
              status: 'planning',
              milestones: milestones.map(({ id: milestoneId, title, dueDate, completed }) => ({ id: milestoneId, title, dueDate, completed })),
            }),
          ),
      );
      return this.get(coordinatorId, wedding!.id, em);
    });
  }

  async update(coordinatorId: string, id: string, dto: UpdateWeddingDto) {
    return this.announced(async (em, announce) => {
      const wedding = await this.findOwn(em, coordinatorId, id, true);
      const { weddingDate, ...rest } = dto;
      if (weddingDate !== undefined && weddingDate !== wedding.weddingDate) {
        await this.replanForDate(em, wedding, weddingDate);
      }
      const changes = { ...rest, ...(weddingDate !== undefined ? { weddingDate } : {}) };
      if (Object.keys(changes).length > 0) {
        await em.update(CoordinatorWedding, { id, coordinatorId }, changes);
        if (changes.guestCount !== undefined) await rescaleBudget(em, wedding, changes.guestCount);
        await logActivity(em, [
          {
            coordinatorId,
            weddingId: id,
            type: 'wedding_updated',
            description: `Wedding of ${wedding.coupleName} updated (${Object.keys(changes).join(', ')})`,
            metadata: { weddingId: id, changes, previous: pick(wedding, Object.keys(changes)), source: 'manual' },
          },
        ]);
        announce(await announceWeddingChange(em, this.relay, id, changeOf(wedding, changes)));
      }
      return this.get(coordinatorId, id, em);
    });
  }

  /** Completes or reopens a milestone; progress becomes the share of completed milestones, in the same transaction. */
  async updateMilestone(coordinatorId: string, weddingId: string, milestoneId: string, dto: UpdateMilestoneDto) {
    return this.announced(async (em, announce) => {
      // Locking the wedding serializes concurrent completions, so progress is computed from what is committed.
      const wedding = await this.findOwn(em, coordinatorId, weddingId, true);
      const milestone = await em.findOneBy(WeddingMilestone, { id: milestoneId, weddingId });
      if (!milestone) throw new NotFoundException(`milestone ${milestoneId} not found`);
      if (milestone.completed !== dto.completed) {
        await em.update(
          WeddingMilestone,
          { id: milestoneId },
          { completed: dto.completed, completedAt: dto.completed ? new Date() : null },
        );
        await em.query(
          `UPDATE coordinator_weddings
              SET progress = (SELECT round(100.0 * count(*) FILTER (WHERE completed) / count(*))
                                FROM wedding_milestones WHERE wedding_id = $1),
                  updated_at = now()
            WHERE id = $1`,
          [weddingId],
        );
        await logActivity(em, [
          {
            coordinatorId,
            weddingId,
            type: dto.completed ? 'milestone_completed' : 'milestone_reopened',
            description: `${milestone.title} ${dto.completed ? 'completed' : 'reopened'} for ${wedding.coupleName}`,
            metadata: { weddingId, milestoneId, source: 'manual' },
          },
        ]);
        announce(
          await announceWeddingChange(em, this.relay, weddingId, dto.completed ? 'milestone-completed' : 'milestone-reopened'),
        );
      }
      return this.get(coordinatorId, weddingId, em);
    });
  }

  /** A milestone made by hand: the plan never moves or removes it; progress counts it like any other. */
  async addMilestone(coordinatorId: string, weddingId: string, dto: CreateMilestoneDto) {
    return this.announced(async (em, announce) => {
      const wedding = await this.findOwn(em, coordinatorId, weddingId, true);
      if (dto.dueDate > wedding.weddingDate) throw badRequest('dueDate is after the wedding');
      const milestone = em.create(WeddingMilestone, {
        id: randomUUID(),
        weddingId,
        key: null,
        source: 'manual',
        title: dto.title,
        description: dto.description ?? '',
        category: dto.category ?? 'planning',
        legal: false,
        flag: null,
        daysBefore: daysBetween(dto.dueDate, wedding.weddingDate),
        dueDate: dto.dueDate,
        completed: false,
        completedAt: null,
        compressed: false,
        sortOrder: MANUAL_SORT_ORDER,
      });
      await em.insert(WeddingMilestone, milestone);
      await em.query(
        `UPDATE coordinator_weddings
            SET progress = (SELECT round(100.0 * count(*) FILTER (WHERE completed) / count(*)) FROM wedding_milestones WHERE wedding_id = $1)
          WHERE id = $1`,
        [weddingId],
      );
      await logActivity(em, [
        {
          coordinatorId,
          weddingId,
          type: 'milestone_added',
          description: `${dto.title} added for ${wedding.coupleName}`,
          metadata: { weddingId, milestoneId: milestone.id, source: 'manual' },
        },
      ]);
      announce(await announceWeddingChange(em, this.relay, weddingId, 'details-changed'));
      return milestone;
    });
  }

  /**
   * A new date fits the plan again: open milestones the plan made get their due dates for it (never before today,
   * flagged when they cannot fit), items of the wedding's month come or go (a rain plan); completed and hand-made
   * milestones are not touched.
   */
  private async replanForDate(em: EntityManager, wedding: CoordinatorWedding, weddingDate: string): Promise<void> {
    const current = await currentMilestones(em, wedding.id);
    const source = await planSource(em, wedding.coordinatorId, await this.ownTemplate(em, wedding));
    const { changes } = replan(
      current,
      source,
      { weddingDate, weddingType: wedding.weddingTypeValue, plannedOn: wedding.plannedOn, today: this.today() },
      { weddingDate: wedding.weddingDate, weddingType: wedding.weddingTypeValue },
    );
    await writeReplan(em, wedding.id, weddingDate, changes);
  }

  /** The wedding's template while it still exists, else null (the coordinator's default). */
  async ownTemplate(em: EntityManager, wedding: CoordinatorWedding): Promise<string | null> {
    if (!wedding.planTemplateId) return null;
    const [found] = await em.query(`SELECT 1 FROM coordinator_plan_templates WHERE id = $1 AND coordinator_id = $2`, [
      wedding.planTemplateId,
      wedding.coordinatorId,
    ]);
    return found ? wedding.planTemplateId : null;
  }

  /** The change's transaction; what it announced is published as soon as it has committed (nothing if it rolled back). */
  async announced<T>(work: (em: EntityManager, announce: (update: WeddingUpdate) => WeddingUpdate) => Promise<T>): Promise<T> {
    const updates: WeddingUpdate[] = [];
    const result = await this.dataSource.transaction((em) =>
      work(em, (update) => {
        updates.push(update);
        return update;
      }),
    );
    if (updates.length > 0) this.relay.publishCommitted(updates);
    return result;
  }

  async findOwn(em: EntityManager, coordinatorId: string, id: string, lock = false) {
    const wedding = await em.findOne(CoordinatorWedding, {
      where: { id, coordinatorId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!wedding) throw new NotFoundException(`wedding ${id} not found`);
    return wedding;
  }

  today(): string {
    return calendarDate(new Date(), this.config.timeZone);
  }
}

/** The most telling change of a PATCH that may change several things at once. */
function changeOf(wedding: CoordinatorWedding, changes: Partial<CoordinatorWedding>): WeddingChange {
  if (changes.weddingDate !== undefined && changes.weddingDate !== wedding.weddingDate) return 'date-moved';
  if (changes.status !== undefined && changes.status !== wedding.status) return 'status-changed';
  return 'details-changed';
}

/** Hand-made milestones sort after the plan's on the same day. */
const MANUAL_SORT_ORDER = 1000;

/** The API's shape of a wedding: its type as one object (value, reason, source). */
export function weddingView(wedding: CoordinatorWedding) {
  const { weddingTypeValue, weddingTypeReason, weddingTypeSource, ...rest } = wedding;
  return { ...rest, weddingType: { value: weddingTypeValue, reason: weddingTypeReason, source: weddingTypeSource } };
}

const badRequest = (message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });
const pick = (object: object, keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, (object as Record<string, unknown>)[key]]));
