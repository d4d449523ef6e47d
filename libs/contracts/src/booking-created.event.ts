// Published by the bookings service for every booking; the coordinator service acts on coordinator vendors' ones.
import {
  IsEmail,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsAmount } from './amount';
import { DATE_ONLY } from './patterns';

/** The largest guest count the bookings and coordinator tables hold (PostgreSQL integer). */
export const MAX_GUEST_COUNT = 2_147_483_647;

export class BookingCreated {
  static readonly type = 'booking.created';
  static readonly version = 1;

  @IsUUID() eventId!: string;
  @IsISO8601({ strict: true }) occurredAt!: string;

  @IsUUID() bookingId!: string;
  @IsUUID() vendorId!: string;
  @IsString() @MaxLength(200) vendorBusinessName!: string;
  @IsString() @MaxLength(200) vendorBusinessType!: string;

  @IsString() @MaxLength(200) coupleName!: string;
  @IsISO8601({ strict: true }) @Matches(DATE_ONLY, { message: 'eventDate must be YYYY-MM-DD' }) eventDate!: string;

  @IsOptional() @IsString() @MaxLength(64) serviceId?: string | null;
  @IsOptional() @IsString() @MaxLength(200) serviceType?: string | null;
  @IsOptional() @IsString() @MaxLength(200) serviceName?: string | null;
  @IsOptional() @IsString() @MaxLength(64) coupleId?: string | null;
  @IsOptional() @IsString() @MaxLength(200) contactPerson?: string | null;
  @IsOptional() @IsEmail() @MaxLength(254) contactEmail?: string | null;
  @IsOptional() @IsString() @MaxLength(32) contactPhone?: string | null;
  @IsOptional() @IsString() @MaxLength(32) preferredContactMethod?: string | null;
  @IsOptional() @IsString() @MaxLength(16) eventTime?: string | null;
  @IsOptional() @IsString() @MaxLength(16) eventEndTime?: string | null;
  @IsOptional() @IsString() @MaxLength(500) eventLocation?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) venueDetails?: string | null;
  /** Absent when the couple did not say (the frontend sends 0 for that). */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_GUEST_COUNT) guestCount?: number | null;
  @IsOptional() @IsString() @MaxLength(64) budgetRange?: string | null;
  @IsOptional() @IsAmount() totalAmount?: number | null;
  @IsOptional() @IsString() @MaxLength(4000) specialRequests?: string | null;
  @IsOptional() @IsObject() metadata?: Record<string, unknown> | null;
}
