// Published by the coordinator service after it committed a wedding made from a booking; for email, SMS, webhooks.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BookingField } from './booking-fields';
import { DATE_ONLY } from './patterns';

export class CoordinatorWeddingMilestone {
  @IsUUID() id!: string;
  @IsString() @MaxLength(200) title!: string;
  @Matches(DATE_ONLY) dueDate!: string;
  /** Due on another day than the template's, to fit the time left before the wedding. */
  @IsBoolean() compressed!: boolean;
  /** Added within version 1 (optional): why it cannot be done in time, in plain words; null when it fits. */
  @IsOptional() @IsString() @MaxLength(300) flag?: string | null;
}

export class CoordinatorWeddingCreated {
  static readonly type = 'coordinator.wedding.created';
  static readonly version = 1;

  @IsUUID() eventId!: string;
  @IsISO8601({ strict: true }) occurredAt!: string;

  @IsUUID() coordinatorId!: string;
  @IsUUID() bookingId!: string;
  @IsUUID() clientId!: string;
  @IsIn(['created', 'matched']) client!: 'created' | 'matched';
  @IsUUID() weddingId!: string;
  @Matches(DATE_ONLY) weddingDate!: string;
  // The booking's own rules (booking-fields.ts): what BookingCreated carried passes here unchanged.
  @BookingField.name() coupleName!: string;
  @BookingField.contactEmail() contactEmail?: string | null;
  @BookingField.contactPhone() contactPhone?: string | null;

  // Added within version 1, so optional (an older producer leaves them out, older consumers ignore them): what a
  // notification about the wedding tells the coordinator, and how to reach the coordinator.
  @IsOptional() @BookingField.businessName() coordinatorBusinessName?: string | null;
  @BookingField.optionalEmail() coordinatorEmail?: string | null;
  @BookingField.optionalPhone() coordinatorPhone?: string | null;
  /** The booking's event location; the wedding says "TBD" without one. */
  @BookingField.eventLocation() venue?: string | null;
  @BookingField.guestCount() guestCount?: number | null;
  /** The wedding's budget: the booking's amount, else the estimate from its range. */
  @BookingField.totalAmount() budget?: number | null;
  /** The couple's own words for it ("50k-100k"). */
  @BookingField.budgetRange() budgetRange?: string | null;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CoordinatorWeddingMilestone)
  milestones!: CoordinatorWeddingMilestone[];
}
