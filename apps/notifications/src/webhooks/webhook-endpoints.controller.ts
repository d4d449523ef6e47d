// The coordinator's webhook endpoints: /api/notifications/webhooks and /:id, /:id/rotate-secret, /:id/deliveries.
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/notifications/webhooks')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @ApiCreatedResponse({ description: '{ id, url, format, events, description, enabled, secret, … }: the secret is shown only here' })
  @ApiBadRequestResponse({ description: 'invalid fields, or a URL that is not https or whose host is not public' })
  create(@CoordinatorId() coordinatorId: string, @Body() dto: CreateWebhookEndpointDto) {
    return this.endpoints.create(coordinatorId, dto);
  }

  @Get()
  @ApiOkResponse({ description: "the coordinator's endpoints, without their secrets" })
  list(@CoordinatorId() coordinatorId: string) {
    return this.endpoints.list(coordinatorId);
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'no such endpoint of this coordinator' })
  get(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.get(coordinatorId, id);
  }

  @Patch(':id')
  @ApiOkResponse({ description: 'the endpoint as changed' })
  @ApiNotFoundResponse({ description: 'no such endpoint of this coordinator' })
  update(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateWebhookEndpointDto) {
    return this.endpoints.update(coordinatorId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted; its deliveries not yet attempted are skipped' })
  @ApiNotFoundResponse({ description: 'no such endpoint of this coordinator' })
  delete(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.delete(coordinatorId, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ id, secret, previousSecretExpiresAt }: both secrets sign for 24 hours' })
  @ApiNotFoundResponse({ description: 'no such endpoint of this coordinator' })
  rotateSecret(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.rotateSecret(coordinatorId, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ description: '{ items: [{ notificationId, webhookId, type, attempt, startedAt, durationMs, outcome, httpStatus, reply }], page, pageSize }' })
  @ApiNotFoundResponse({ description: 'no such endpoint of this coordinator' })
  deliveries(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: ListDeliveriesQuery) {
    return this.endpoints.deliveries(coordinatorId, id, query);
  }
}
