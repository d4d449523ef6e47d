import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/page.query';
import { CLIENT_STATUSES, ClientStatus } from '../client.entity';

export class ListClientsQuery extends PageQuery {
  @IsOptional() @IsIn(CLIENT_STATUSES) status?: ClientStatus;
  /** Part of the couple's name, email or phone. */
  @IsOptional() @IsString() @MaxLength(100) search?: string;
}
