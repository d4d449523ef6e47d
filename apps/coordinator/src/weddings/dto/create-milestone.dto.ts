import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.dto';

/** A milestone made by hand: a re-plan never moves or removes it. */
export class CreateMilestoneDto {
  @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsCalendarDate() dueDate!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64) category?: string;
}
