// The coordinator's delivery log: GET /api/notifications, GET /api/notifications/:id, POST /api/notifications/:id/resend.
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { DeliveryLogService } from './delivery-log.service';
import { ListNotificationsQuery } from './dto/list-notifications.query';

@ApiTags('delivery log')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/notifications')
export class DeliveryLogController {
  constructor(private readonly log: DeliveryLogService) {}

  @Get()
  @ApiOkResponse({ description: '{ items, page, pageSize, total }, newest first' })
  list(@CoordinatorId() coordinatorId: string, @Query() query: ListNotificationsQuery) {
    return this.log.list(coordinatorId, query);
  }

  @Get(':id')
  @ApiOkResponse({
    description: 'the notification with its attempts (startedAt, durationMs, outcome, smtpCode, httpStatus, reply); past PERSONAL_DATA_RETENTION_DAYS its recipient, subject, lastError and replies are null and scrubbedAt says since when',
  })
  @ApiNotFoundResponse({ description: 'no such notification of this coordinator' })
  get(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.log.get(coordinatorId, id);
  }

  @Post(':id/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'the new notification, pending; it is sent right away' })
  @ApiNotFoundResponse({ description: 'no such notification of this coordinator' })
  @ApiConflictResponse({ description: 'a send of this notification is still pending, or it is a confirmation code' })
  @ApiGoneResponse({ description: 'its recipient and content were removed (PERSONAL_DATA_RETENTION_DAYS): nothing to send again' })
  @ApiTooManyRequestsResponse({
    description: 'RESEND_MAX_PER_NOTIFICATION_PER_HOUR or RESEND_MAX_PER_COORDINATOR_PER_HOUR reached: Retry-After, and { message, limit, retryAt }',
  })
  resend(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.log.resend(coordinatorId, id);
  }
}
