import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { PlanApplyDto, PlanPreviewDto } from './dto/plan-request.dto';
import { PlanningService } from './planning.service';

@ApiTags('weddings')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/weddings/:id/plan')
export class PlanningController {
  constructor(private readonly planning: PlanningService) {}

  /** What fitting the plan again would change; nothing is written. */
  @Post('preview')
  @HttpCode(200)
  preview(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: PlanPreviewDto) {
    return this.planning.preview(coordinatorId, id, dto);
  }

  /** Writes the preview's changes, unless the wedding or its milestones changed since (409). */
  @Post('apply')
  @HttpCode(200)
  apply(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: PlanApplyDto) {
    return this.planning.apply(coordinatorId, id, dto);
  }
}
