import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.dto';
import { WEDDING_TYPES, WeddingType } from '../plan-item';

/** What a re-plan changes; each left out stays as the wedding has it. */
export class PlanPreviewDto {
  @IsOptional() @IsIn(WEDDING_TYPES) weddingType?: WeddingType;
  @IsOptional() @IsCalendarDate() weddingDate?: string;
  @IsOptional() @IsUUID() templateId?: string;
}

export class PlanApplyDto extends PlanPreviewDto {
  /** The preview's: the apply is refused (409) when the wedding or its milestones changed since. */
  @IsInt() @Min(1) revision!: number;
  @IsString() @Length(1, 64) digest!: string;
}
