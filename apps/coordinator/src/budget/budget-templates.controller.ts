import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { BudgetTemplatesService } from './budget-templates.service';
import { CreateBudgetTemplateDto, UpdateBudgetTemplateDto } from './dto/budget-template.dto';

@ApiTags('budget')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/budget-templates')
export class BudgetTemplatesController {
  constructor(private readonly templates: BudgetTemplatesService) {}

  @Get()
  list(@CoordinatorId() coordinatorId: string) {
    return this.templates.list(coordinatorId);
  }

  @Get(':id')
  get(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.templates.get(coordinatorId, id);
  }

  @Post()
  create(@CoordinatorId() coordinatorId: string, @Body() dto: CreateBudgetTemplateDto) {
    return this.templates.create(coordinatorId, dto);
  }

  @Put(':id')
  update(
    @CoordinatorId() coordinatorId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateBudgetTemplateDto,
  ) {
    return this.templates.update(coordinatorId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.templates.remove(coordinatorId, id);
  }
}
