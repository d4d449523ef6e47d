// A coordinator's milestone templates: listed (the shipped pack copied as the default on first read), made, changed
// with a revision check, and deleted. Their items must keep the rules of template-items.ts (400 with what is wrong).
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CreateTemplateDto, TemplateItemDto, UpdateTemplateDto } from './dto/template.dto';
import { DEFAULT_PACK, DEFAULT_PACK_NAME } from './packs';
import { PlanItem } from './plan-item';
import { PlanTemplate } from './plan-template.entity';
import { checkTemplateItems } from './template-items';

@Injectable()
export class TemplatesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(coordinatorId: string) {
    await this.ensureDefault(coordinatorId);
    const templates = await this.dataSource
      .getRepository(PlanTemplate)
      .find({ where: { coordinatorId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { items: templates.map(templateView) };
  }

  async get(coordinatorId: string, id: string) {
    await this.ensureDefault(coordinatorId);
    return templateView(await this.findOwn(this.dataSource.manager, coordinatorId, id));
  }

  async create(coordinatorId: string, dto: CreateTemplateDto) {
    await this.ensureDefault(coordinatorId);
    const template = this.dataSource.getRepository(PlanTemplate).create({
      id: randomUUID(),
      coordinatorId,
      name: dto.name,
      isDefault: false,
      revision: 1,
      items: checked(dto.items),
    });
    await this.dataSource.getRepository(PlanTemplate).insert(template);
    return this.get(coordinatorId, template.id);
  }

  async update(coordinatorId: string, id: string, dto: UpdateTemplateDto) {
    return this.dataSource.transaction(async (em) => {
      const template = await this.findOwn(em, coordinatorId, id, true);
      if (dto.revision !== template.revision) {
        throw new ConflictException({ message: `template ${id} is at revision ${template.revision}, not ${dto.revision}: reload it` });
      }
      if (dto.isDefault === false && template.isDefault) {
        throw badRequest('isDefault: make another template the default instead');
      }
      const items = checked(dto.items);
      if (dto.isDefault && !template.isDefault) {
        await em.update(PlanTemplate, { coordinatorId, isDefault: true }, { isDefault: false });
      }
      await em.update(
        PlanTemplate,
        { id, coordinatorId },
        { name: dto.name, items, isDefault: template.isDefault || dto.isDefault === true, revision: template.revision + 1 },
      );
      return templateView(await this.findOwn(em, coordinatorId, id));
    });
  }

  async remove(coordinatorId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const template = await this.findOwn(em, coordinatorId, id, true);
      if (template.isDefault) throw new ConflictException({ message: 'the default template cannot be deleted: make another one the default first' });
      // Its weddings are planned from the coordinator's default from now on.
      await em.query(`UPDATE coordinator_weddings SET plan_template_id = NULL WHERE plan_template_id = $1 AND coordinator_id = $2`, [
        id,
        coordinatorId,
      ]);
      await em.delete(PlanTemplate, { id, coordinatorId });
    });
  }

  /** The shipped pack as the coordinator's default, once: the unique index on the default makes two first reads one. */
  private async ensureDefault(coordinatorId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO coordinator_plan_templates (id, coordinator_id, name, is_default, revision, items)
       SELECT $1::uuid, $2::uuid, $3::text, true, 1, $4::jsonb
        WHERE NOT EXISTS (SELECT 1 FROM coordinator_plan_templates WHERE coordinator_id = $2::uuid AND is_default)
       ON CONFLICT (coordinator_id) WHERE is_default DO NOTHING`,
      [randomUUID(), coordinatorId, DEFAULT_PACK_NAME, JSON.stringify(DEFAULT_PACK)],
    );
  }

  private async findOwn(em: EntityManager, coordinatorId: string, id: string, lock = false) {
    const template = await em.findOne(PlanTemplate, {
      where: { id, coordinatorId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!template) throw new NotFoundException(`template ${id} not found`);
    return template;
  }
}

/** The items as stored: checked against the rules (400 with every problem), legal items left out put back. */
function checked(items: TemplateItemDto[]): PlanItem[] {
  const result = checkTemplateItems(
    items.map((it) => ({
      key: it.key,
      title: it.title,
      description: it.description,
      category: it.category,
      anchor: it.anchor,
      offsetDays: it.offsetDays,
      window: it.window ? { earliestDaysBefore: it.window.earliestDaysBefore, latestDaysBefore: it.window.latestDaysBefore } : null,
      minDurationDays: it.minDurationDays,
      dependsOn: it.dependsOn,
      appliesTo: it.appliesTo,
      months: it.months ?? [],
      legal: it.legal,
    })),
  );
  if (!result.items) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: result.errors });
  return result.items;
}

function templateView(template: PlanTemplate) {
  const { id, name, isDefault, revision, createdAt, updatedAt, items } = template;
  return { id, name, isDefault, revision, createdAt, updatedAt, items };
}

const badRequest = (message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });
