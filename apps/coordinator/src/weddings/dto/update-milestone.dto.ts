import { IsBoolean } from 'class-validator';

export class UpdateMilestoneDto {
  @IsBoolean() completed!: boolean;
}
