// GET and PUT /api/notifications/settings: who the signed-in coordinator's notifications go to. Saving SMS on with a
// number asks for its confirmation (a code texted to it: sms-confirmations.ts) unless it is opted in already; turning
// it off or changing the number records the opt-out. A number that replied STOP stays out whatever is saved, and the
// answer says so (sms.state).
import { BadRequestException, Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { e164Phone } from '@wedding/contracts';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { COORDINATOR_SMS_CONSENT_TEXT } from '../sms/sms-consents';
import { SmsConfirmations } from '../sms/sms-confirmations';
import { SmsDispatcher } from '../sms/sms-dispatcher';
import { UpdateNotificationSettingsDto } from './dto/update-notification-settings.dto';
import { NotificationSettings } from './notification-settings';
import { NotificationSettingsReader } from './notification-settings-reader';

@ApiTags('notification settings')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/notifications/settings')
export class NotificationSettingsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: NotificationSettingsReader,
    private readonly confirmations: SmsConfirmations,
    private readonly sms: SmsDispatcher,
  ) {}

  /** The coordinator's settings; the defaults (email on, the marketplace's address, SMS off) until it saves its own. */
  @Get()
  @ApiOkResponse({
    description:
      '{ email: { enabled, address }, coupleConfirmation: { enabled }, sms: { enabled, phone, state, since, confirmation } }; ' +
      'sms.state: off, unconfirmed (a code was asked for: confirmation), opted-in, or stopped (the number replied STOP)',
  })
  async get(@CoordinatorId() coordinatorId: string): Promise<NotificationSettings> {
    return this.reader.read(this.dataSource.manager, coordinatorId);
  }

  /** What the coordinator agrees to by turning SMS on: show it beside the switch. */
  @Get('sms-consent')
  @ApiOkResponse({ description: '{ text }: the consent text recorded with the opt-in' })
  smsConsent(): { text: string } {
    return { text: COORDINATOR_SMS_CONSENT_TEXT };
  }

  /** Replaces the settings (SMS left out: unchanged); applies to events that arrive from now on. */
  @Put()
  @ApiOkResponse({ description: 'the settings as saved; a new number is `unconfirmed` until its code is entered (or it replies YES)' })
  @ApiBadRequestResponse({ description: 'a field is invalid (sms.phone must be a mobile number, +63… or 09…)' })
  @ApiTooManyRequestsResponse({ description: 'a new number needs a code, and SMS_CONFIRMATIONS_PER_HOUR or …_PER_NUMBER_PER_DAY is reached: nothing saved' })
  async put(@CoordinatorId() coordinatorId: string, @Body() dto: UpdateNotificationSettingsDto): Promise<NotificationSettings> {
    const phone = dto.sms?.phone ? e164Phone(dto.sms.phone) : null;
    if (dto.sms?.phone && !phone) {
      throw new BadRequestException({
        message: ['sms.phone must be a mobile number with its country code (+63 917 123 4567) or a Philippine mobile number (0917 123 4567)'],
      });
    }
    let texted = false;
    const saved = await this.dataSource.transaction(async (em) => {
      const [before] = await em.query(`SELECT sms_enabled, sms_phone FROM notification_settings WHERE coordinator_id = $1 FOR UPDATE`, [
        coordinatorId,
      ]);
      const sms = dto.sms ? { enabled: dto.sms.enabled, phone } : { enabled: before?.sms_enabled ?? false, phone: before?.sms_phone ?? null };
      await em.query(
        `INSERT INTO notification_settings (coordinator_id, email_enabled, email_address, couple_confirmation_enabled, sms_enabled, sms_phone)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (coordinator_id) DO UPDATE
           SET email_enabled = EXCLUDED.email_enabled, email_address = EXCLUDED.email_address,
               couple_confirmation_enabled = EXCLUDED.couple_confirmation_enabled,
               sms_enabled = EXCLUDED.sms_enabled, sms_phone = EXCLUDED.sms_phone, updated_at = now()`,
        [coordinatorId, dto.email.enabled, dto.email.address?.trim() || null, dto.coupleConfirmation.enabled, sms.enabled, sms.phone],
      );
      if (dto.sms) texted = await this.confirmations.settingsSaved(em, coordinatorId, before, sms);
      return this.reader.read(em, coordinatorId);
    });
    if (texted) this.sms.wake();
    return saved;
  }
}
