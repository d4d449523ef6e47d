// GET and PUT /api/notifications/settings: who the signed-in coordinator's notifications go to. Turning SMS on records
// the number's opt-in (with the consent text shown), turning it off or changing the number records the opt-out.
import { BadRequestException, Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource, EntityManager } from 'typeorm';
import { e164Phone } from '@wedding/contracts';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { COORDINATOR_SMS_CONSENT_TEXT, recordSmsConsent } from '../sms/sms-consents';
import { UpdateNotificationSettingsDto } from './dto/update-notification-settings.dto';
import { NotificationSettings, NotificationSettingsRow, settingsFromRow } from './notification-settings';

const COLUMNS = `email_enabled, email_address, couple_confirmation_enabled, sms_enabled, sms_phone,
  sms_enabled AND sms_phone IS NOT NULL AND COALESCE((SELECT c.opted_in FROM sms_consents c
    WHERE c.coordinator_id = notification_settings.coordinator_id AND c.phone = sms_phone ORDER BY c.id DESC LIMIT 1), false)
  AS sms_opted_in`;

@ApiTags('notification settings')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/notifications/settings')
export class NotificationSettingsController {
  constructor(private readonly dataSource: DataSource) {}

  /** The coordinator's settings; the defaults (email on, the marketplace's address, SMS off) until it saves its own. */
  @Get()
  @ApiOkResponse({ description: '{ email: { enabled, address }, coupleConfirmation: { enabled }, sms: { enabled, phone } }' })
  async get(@CoordinatorId() coordinatorId: string): Promise<NotificationSettings> {
    return this.read(this.dataSource.manager, coordinatorId);
  }

  /** What the coordinator agrees to by turning SMS on: show it beside the switch. */
  @Get('sms-consent')
  @ApiOkResponse({ description: '{ text }: the consent text recorded with the opt-in' })
  smsConsent(): { text: string } {
    return { text: COORDINATOR_SMS_CONSENT_TEXT };
  }

  /** Replaces the settings (SMS left out: unchanged); applies to events that arrive from now on. */
  @Put()
  @ApiOkResponse({ description: 'the settings as saved' })
  @ApiBadRequestResponse({ description: 'a field is invalid (sms.phone must be a mobile number, +63… or 09…)' })
  async put(@CoordinatorId() coordinatorId: string, @Body() dto: UpdateNotificationSettingsDto): Promise<NotificationSettings> {
    const phone = dto.sms?.phone ? e164Phone(dto.sms.phone) : null;
    if (dto.sms?.phone && !phone) {
      throw new BadRequestException({
        message: ['sms.phone must be a mobile number with its country code (+63 917 123 4567) or a Philippine mobile number (0917 123 4567)'],
      });
    }
    return this.dataSource.transaction(async (em) => {
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
      if (dto.sms) await this.recordConsent(em, coordinatorId, before, sms);
      return this.read(em, coordinatorId);
    });
  }

  private async recordConsent(
    em: EntityManager,
    coordinatorId: string,
    before: { sms_enabled: boolean; sms_phone: string | null } | undefined,
    after: { enabled: boolean; phone: string | null },
  ): Promise<void> {
    const consent = { coordinatorId, source: 'settings' as const, text: COORDINATOR_SMS_CONSENT_TEXT };
    // The number it texted before, no longer meant: opted out.
    if (before?.sms_phone && (!after.enabled || before.sms_phone !== after.phone)) {
      await recordSmsConsent(em, { ...consent, phone: before.sms_phone, optedIn: false, text: 'SMS turned off in the settings' });
    }
    if (after.enabled && after.phone) await recordSmsConsent(em, { ...consent, phone: after.phone, optedIn: true });
  }

  private async read(em: EntityManager, coordinatorId: string): Promise<NotificationSettings> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM notification_settings WHERE coordinator_id = $1`, [coordinatorId]);
    return settingsFromRow(row as NotificationSettingsRow | undefined);
  }
}
