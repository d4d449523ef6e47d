import { IsEmail, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IfPresent } from '../../common/if-present';
import { CLIENT_STATUSES, ClientStatus } from '../client.entity';
import { PHONE_PATTERN } from '@wedding/contracts';

/** Status, notes and contacts only; everything else about a client is set by the system. */
export class UpdateClientDto {
  @IfPresent() @IsIn(CLIENT_STATUSES) status?: ClientStatus;
  @IfPresent() @IsString() @MaxLength(4000) notes?: string;
  @IfPresent() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email?: string;
  @IfPresent() @IsString() @Matches(PHONE_PATTERN, { message: 'phone must be a phone number' }) phone?: string;
}
