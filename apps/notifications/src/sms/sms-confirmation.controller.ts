// The coordinator's side of confirming its number: POST /api/notifications/sms/confirm { code } enters the code texted
// to it; POST /api/notifications/sms/confirmation asks for a new one. Both answer the settings, as GET …/settings does.
import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { NotificationSettings } from '../settings/notification-settings';
import { NotificationSettingsReader } from '../settings/notification-settings-reader';
import { ConfirmSmsCodeDto } from './dto/confirm-sms-code.dto';
import { SmsConfirmations } from './sms-confirmations';
import { SmsDispatcher } from './sms-dispatcher';

@ApiTags('sms')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/notifications/sms')
export class SmsConfirmationController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly confirmations: SmsConfirmations,
    private readonly reader: NotificationSettingsReader,
    private readonly sms: SmsDispatcher,
  ) {}

  @Post('confirm')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the settings: the number opted in (sms.state opted-in)' })
  @ApiBadRequestResponse({ description: 'not six digits, or not the right code (one of SMS_CONFIRMATION_MAX_ATTEMPTS tries used)' })
  @ApiConflictResponse({ description: 'nothing to confirm: SMS off, no code asked for or texted yet, the code expired or used up, the number replied STOP' })
  async confirm(@CoordinatorId() coordinatorId: string, @Body() dto: ConfirmSmsCodeDto): Promise<NotificationSettings> {
    await this.confirmations.confirmWithCode(coordinatorId, dto.code);
    return this.reader.read(this.dataSource.manager, coordinatorId);
  }

  @Post('confirmation')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'the settings: a new code on its way (sms.confirmation); the one before no longer counts' })
  @ApiConflictResponse({ description: 'nothing to confirm: SMS off, the number already confirmed, or it replied STOP' })
  @ApiTooManyRequestsResponse({ description: 'SMS_CONFIRMATIONS_PER_HOUR or SMS_CONFIRMATIONS_PER_NUMBER_PER_DAY reached: Retry-After, { message, limit, retryAt }' })
  async requestCode(@CoordinatorId() coordinatorId: string): Promise<NotificationSettings> {
    await this.confirmations.requestNewCode(coordinatorId);
    this.sms.wake();
    return this.reader.read(this.dataSource.manager, coordinatorId);
  }
}
