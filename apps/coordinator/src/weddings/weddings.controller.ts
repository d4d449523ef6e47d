import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { CreateMilestoneDto } from './dto/create-milestone.dto';
import { CreateWeddingDto } from './dto/create-wedding.dto';
import { ListWeddingsQuery } from './dto/list-weddings.query';
import { UpdateMilestoneDto } from './dto/update-milestone.dto';
import { UpdateWeddingDto } from './dto/update-wedding.dto';
import { WeddingsService } from './weddings.service';

@ApiTags('weddings')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/weddings')
export class WeddingsController {
  constructor(private readonly weddings: WeddingsService) {}

  @Get()
  list(@CoordinatorId() coordinatorId: string, @Query() query: ListWeddingsQuery) {
    return this.weddings.list(coordinatorId, query);
  }

  @Get(':id')
  get(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.weddings.get(coordinatorId, id);
  }

  @Post()
  create(@CoordinatorId() coordinatorId: string, @Body() dto: CreateWeddingDto) {
    return this.weddings.create(coordinatorId, dto);
  }

  @Patch(':id')
  update(
    @CoordinatorId() coordinatorId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateWeddingDto,
  ) {
    return this.weddings.update(coordinatorId, id, dto);
  }

  /** A milestone made by hand: a re-plan never touches it. */
  @Post(':id/milestones')
  addMilestone(
    @CoordinatorId() coordinatorId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateMilestoneDto,
  ) {
    return this.weddings.addMilestone(coordinatorId, id, dto);
  }

  @Patch(':id/milestones/:milestoneId')
  updateMilestone(
    @CoordinatorId() coordinatorId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('milestoneId', new ParseUUIDPipe()) milestoneId: string,
    @Body() dto: UpdateMilestoneDto,
  ) {
    return this.weddings.updateMilestone(coordinatorId, id, milestoneId, dto);
  }
}
