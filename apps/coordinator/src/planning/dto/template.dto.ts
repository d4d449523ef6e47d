import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PLAN_ANCHORS, PlanAnchor, WEDDING_TYPES, WeddingType } from '../plan-item';

/** Two years either way: enough for any engagement, small enough to stay a date. */
const MAX_DAYS = 730;
/** The milestones travel in events of at most 50 (CoordinatorWeddingUpdated): a plan with room for hand-made ones. */
export const MAX_TEMPLATE_ITEMS = 40;

export class PlanWindowDto {
  @IsInt() @Min(0) @Max(MAX_DAYS) earliestDaysBefore!: number;
  @IsInt() @Min(0) @Max(MAX_DAYS) latestDaysBefore!: number;
}

export class TemplateItemDto {
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'key must be lowercase letters, digits and dashes (at most 64)' })
  key!: string;
  @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @IsString() @MaxLength(2000) description!: string;
  @IsString() @MinLength(1) @MaxLength(64) category!: string;
  @IsIn(PLAN_ANCHORS) anchor!: PlanAnchor;
  @IsInt() @Min(-MAX_DAYS) @Max(MAX_DAYS) offsetDays!: number;
  @IsOptional() @ValidateNested() @Type(() => PlanWindowDto) window!: PlanWindowDto | null;
  @IsInt() @Min(0) @Max(MAX_DAYS) minDurationDays!: number;
  @IsArray() @ArrayMaxSize(MAX_TEMPLATE_ITEMS) @IsString({ each: true }) dependsOn!: string[];
  @IsArray() @IsIn(WEDDING_TYPES, { each: true }) appliesTo!: WeddingType[];
  /** Wedding months (1–12); empty or left out: every month. */
  @IsOptional() @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(12, { each: true }) months?: number[];
  @IsBoolean() legal!: boolean;
}

export class CreateTemplateDto {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEMPLATE_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => TemplateItemDto)
  items!: TemplateItemDto[];
}

export class UpdateTemplateDto extends CreateTemplateDto {
  /** Only true: the default moves to this template (making another the default is a PUT of that one). */
  @IsOptional() @IsBoolean() isDefault?: boolean;
  /** The revision this change was made from: a stale one is refused (409). */
  @IsInt() @Min(1) revision!: number;
}
