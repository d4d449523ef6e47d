import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { IntegrationFailureReason } from '@wedding/contracts';

export type CoordinatorIntegrationStatus = 'pending' | 'completed' | 'failed' | 'not_applicable';

const numeric = { to: (value?: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

@Entity('bookings')
export class Booking {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'vendor_id', type: 'uuid' }) vendorId!: string;
  @Column({ type: 'text', default: 'request' }) status!: string;
  @Column({ name: 'service_id', type: 'text', nullable: true }) serviceId!: string | null;
  @Column({ name: 'service_type', type: 'text', nullable: true }) serviceType!: string | null;
  @Column({ name: 'service_name', type: 'text', nullable: true }) serviceName!: string | null;
  /** The verified couple (from their token): only they can read the booking. */
  @Column({ name: 'couple_id', type: 'text', nullable: true }) coupleId!: string | null;
  /** Who the frontend said the couple is, without a token to vouch for it: shown back, never trusted. */
  @Column({ name: 'claimed_couple_id', type: 'text', nullable: true }) claimedCoupleId!: string | null;
  @Column({ name: 'couple_name', type: 'text' }) coupleName!: string;
  @Column({ name: 'contact_person', type: 'text', nullable: true }) contactPerson!: string | null;
  @Column({ name: 'contact_email', type: 'text', nullable: true }) contactEmail!: string | null;
  @Column({ name: 'contact_phone', type: 'text', nullable: true }) contactPhone!: string | null;
  @Column({ name: 'preferred_contact_method', type: 'text', nullable: true }) preferredContactMethod!: string | null;
  @Column({ name: 'event_date', type: 'date' }) eventDate!: string;
  @Column({ name: 'event_time', type: 'text', nullable: true }) eventTime!: string | null;
  @Column({ name: 'event_end_time', type: 'text', nullable: true }) eventEndTime!: string | null;
  @Column({ name: 'event_location', type: 'text', nullable: true }) eventLocation!: string | null;
  @Column({ name: 'venue_details', type: 'text', nullable: true }) venueDetails!: string | null;
  @Column({ name: 'guest_count', type: 'int', nullable: true }) guestCount!: number | null;
  @Column({ name: 'budget_range', type: 'text', nullable: true }) budgetRange!: string | null;
  @Column({ name: 'total_amount', type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numeric })
  totalAmount!: number | null;
  @Column({ name: 'special_requests', type: 'text', nullable: true }) specialRequests!: string | null;
  @Column({ type: 'jsonb', nullable: true }) metadata!: Record<string, unknown> | null;
  @Column({ name: 'coordinator_integration_status', type: 'text' })
  coordinatorIntegrationStatus!: CoordinatorIntegrationStatus;
  @Column({ name: 'coordinator_client_id', type: 'uuid', nullable: true }) coordinatorClientId!: string | null;
  @Column({ name: 'coordinator_wedding_id', type: 'uuid', nullable: true }) coordinatorWeddingId!: string | null;
  @Column({ name: 'coordinator_integration_completed_at', type: 'timestamptz', nullable: true })
  coordinatorIntegrationCompletedAt!: Date | null;
  /** One of INTEGRATION_FAILURE_REASONS when the integration failed: a category, never the coordinator's error text. */
  @Column({ name: 'coordinator_integration_reason', type: 'text', nullable: true })
  coordinatorIntegrationReason!: IntegrationFailureReason | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
