import { IsInt, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsAmount } from '@wedding/contracts';

/** PUT /weddings/:id/budget. The total is the coordinator's figure for the whole wedding, never the booking's fee. */
export class SetBudgetDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @IsAmount() @Min(0.01, { message: 'total must be more than 0' })
  total!: number;
  /** The wedding's guest count: setting it here sets the wedding's. */
  @IsInt() @Min(1) @Max(100_000) guestCount!: number;
  /** Split by this template (its lines are copied); left out, the budget keeps its lines, or a new one takes the default. */
  @IsOptional() @IsUUID() templateId?: string;
  /** The budget's revision the change was made on; a budget changed since → 409. A new budget's revision is 0. */
  @IsOptional() @IsInt() @Min(0) revision?: number;
}
