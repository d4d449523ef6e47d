import { IsString, MaxLength } from 'class-validator';

/** The code as typed: six digits, spaces and dashes allowed ("123 456"). */
export class ConfirmSmsCodeDto {
  @IsString() @MaxLength(20) code!: string;
}
