import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
