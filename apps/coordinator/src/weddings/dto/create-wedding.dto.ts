import { IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
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
}
