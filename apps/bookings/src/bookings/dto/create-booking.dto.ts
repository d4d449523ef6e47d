// The HTTP contract of POST /api/bookings/request, as the marketplace frontend sends it (camelCase; see the
// snake-case twins interceptor for the duplicate snake_case fields). Each field's rules are the ones BookingCreated
// applies (libs/contracts booking-fields.ts); what is the request's own is said here: trimming what couples type,
// the couple name's fallback, and 0 guests meaning "not said".
import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';
import { BookingField } from '@wedding/contracts';

/**
 * What a couple types, trimmed before validation (" Jane@Example.com " is an email address); text that is only
 * whitespace is absent, as if the field had not been sent.
 */
const Trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value));

export class CreateBookingDto {
  @BookingField.vendorId() vendorId!: string;
  @BookingField.eventDate() eventDate!: string;

  // The couple's name falls back to the contact person; one of the two is required.
  @ValidateIf((o: CreateBookingDto) => o.coupleName != null || o.contactPerson == null)
  @Trimmed() @BookingField.name()
  coupleName?: string;

  @ValidateIf((o: CreateBookingDto) => o.contactPerson != null || o.coupleName == null)
  @Trimmed() @BookingField.name()
  contactPerson?: string;

  @Trimmed() @BookingField.contactEmail() contactEmail?: string;
  @Trimmed() @BookingField.contactPhone() contactPhone?: string;

  @BookingField.serviceId() serviceId?: string;
  @BookingField.serviceType() serviceType?: string;
  @BookingField.serviceName() serviceName?: string;
  /** Who the frontend says the couple is; without a couple token only a claim (see couple-identity.ts). */
  @BookingField.coupleId() coupleId?: string;
  @BookingField.preferredContactMethod() preferredContactMethod?: string;
  @BookingField.eventTime() eventTime?: string;
  @BookingField.eventTime() eventEndTime?: string;
  @Trimmed() @BookingField.eventLocation() eventLocation?: string;
  @BookingField.venueDetails() venueDetails?: string;

  /** The frontend sends 0 when the couple did not say. */
  @Transform(({ value }) => (value === 0 ? undefined : value))
  @BookingField.guestCount()
  guestCount?: number;

  @Trimmed() @BookingField.budgetRange() budgetRange?: string;
  @BookingField.totalAmount() totalAmount?: number;
  @BookingField.specialRequests() specialRequests?: string;
  @BookingField.metadata() metadata?: Record<string, unknown>;
}
