import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const CLIENT_STATUSES = ['lead', 'active', 'inactive'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

@Entity('coordinator_clients')
export class CoordinatorClient {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'coordinator_id', type: 'uuid' }) coordinatorId!: string;
  @Column({ name: 'couple_name', type: 'text' }) coupleName!: string;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  /** Match keys; unique per coordinator so concurrent bookings of one couple cannot create two clients. */
  @Column({ name: 'email_normalized', type: 'text', nullable: true }) emailNormalized!: string | null;
  @Column({ name: 'phone_normalized', type: 'text', nullable: true }) phoneNormalized!: string | null;
  @Column({ type: 'text' }) status!: ClientStatus;
  @Column({ name: 'budget_range', type: 'text', nullable: true }) budgetRange!: string | null;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  /** The client's most recent wedding, as in the seed. */
  @Column({ name: 'wedding_id', type: 'uuid', nullable: true }) weddingId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
