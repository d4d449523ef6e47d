// Published by the coordinator service when it gives up on a booking (out of retries), so the booking shows why.
import { IsInt, IsISO8601, IsString, IsUUID, MaxLength, Min } from 'class-validator';

export class CoordinatorIntegrationFailed {
  static readonly type = 'coordinator.integration.failed';
  static readonly version = 1;

  @IsUUID() eventId!: string;
  @IsISO8601({ strict: true }) occurredAt!: string;

  @IsUUID() bookingId!: string;
  @IsUUID() coordinatorId!: string;
  @IsString() @MaxLength(1000) reason!: string;
  @IsInt() @Min(1) attempts!: number;
}
