import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsOptional, MaxLength, ValidateNested } from 'class-validator';

export class EmailSettingsDto {
  @IsBoolean() enabled!: boolean;
  /** null (or left out): the address the marketplace has for the coordinator. */
  @IsOptional() @IsEmail({}, { message: 'email.address must be an email address or null' }) @MaxLength(254)
  address?: string | null;
}

export class CoupleConfirmationSettingsDto {
  @IsBoolean() enabled!: boolean;
}

/** The whole settings document; PUT replaces it. */
export class UpdateNotificationSettingsDto {
  @IsDefined() @ValidateNested() @Type(() => EmailSettingsDto) email!: EmailSettingsDto;
  @IsDefined() @ValidateNested() @Type(() => CoupleConfirmationSettingsDto) coupleConfirmation!: CoupleConfirmationSettingsDto;
}
