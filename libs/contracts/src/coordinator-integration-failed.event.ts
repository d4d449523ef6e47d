// Published by the coordinator service when it gives up on a booking (out of retries), so the booking shows why.
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { BookingField } from './booking-fields';

/**
 * What the couple may be told about a failed integration, a category and never the failure's text (which can quote
 * SQL or a trigger): `coordinator_unavailable` the coordinator's database or broker stayed unreachable through every
 * retry; `invalid_booking` the booking could not be integrated as it was sent (a contract violation, data the
 * coordinator's tables refuse); `internal_error` anything else.
 */
export const INTEGRATION_FAILURE_REASONS = ['coordinator_unavailable', 'invalid_booking', 'internal_error'] as const;
export type IntegrationFailureReason = (typeof INTEGRATION_FAILURE_REASONS)[number];

export class CoordinatorIntegrationFailed {
  static readonly type = 'coordinator.integration.failed';
  static readonly version = 1;

  @IsUUID() eventId!: string;
  @IsISO8601({ strict: true }) occurredAt!: string;

  @IsUUID() bookingId!: string;
  @IsUUID() coordinatorId!: string;
  /** The failure's full text, for the coordinator's side only: the bookings service never shows it. */
  @IsString() @MaxLength(1000) reason!: string;
  /** Added within version 1, so optional: a consumer reads an event without it as `internal_error`. */
  @IsOptional() @IsIn(INTEGRATION_FAILURE_REASONS) reasonCode?: IntegrationFailureReason;
  @IsInt() @Min(1) attempts!: number;

  // Added within version 1 (optional): what the coordinator's email about the failure needs to follow it up by hand.
  @IsOptional() @BookingField.businessName() coordinatorBusinessName?: string | null;
  @BookingField.optionalEmail() coordinatorEmail?: string | null;
  @BookingField.optionalPhone() coordinatorPhone?: string | null;
  @IsOptional() @BookingField.name() coupleName?: string | null;
  @IsOptional() @BookingField.eventDate() eventDate?: string | null;
  @BookingField.optionalEmail() contactEmail?: string | null;
  @BookingField.optionalPhone() contactPhone?: string | null;
}
