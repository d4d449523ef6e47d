// Published by the bookings service for every booking; the coordinator service acts on coordinator vendors' ones.
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BookingField } from './booking-fields';

export class BookingCreated {
  static readonly type = 'booking.created';
  static readonly version = 1;

  @IsUUID() eventId!: string;
  @IsISO8601({ strict: true }) occurredAt!: string;

  @IsUUID() bookingId!: string;
  @BookingField.vendorId() vendorId!: string;
  @BookingField.businessName() vendorBusinessName!: string;
  @IsString() @MaxLength(200) vendorBusinessType!: string;
  /** Added within version 1 (optional): the vendor's own contacts, for the coordinator's notifications. */
  @BookingField.optionalEmail() vendorEmail?: string | null;
  @BookingField.optionalPhone() vendorPhone?: string | null;

  // The booking's fields, with the rules of the HTTP request (see booking-fields.ts).
  @BookingField.name() coupleName!: string;
  @BookingField.eventDate() eventDate!: string;
  @BookingField.serviceId() serviceId?: string | null;
  @BookingField.serviceType() serviceType?: string | null;
  @BookingField.serviceName() serviceName?: string | null;
  /** The couple's verified id (from their token); never an unverified claim. */
  @BookingField.coupleId() coupleId?: string | null;
  @IsOptional() @BookingField.name() contactPerson?: string | null;
  @BookingField.contactEmail() contactEmail?: string | null;
  @BookingField.contactPhone() contactPhone?: string | null;
  @BookingField.preferredContactMethod() preferredContactMethod?: string | null;
  @BookingField.eventTime() eventTime?: string | null;
  @BookingField.eventTime() eventEndTime?: string | null;
  @BookingField.eventLocation() eventLocation?: string | null;
  @BookingField.venueDetails() venueDetails?: string | null;
  @BookingField.guestCount() guestCount?: number | null;
  @BookingField.budgetRange() budgetRange?: string | null;
  @BookingField.totalAmount() totalAmount?: number | null;
  @BookingField.specialRequests() specialRequests?: string | null;
  @BookingField.metadata() metadata?: Record<string, unknown> | null;
}

