import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { SetBudgetDto } from './dto/set-budget.dto';
import { UpdateBudgetLineDto } from './dto/update-budget-line.dto';
import { WeddingBudgetsService } from './wedding-budgets.service';

@ApiTags('budget')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/weddings/:id/budget')
export class WeddingBudgetsController {
  constructor(private readonly budgets: WeddingBudgetsService) {}

  @Get()
  get(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.budgets.get(coordinatorId, id);
  }

  @Put()
  set(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SetBudgetDto) {
    return this.budgets.set(coordinatorId, id, dto);
  }

  @Patch('lines/:category')
  updateLine(
    @CoordinatorId() coordinatorId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('category') category: string,
    @Body() dto: UpdateBudgetLineDto,
  ) {
    return this.budgets.updateLine(coordinatorId, id, category, dto);
  }
}
