import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { WEDDING_TYPES, WeddingType } from '../../planning/plan-item';
import { IsAmount } from '@wedding/contracts';
import { IsCalendarDate } from '../../common/calendar-date.dto';

export class CreateWeddingDto {
  /** One of the coordinator's clients; the couple's name and contacts come from it. */
  @IsUUID() clientId!: string;
  @IsCalendarDate() weddingDate!: string;
  @IsOptional() @IsString() @MaxLength(500) venue?: string;
  @IsOptional() @IsInt() @Min(1) @Max(100_000) guestCount?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @IsAmount() budget?: number;
  @IsOptional() @IsString() @MaxLength(4000) notes?: string;
  /** Its plan's type; left out: inferred from the venue and the notes, as for a booking. */
  @IsOptional() @IsIn(WEDDING_TYPES) weddingType?: WeddingType;
  /** Keys of the plan's items already done: they are created completed and hold nothing up. */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(64, { each: true }) alreadyDone?: string[];
}
