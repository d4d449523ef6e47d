import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/page.query';

export class ListActivityQuery extends PageQuery {
  @IsOptional() @IsUUID() weddingId?: string;
}
