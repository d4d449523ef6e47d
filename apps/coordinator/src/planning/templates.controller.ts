import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { CreateTemplateDto, UpdateTemplateDto } from './dto/template.dto';
import { TemplatesService } from './templates.service';

@ApiTags('templates')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  list(@CoordinatorId() coordinatorId: string) {
    return this.templates.list(coordinatorId);
  }

  @Get(':id')
  get(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.templates.get(coordinatorId, id);
  }

  @Post()
  create(@CoordinatorId() coordinatorId: string, @Body() dto: CreateTemplateDto) {
    return this.templates.create(coordinatorId, dto);
  }

  @Put(':id')
  update(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateTemplateDto) {
    return this.templates.update(coordinatorId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.templates.remove(coordinatorId, id);
  }
}
