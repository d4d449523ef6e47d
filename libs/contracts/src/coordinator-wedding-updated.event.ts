// Published by the coordinator service whenever a wedding or its milestones change through its API (and for a wedding
// entered by hand), carrying the wedding's whole schedule: a consumer replaces what it knows with it, newest revision wins.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BookingField } from './booking-fields';
import { DATE_ONLY } from './patterns';

/** What the change was: one per event, the most telling when a request changed several things. */
export const WEDDING_CHANGES = [
  'wedding-created',
  'date-moved',
  'status-changed',
  'details-changed',
  'milestone-completed',
  'milestone-reopened',
  /** The plan was fitted again (another type, date or template): open milestones made by the plan moved, came or went. */
  'plan-changed',
] as const;
export type WeddingChange = (typeof WEDDING_CHANGES)[number];

const STATUSES = ['planning', 'confirmed', 'completed', 'cancelled'] as const;

export class CoordinatorWeddingUpdatedMilestone {
  @IsUUID() id!: string;
  @IsString() @MaxLength(200) title!: string;
  @Matches(DATE_ONLY) dueDate!: string;
  @IsBoolean() completed!: boolean;
}

export class CoordinatorWeddingUpdated {
  static readonly type = 'coordinator.wedding.updated';
  static readonly version = 1;
  /** A wedding entered by hand has no booking: the AMQP correlation id is the wedding's. */
  static readonly correlatedBy = 'weddingId';

  @IsUUID() eventId!: string;
  @IsISO8601({ strict: true }) occurredAt!: string;

  @IsUUID() coordinatorId!: string;
  @IsUUID() weddingId!: string;
  @IsOptional() @IsUUID() clientId!: string | null;
  /**
   * Counts the wedding's changes, from 1 (its creation, which CoordinatorWeddingCreated announces for a booking), one
   * more in each change's transaction: the order of the events, whatever order they arrive in.
   */
  @IsInt() @Min(1) revision!: number;
  @IsIn(WEDDING_CHANGES) change!: WeddingChange;
  @BookingField.name() coupleName!: string;
  @Matches(DATE_ONLY) weddingDate!: string;
  @IsIn(STATUSES) status!: (typeof STATUSES)[number];

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CoordinatorWeddingUpdatedMilestone)
  milestones!: CoordinatorWeddingUpdatedMilestone[];
}
