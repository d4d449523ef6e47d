import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.dto';
import { PageQuery } from '../../common/page.query';
import { WEDDING_STATUSES, WeddingStatus } from '../wedding.entity';

export class ListWeddingsQuery extends PageQuery {
  @IsOptional() @IsIn(WEDDING_STATUSES) status?: WeddingStatus;
  /** Weddings on or after this date. */
  @IsOptional() @IsCalendarDate() from?: string;
  /** Weddings on or before this date. */
  @IsOptional() @IsCalendarDate() to?: string;
}
