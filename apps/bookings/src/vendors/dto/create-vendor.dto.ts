import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PHONE_PATTERN } from '@wedding/contracts';

export class CreateVendorDto {
  @IsString() @IsNotEmpty() @MaxLength(200) businessName!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) businessType!: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @IsOptional() @IsString() @Matches(PHONE_PATTERN, { message: 'phone must be a phone number' }) @MaxLength(32)
  phone?: string;
}
