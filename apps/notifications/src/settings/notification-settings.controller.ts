// GET and PUT /api/notifications/settings: who the signed-in coordinator's notifications go to.
import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { UpdateNotificationSettingsDto } from './dto/update-notification-settings.dto';
import { NotificationSettings, NotificationSettingsRow, settingsFromRow } from './notification-settings';

const COLUMNS = 'email_enabled, email_address, couple_confirmation_enabled';

@ApiTags('notification settings')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/notifications/settings')
export class NotificationSettingsController {
  constructor(private readonly dataSource: DataSource) {}

  /** The coordinator's settings; the defaults (everything on, the marketplace's address) until it saves its own. */
  @Get()
  @ApiOkResponse({ description: '{ email: { enabled, address }, coupleConfirmation: { enabled } }' })
  async get(@CoordinatorId() coordinatorId: string): Promise<NotificationSettings> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM notification_settings WHERE coordinator_id = $1`, [coordinatorId]);
    return settingsFromRow(row as NotificationSettingsRow | undefined);
  }

  /** Replaces the settings; applies to events that arrive from now on. */
  @Put()
  @ApiOkResponse({ description: 'the settings as saved' })
  async put(@CoordinatorId() coordinatorId: string, @Body() dto: UpdateNotificationSettingsDto): Promise<NotificationSettings> {
    const [row] = await this.dataSource.query(
      `INSERT INTO notification_settings (coordinator_id, email_enabled, email_address, couple_confirmation_enabled)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (coordinator_id) DO UPDATE
         SET email_enabled = EXCLUDED.email_enabled, email_address = EXCLUDED.email_address,
             couple_confirmation_enabled = EXCLUDED.couple_confirmation_enabled, updated_at = now()
       RETURNING ${COLUMNS}`,
      [coordinatorId, dto.email.enabled, dto.email.address?.trim() || null, dto.coupleConfirmation.enabled],
    );
    return settingsFromRow(row as NotificationSettingsRow);
  }
}
