// The coordinator's dashboard in one round trip: client and wedding counts, upcoming weddings, milestone deadlines
// and recent activity, all scoped to the caller.
import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { calendarDate } from '@wedding/contracts';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { CoordinatorConfig } from '../config';

export const UPCOMING_DAYS = 90;
export const DUE_SOON_DAYS = 7;
const OPEN = `status NOT IN ('completed', 'cancelled')`;

@ApiTags('dashboard')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/dashboard')
export class DashboardController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: CoordinatorConfig,
  ) {}

  @Get()
  async get(@CoordinatorId() coordinatorId: string) {
    const today = calendarDate(new Date(), this.config.timeZone);
    const [row] = await this.dataSource.query(
      `SELECT
         (SELECT json_build_object(
                   'total', count(*),
                   'lead', count(*) FILTER (WHERE status = 'lead'),
                   'active', count(*) FILTER (WHERE status = 'active'),
                   'inactive', count(*) FILTER (WHERE status = 'inactive'))
            FROM coordinator_clients WHERE coordinator_id = $1) AS clients,
         (SELECT json_build_object(
                   'planning', count(*) FILTER (WHERE status = 'planning'),
                   'confirmed', count(*) FILTER (WHERE status = 'confirmed'),
                   'completed', count(*) FILTER (WHERE status = 'completed'),
                   'cancelled', count(*) FILTER (WHERE status = 'cancelled'))
            FROM coordinator_weddings WHERE coordinator_id = $1) AS "weddingsByStatus",
         (SELECT coalesce(json_agg(u ORDER BY u."weddingDate", u.id), '[]')
            FROM (SELECT id, couple_name AS "coupleName", to_char(wedding_date, 'YYYY-MM-DD') AS "weddingDate",
                         venue, status, progress
                    FROM coordinator_weddings
                   WHERE coordinator_id = $1 AND ${OPEN}
                     AND wedding_date BETWEEN $2::date AND $2::date + ${UPCOMING_DAYS}) u) AS "upcomingWeddings",
         (SELECT json_build_object(
                   'overdue', count(*) FILTER (WHERE m.due_date < $2::date),
                   'dueNext7Days', count(*) FILTER (WHERE m.due_date BETWEEN $2::date AND $2::date + ${DUE_SOON_DAYS}))
            FROM wedding_milestones m JOIN coordinator_weddings w ON w.id = m.wedding_id
           WHERE w.coordinator_id = $1 AND w.${OPEN} AND NOT m.completed) AS milestones,
         (SELECT coalesce(json_agg(a ORDER BY a."createdAt" DESC, a.id), '[]')
            FROM (SELECT id, wedding_id AS "weddingId", activity_type AS "activityType", description, metadata,
                         created_at AS "createdAt", scrubbed_at AS "scrubbedAt"
                    FROM coordinator_activity_log WHERE coordinator_id = $1
                   ORDER BY created_at DESC, id LIMIT 10) a) AS "recentActivity"`,
      [coordinatorId, today],
    );
    return { today, ...row };
  }
}
