import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { DataSource } from 'typeorm';
import { pageOf } from '../common/page.query';
import { ActivityLogEntry } from './activity-log-entry.entity';
import { ListActivityQuery } from './dto/list-activity.query';

@ApiTags('activity')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/activity')
export class ActivityController {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; a wedding filter that names another coordinator's wedding simply finds nothing. */
  @Get()
  async list(@CoordinatorId() coordinatorId: string, @Query() query: ListActivityQuery) {
    const [items, total] = await this.dataSource.getRepository(ActivityLogEntry).findAndCount({
      where: { coordinatorId, ...(query.weddingId ? { weddingId: query.weddingId } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }
}
