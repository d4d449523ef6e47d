import { IsIn, IsInt, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { IfPresent } from '../../common/if-present';
import { IsAmount } from '@wedding/contracts';
import { IsCalendarDate } from '../../common/calendar-date.dto';
import { WEDDING_STATUSES, WeddingStatus } from '../wedding.entity';

/** Date, venue, guest count, budget and status; progress follows the milestones and is never written directly. */
export class UpdateWeddingDto {
  /** Moving the date moves the due dates of the milestones not yet completed by the same number of days. */
  @IfPresent() @IsCalendarDate() weddingDate?: string;
  @IfPresent() @IsString() @MaxLength(500) venue?: string;
  @IfPresent() @IsInt() @Min(1) @Max(100_000) guestCount?: number;
  @IfPresent() @IsNumber({ allowNaN: false, allowInfinity: false }) @IsAmount() budget?: number;
  @IfPresent() @IsIn(WEDDING_STATUSES) status?: WeddingStatus;
}
