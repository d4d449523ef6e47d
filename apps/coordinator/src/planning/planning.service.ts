// A wedding's plan fitted again for another type, date or template: previewed (nothing written) and applied (only if
// nothing changed since the preview), announced as CoordinatorWeddingUpdated 'plan-changed' so reminders follow.
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxRelay } from '@wedding/messaging';
import { logActivity } from '../activity/activity-log';
import { CoordinatorWedding } from '../weddings/wedding.entity';
import { announceWeddingChange } from '../weddings/wedding-updated';
import { WeddingsService } from '../weddings/weddings.service';
import { PlanApplyDto, PlanPreviewDto } from './dto/plan-request.dto';
import { PlanChange } from './plan-diff';
import { currentMilestones, planSource, Replan, replan, writeReplan } from './replan-wedding';

@Injectable()
export class PlanningService {
  constructor(
    private readonly weddings: WeddingsService,
    private readonly relay: OutboxRelay,
  ) {}

  async preview(coordinatorId: string, weddingId: string, dto: PlanPreviewDto) {
    return this.weddings.announced(async (em) => {
      const wedding = await this.weddings.findOwn(em, coordinatorId, weddingId);
      const { plan, changes, digest } = await this.replanOf(em, wedding, dto);
      return { revision: wedding.revision, digest, changes: changes.map(changeView), flags: plan.flags };
    });
  }

  async apply(coordinatorId: string, weddingId: string, dto: PlanApplyDto) {
    return this.weddings.announced(async (em, announce) => {
      const wedding = await this.weddings.findOwn(em, coordinatorId, weddingId, true);
      const { changes, digest } = await this.replanOf(em, wedding, dto);
      if (dto.revision !== wedding.revision || dto.digest !== digest) {
        throw new ConflictException({ message: 'the wedding or its milestones changed since the preview: preview again' });
      }
      const weddingDate = dto.weddingDate ?? wedding.weddingDate;
      await writeReplan(em, weddingId, weddingDate, changes);
      const typeChanged = dto.weddingType !== undefined && dto.weddingType !== wedding.weddingTypeValue;
      await em.update(
        CoordinatorWedding,
        { id: weddingId, coordinatorId },
        {
          weddingDate,
          ...(typeChanged ? { weddingTypeValue: dto.weddingType, weddingTypeReason: 'chosen by the coordinator', weddingTypeSource: 'coordinator' as const } : {}),
          ...(dto.templateId !== undefined ? { planTemplateId: dto.templateId } : {}),
        },
      );
      const counts = Object.fromEntries(['add', 'move', 'remove'].map((kind) => [kind, changes.filter((c) => c.kind === kind).length]));
      await logActivity(em, [
        {
          coordinatorId,
          weddingId,
          type: 'plan_changed',
          description: `Plan of ${wedding.coupleName} fitted again: ${counts.add} added, ${counts.move} moved, ${counts.remove} removed`,
          metadata: {
            weddingId,
            source: 'manual',
            fields: (['weddingType', 'weddingDate', 'templateId'] as const).filter((k) => dto[k] !== undefined),
            ...counts,
          },
        },
      ]);
      announce(await announceWeddingChange(em, this.relay, weddingId, 'plan-changed'));
      return { wedding: await this.weddings.get(coordinatorId, weddingId, em), changes: changes.map(changeView) };
    });
  }

  private async replanOf(em: EntityManager, wedding: CoordinatorWedding, dto: PlanPreviewDto): Promise<Replan> {
    const weddingDate = dto.weddingDate ?? wedding.weddingDate;
    const today = this.weddings.today();
    if (dto.weddingDate !== undefined && dto.weddingDate !== wedding.weddingDate && dto.weddingDate < today) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['weddingDate is in the past'] });
    }
    const source = await planSource(em, wedding.coordinatorId, dto.templateId ?? (await this.weddings.ownTemplate(em, wedding)));
    return replan(
      await currentMilestones(em, wedding.id),
      source,
      { weddingDate, weddingType: dto.weddingType ?? wedding.weddingTypeValue, plannedOn: wedding.plannedOn, today },
      { weddingDate: wedding.weddingDate, weddingType: wedding.weddingTypeValue },
    );
  }
}

/** A change as the API shows it (without the plan's item it carries for the write). */
function changeView({ item: _item, ...change }: PlanChange) {
  return change;
}
