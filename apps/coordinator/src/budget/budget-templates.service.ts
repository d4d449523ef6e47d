// A coordinator's split templates. A coordinator who has none gets the shipped Philippine default copied as theirs on
// first use; from then on exactly one of theirs is the default, the one a new wedding budget is split by.
import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BudgetTemplate } from './budget-template.entity';
import { CreateBudgetTemplateDto, UpdateBudgetTemplateDto } from './dto/budget-template.dto';
import { DEFAULT_TEMPLATE_NAME, PHILIPPINE_DEFAULT_TEMPLATE } from './philippine-default-template';
import { BudgetTemplateLine, templateProblems } from './split-budget';

export interface BudgetTemplateView {
  id: string;
  name: string;
  isDefault: boolean;
  revision: number;
  updatedAt: Date;
  lines: BudgetTemplateLine[];
}

@Injectable()
export class BudgetTemplatesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(coordinatorId: string): Promise<{ items: BudgetTemplateView[] }> {
    await ensureDefaultTemplate(this.dataSource.manager, coordinatorId);
    const templates = await this.dataSource.manager.find(BudgetTemplate, {
      where: { coordinatorId },
      order: { isDefault: 'DESC', createdAt: 'ASC', id: 'ASC' },
    });
    return { items: templates.map(templateView) };
  }

  async get(coordinatorId: string, id: string): Promise<BudgetTemplateView> {
    await ensureDefaultTemplate(this.dataSource.manager, coordinatorId);
    return templateView(await findOwnTemplate(this.dataSource.manager, coordinatorId, id));
  }

  async create(coordinatorId: string, dto: CreateBudgetTemplateDto): Promise<BudgetTemplateView> {
    const lines = checkedLines(dto.lines);
    return this.dataSource.transaction(async (em) => {
      await lockTemplates(em, coordinatorId);
      await ensureDefaultTemplate(em, coordinatorId);
      if (dto.isDefault) await unsetDefault(em, coordinatorId);
      const id = randomUUID();
      await em.insert(BudgetTemplate, { id, coordinatorId, name: dto.name, isDefault: dto.isDefault ?? false, lines, revision: 1 });
      return templateView(await findOwnTemplate(em, coordinatorId, id));
    });
  }

  async update(coordinatorId: string, id: string, dto: UpdateBudgetTemplateDto): Promise<BudgetTemplateView> {
    const lines = checkedLines(dto.lines);
    return this.dataSource.transaction(async (em) => {
      await lockTemplates(em, coordinatorId);
      const template = await findOwnTemplate(em, coordinatorId, id);
      if (template.revision !== dto.revision) {
        throw new ConflictException(`budget template ${id} was changed since revision ${dto.revision} (it is at ${template.revision})`);
      }
      if (dto.isDefault === false && template.isDefault) {
        throw badRequest('a template stops being the default only when another one becomes it (isDefault: true on that one)');
      }
      if (dto.isDefault && !template.isDefault) await unsetDefault(em, coordinatorId);
      await em.update(
        BudgetTemplate,
        { id, coordinatorId },
        { name: dto.name, lines, isDefault: template.isDefault || (dto.isDefault ?? false), revision: template.revision + 1 },
      );
      return templateView(await findOwnTemplate(em, coordinatorId, id));
    });
  }

  /** The budgets split by it keep their copy of its lines. */
  async remove(coordinatorId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await lockTemplates(em, coordinatorId);
      const template = await findOwnTemplate(em, coordinatorId, id);
      if (template.isDefault) {
        throw new ConflictException('the default template cannot be deleted; make another one the default first');
      }
      await em.delete(BudgetTemplate, { id, coordinatorId });
    });
  }
}

/** Copies the shipped default as the coordinator's default template unless they have one (two first calls: one copy). */
export async function ensureDefaultTemplate(em: EntityManager, coordinatorId: string): Promise<void> {
  await em.query(
    `INSERT INTO budget_templates (id, coordinator_id, name, is_default, lines)
     SELECT $1, $2, $3, true, $4::jsonb
      WHERE NOT EXISTS (SELECT 1 FROM budget_templates WHERE coordinator_id = $2 AND is_default)
     ON CONFLICT (coordinator_id) WHERE is_default DO NOTHING`,
    [randomUUID(), coordinatorId, DEFAULT_TEMPLATE_NAME, JSON.stringify(PHILIPPINE_DEFAULT_TEMPLATE)],
  );
}

export async function findOwnTemplate(em: EntityManager, coordinatorId: string, id: string) {
  const template = await em.findOneBy(BudgetTemplate, { id, coordinatorId });
  if (!template) throw new NotFoundException(`budget template ${id} not found`);
  return template;
}

export async function findDefaultTemplate(em: EntityManager, coordinatorId: string) {
  await ensureDefaultTemplate(em, coordinatorId);
  return em.findOneByOrFail(BudgetTemplate, { coordinatorId, isDefault: true });
}

/**
 * Changes to one coordinator's templates take turns: moving the default is two statements (the old one off, the new
 * one on), and two at once would otherwise meet at the one-default index as a unique violation.
 */
async function lockTemplates(em: EntityManager, coordinatorId: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('budget_templates:' || $1, 0))`, [coordinatorId]);
}

async function unsetDefault(em: EntityManager, coordinatorId: string): Promise<void> {
  await em.query(`UPDATE budget_templates SET is_default = false, updated_at = now() WHERE coordinator_id = $1 AND is_default`, [
    coordinatorId,
  ]);
}

/** The lines as stored: plain objects with only the fields given, refused with every problem at once. */
function checkedLines(lines: BudgetTemplateLine[]): BudgetTemplateLine[] {
  const plain = lines.map(({ category, label, basis, share, perGuest, fixed, vatAndServiceCharge }) =>
    JSON.parse(JSON.stringify({ category, label, basis, share, perGuest, fixed, vatAndServiceCharge })) as BudgetTemplateLine,
  );
  const problems = templateProblems(plain);
  if (problems.length > 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems });
  return plain;
}

const templateView = ({ id, name, isDefault, revision, updatedAt, lines }: BudgetTemplate): BudgetTemplateView => ({
  id,
  name,
  isDefault,
  revision,
  updatedAt,
  lines,
});

const badRequest = (message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });
