import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

export class EmailSettingsDto {
  @IsBoolean() enabled!: boolean;
  /** null (or left out): the address the marketplace has for the coordinator. */
  @IsOptional() @IsEmail({}, { message: 'email.address must be an email address or null' }) @MaxLength(254)
  address?: string | null;
}

export class CoupleConfirmationSettingsDto {
  @IsBoolean() enabled!: boolean;
}

export class SmsSettingsDto {
  /** true records the opt-in of `phone` with the consent text of GET /api/notifications/settings/sms-consent. */
  @IsBoolean() enabled!: boolean;
  /** The coordinator's own mobile number, in any usual form (normalized to E.164); required to enable SMS. */
  @ValidateIf((s: SmsSettingsDto) => s.enabled || (s.phone !== null && s.phone !== undefined))
  @IsString({ message: 'sms.phone is required to enable SMS' })
  @MaxLength(32)
  phone?: string | null;
}

/** The whole settings document; PUT replaces it (`sms` left out: unchanged). */
export class UpdateNotificationSettingsDto {
  @IsDefined() @ValidateNested() @Type(() => EmailSettingsDto) email!: EmailSettingsDto;
  @IsDefined() @ValidateNested() @Type(() => CoupleConfirmationSettingsDto) coupleConfirmation!: CoupleConfirmationSettingsDto;
  @IsOptional() @ValidateNested() @Type(() => SmsSettingsDto) sms?: SmsSettingsDto;
}
