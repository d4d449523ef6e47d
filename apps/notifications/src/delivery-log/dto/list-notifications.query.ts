import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CHANNELS, NotificationChannel } from '../../intake/plan-notifications';

/** `unknown`: an SMS whose outcome is unknown, never resent automatically; `skipped`: held back (consent, daily cap, a disabled endpoint). */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const MAX_PAGE_SIZE = 100;

export class ListNotificationsQuery {
  @IsOptional() @IsIn(CHANNELS) channel?: NotificationChannel;
  @IsOptional() @IsIn(NOTIFICATION_STATUSES) status?: NotificationStatus;
  @IsOptional() @IsUUID() weddingId?: string;
  /** Bounded so that the offset stays within what PostgreSQL accepts. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) pageSize = 20;
}
