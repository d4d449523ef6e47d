import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WeddingType } from '../planning/plan-item';

export const WEDDING_STATUSES = ['planning', 'confirmed', 'completed', 'cancelled'] as const;
export type WeddingStatus = (typeof WEDDING_STATUSES)[number];

const numeric = { to: (value?: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

@Entity('coordinator_weddings')
export class CoordinatorWedding {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'coordinator_id', type: 'uuid' }) coordinatorId!: string;
  @Column({ name: 'client_id', type: 'uuid', nullable: true }) clientId!: string | null;
  /** Unique: one wedding per booking, whatever the broker delivers. */
  @Column({ name: 'booking_id', type: 'uuid', nullable: true }) bookingId!: string | null;
  @Column({ name: 'couple_name', type: 'text' }) coupleName!: string;
  @Column({ name: 'couple_email', type: 'text', nullable: true }) coupleEmail!: string | null;
  @Column({ name: 'couple_phone', type: 'text', nullable: true }) couplePhone!: string | null;
  @Column({ name: 'wedding_date', type: 'date' }) weddingDate!: string;
  @Column({ type: 'text' }) venue!: string;
  @Column({ type: 'text' }) status!: WeddingStatus;
  @Column({ type: 'int' }) progress!: number;
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numeric }) budget!: number | null;
  @Column({ name: 'guest_count', type: 'int', nullable: true }) guestCount!: number | null;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  /** The kind of wedding its plan is made for (README "Milestone plans"); the API shows it as `weddingType`. */
  @Column({ name: 'wedding_type', type: 'text' }) weddingTypeValue!: WeddingType;
  @Column({ name: 'wedding_type_reason', type: 'text' }) weddingTypeReason!: string;
  @Column({ name: 'wedding_type_source', type: 'text' }) weddingTypeSource!: 'inferred' | 'coordinator';
  /** The template its plan came from; null: the coordinator's default (or the shipped pack). */
  @Column({ name: 'plan_template_id', type: 'uuid', nullable: true }) planTemplateId!: string | null;
  /** The day planning started (the booking date): items anchored on the booking count from it. */
  @Column({ name: 'planned_on', type: 'date' }) plannedOn!: string;
  @Column({ type: 'int' }) revision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
