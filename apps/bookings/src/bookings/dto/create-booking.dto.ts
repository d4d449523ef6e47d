// The HTTP contract of POST /api/bookings/request, as the marketplace frontend sends it (camelCase; see the
// snake-case twins interceptor for the duplicate snake_case fields).
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { DATE_ONLY, IsAmount, MAX_GUEST_COUNT, PHONE_PATTERN } from '@wedding/contracts';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const METADATA_MAX_BYTES = 4096;

export class CreateBookingDto {
  @IsUUID(undefined, { message: 'vendorId must be a UUID' }) vendorId!: string;

  @IsISO8601({ strict: true }, { message: 'eventDate must be a real calendar date (YYYY-MM-DD)' })
  @Matches(DATE_ONLY, { message: 'eventDate must be YYYY-MM-DD' })
  eventDate!: string;

  // The couple's name falls back to the contact person; one of the two is required.
  @ValidateIf((o: CreateBookingDto) => o.coupleName != null || o.contactPerson == null)
  @IsString() @IsNotEmpty() @MaxLength(200)
  coupleName?: string;

  @ValidateIf((o: CreateBookingDto) => o.contactPerson != null || o.coupleName == null)
  @IsString() @IsNotEmpty() @MaxLength(200)
  contactPerson?: string;

  // The coordinator needs a way to reach the couple: an email, a phone, or both.
  @ValidateIf((o: CreateBookingDto) => o.contactEmail != null || o.contactPhone == null)
  @IsEmail({}, { message: 'contactEmail must be an email address' }) @MaxLength(254)
  contactEmail?: string;

  @ValidateIf((o: CreateBookingDto) => o.contactPhone != null || o.contactEmail == null)
  @IsString() @Matches(PHONE_PATTERN, { message: 'contactPhone must be a phone number' }) @MaxLength(32)
  contactPhone?: string;

  @IsOptional() @IsString() @MaxLength(64) serviceId?: string;
  @IsOptional() @IsString() @MaxLength(200) serviceType?: string;
  @IsOptional() @IsString() @MaxLength(200) serviceName?: string;
  @IsOptional() @IsString() @MaxLength(64) coupleId?: string;
  @IsOptional() @IsString() @MaxLength(32) preferredContactMethod?: string;
  @IsOptional() @Matches(TIME_OF_DAY, { message: 'eventTime must be HH:MM' }) eventTime?: string;
  @IsOptional() @Matches(TIME_OF_DAY, { message: 'eventEndTime must be HH:MM' }) eventEndTime?: string;
  @IsOptional() @IsString() @MaxLength(500) eventLocation?: string;
  @IsOptional() @IsString() @MaxLength(2000) venueDetails?: string;

  /** The frontend sends 0 when the couple did not say. */
  @Transform(({ value }) => (value === 0 ? undefined : value))
  @IsOptional() @IsInt() @Min(0) @Max(MAX_GUEST_COUNT)
  guestCount?: number;

  @IsOptional() @IsString() @MaxLength(64) budgetRange?: string;
  // IsNumber for the OpenAPI schema's type; IsAmount for the range and the cents.
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @IsAmount() totalAmount?: number;
  @IsOptional() @IsString() @MaxLength(4000) specialRequests?: string;

  @IsOptional() @IsObject() @FitsInBytes(METADATA_MAX_BYTES)
  metadata?: Record<string, unknown>;
}

function FitsInBytes(maxBytes: number): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'fitsInBytes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be at most ${maxBytes} bytes of JSON` },
      validator: { validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '') <= maxBytes },
    });
}
