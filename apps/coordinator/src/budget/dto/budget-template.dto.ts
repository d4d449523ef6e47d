import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsAmount } from '@wedding/contracts';
import { IfPresent } from '../../common/if-present';
import { BUDGET_BASES, BUDGET_CATEGORIES, BudgetBasis, BudgetCategory } from '../split-budget';

/** One line; which of share / perGuest / fixed it needs follows its basis (templateProblems says what is amiss). */
export class BudgetTemplateLineDto {
  @IsIn(BUDGET_CATEGORIES, { message: `category must be one of: ${BUDGET_CATEGORIES.join(', ')}` }) category!: BudgetCategory;
  @IsString() @IsNotEmpty() @MaxLength(100) label!: string;
  @IsIn(BUDGET_BASES, { message: `basis must be one of: ${BUDGET_BASES.join(', ')}` }) basis!: BudgetBasis;
  /** Percent of what per-guest and fixed lines leave; the share lines add up to 100. */
  @IfPresent() @IsAmount() @Min(0.01) @Max(100) share?: number;
  /** Pesos per guest. */
  @IfPresent() @IsAmount() perGuest?: number;
  /** Pesos. */
  @IfPresent() @IsAmount() fixed?: number;
  /** Per-guest lines: the price is before 12% VAT and 10% service charge. */
  @IfPresent() @IsBoolean() vatAndServiceCharge?: boolean;
}

export class CreateBudgetTemplateDto {
  @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BUDGET_CATEGORIES.length)
  @ValidateNested({ each: true })
  @Type(() => BudgetTemplateLineDto)
  lines!: BudgetTemplateLineDto[];
  /** Becomes the coordinator's default (the one a new budget is split by); the previous default stops being it. */
  @IfPresent() @IsBoolean() isDefault?: boolean;
}

export class UpdateBudgetTemplateDto extends CreateBudgetTemplateDto {
  /** The revision the change was made on; a template changed since → 409. */
  @IsInt() @Min(1) revision!: number;
}
