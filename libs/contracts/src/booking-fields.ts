// The rules of each booking field, declared once: the HTTP request (CreateBookingDto) and the events that carry a
// booking's fields (BookingCreated, CoordinatorWeddingCreated) apply the same decorators, so whatever the request
// accepts the event accepts, and an event the request could never have produced is refused as a contract violation.
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
import { IsAmount } from './amount';
import { COUPLE_ID, DATE_ONLY, PHONE_PATTERN, TIME_OF_DAY } from './patterns';

/** The largest guest count the bookings and coordinator tables hold (PostgreSQL integer). */
export const MAX_GUEST_COUNT = 2_147_483_647;
export const METADATA_MAX_BYTES = 4096;

const rules =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorator of decorators) decorator(target, property);
  };

type Contact = { contactEmail?: unknown; contactPhone?: unknown };

/** Each factory gives a field its rules; presence (required, optional, "one of two") is part of the rule where every
 * contract agrees on it, and left to the class where they differ (the request falls back to the contact person for
 * the couple's name, the event always carries it). */
export const BookingField = {
  vendorId: () => IsUUID(undefined, { message: 'vendorId must be a UUID' }),
  eventDate: () =>
    rules(
      IsISO8601({ strict: true }, { message: 'eventDate must be a real calendar date (YYYY-MM-DD)' }),
      Matches(DATE_ONLY, { message: 'eventDate must be YYYY-MM-DD' }),
    ),
  /** coupleName, contactPerson. */
  name: () => rules(IsString(), IsNotEmpty(), MaxLength(200)),
  // The coordinator needs a way to reach the couple: an email, a phone, or both.
  contactEmail: () =>
    rules(
      ValidateIf((o: Contact) => o.contactEmail != null || o.contactPhone == null),
      IsEmail({}, { message: 'contactEmail must be an email address' }),
      MaxLength(254),
    ),
  contactPhone: () =>
    rules(
      ValidateIf((o: Contact) => o.contactPhone != null || o.contactEmail == null),
      IsString(),
      Matches(PHONE_PATTERN, { message: 'contactPhone must be a phone number' }),
      MaxLength(32),
    ),
  coupleId: () =>
    rules(
      IsOptional(),
      Matches(COUPLE_ID, { message: 'coupleId must be 1 to 64 printable characters without spaces' }),
    ),
  serviceId: () => optionalText(64),
  serviceType: () => optionalText(200),
  serviceName: () => optionalText(200),
  preferredContactMethod: () => optionalText(32),
  eventTime: () => rules(IsOptional(), Matches(TIME_OF_DAY, { message: ({ property }) => `${property} must be HH:MM` })),
  eventLocation: () => optionalText(500),
  venueDetails: () => optionalText(2000),
  /** Absent when the couple did not say (the frontend sends 0 for that; the request maps it). */
  guestCount: () => rules(IsOptional(), IsInt(), Min(1), Max(MAX_GUEST_COUNT)),
  budgetRange: () => optionalText(64),
  // IsNumber for the OpenAPI schema's type; IsAmount for the range and the cents.
  totalAmount: () => rules(IsOptional(), IsNumber({ allowNaN: false, allowInfinity: false }), IsAmount()),
  specialRequests: () => optionalText(4000),
  metadata: () => rules(IsOptional(), IsObject(), FitsInBytes(METADATA_MAX_BYTES)),

  // The vendor's own profile, as a booking copies it (the coordinator's name and contacts, for its notifications).
  businessName: () => rules(IsString(), MaxLength(200)),
  /** An email that may be absent (the vendor's; a couple's where an event need not carry it). */
  optionalEmail: () =>
    rules(IsOptional(), IsEmail({}, { message: ({ property }) => `${property} must be an email address` }), MaxLength(254)),
  optionalPhone: () =>
    rules(
      IsOptional(),
      IsString(),
      Matches(PHONE_PATTERN, { message: ({ property }) => `${property} must be a phone number` }),
      MaxLength(32),
    ),
};

function optionalText(maxLength: number): PropertyDecorator {
  return rules(IsOptional(), IsString(), MaxLength(maxLength));
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
