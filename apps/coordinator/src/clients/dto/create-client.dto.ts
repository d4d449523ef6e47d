import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PHONE_PATTERN } from '@wedding/contracts';
import { CLIENT_STATUSES, ClientStatus } from '../client.entity';

export class CreateClientDto {
  @IsString() @IsNotEmpty() @MaxLength(200) coupleName!: string;

  // A client is matched on email or phone, so it needs at least one of them.
  @ValidateIf((o: CreateClientDto) => o.email != null || o.phone == null)
  @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email?: string;

  @ValidateIf((o: CreateClientDto) => o.phone != null || o.email == null)
  @IsString() @Matches(PHONE_PATTERN, { message: 'phone must be a phone number' })
  phone?: string;

  @IsOptional() @IsIn(CLIENT_STATUSES) status?: ClientStatus;
  @IsOptional() @IsString() @MaxLength(64) budgetRange?: string;
  @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}
