import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import { ClientsService } from './clients.service';
import { CreateClientDto } from './dto/create-client.dto';
import { ListClientsQuery } from './dto/list-clients.query';
import { UpdateClientDto } from './dto/update-client.dto';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  list(@CoordinatorId() coordinatorId: string, @Query() query: ListClientsQuery) {
    return this.clients.list(coordinatorId, query);
  }

  @Get(':id')
  get(@CoordinatorId() coordinatorId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.clients.get(coordinatorId, id);
  }

  @Post()
  create(@CoordinatorId() coordinatorId: string, @Body() dto: CreateClientDto) {
    return this.clients.create(coordinatorId, dto);
  }

  @Patch(':id')
  update(
    @CoordinatorId() coordinatorId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateClientDto,
  ) {
    return this.clients.update(coordinatorId, id, dto);
  }
}
