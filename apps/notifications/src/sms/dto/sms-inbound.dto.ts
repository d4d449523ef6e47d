import { IsOptional, IsString, MaxLength } from 'class-validator';

/** A reply to one of our SMS as the provider forwards it (JSON or a form). */
export class SmsInboundDto {
  /** The sender, in any form the provider writes it (639171234567, +639171234567, 09171234567). */
  @IsString() @MaxLength(32) number!: string;
  @IsString() @MaxLength(1600) message!: string;
  /** The provider's own id of the inbound message, if it sends one. */
  @IsOptional() @IsString() @MaxLength(200) message_id?: string;
}
