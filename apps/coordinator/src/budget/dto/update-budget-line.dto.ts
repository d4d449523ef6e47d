import { IsInt, IsNumber, IsOptional, Min, ValidateIf } from 'class-validator';
import { IsAmount } from '@wedding/contracts';

/** PATCH /weddings/:id/budget/lines/:category: what was actually spent, or null to clear it. */
export class UpdateBudgetLineDto {
  @ValidateIf((_dto: object, value: unknown) => value !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsAmount()
  actual!: number | null;
  @IsOptional() @IsInt() @Min(1) revision?: number;
}
