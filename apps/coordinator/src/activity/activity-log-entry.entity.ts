import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('coordinator_activity_log')
export class ActivityLogEntry {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'coordinator_id', type: 'uuid' }) coordinatorId!: string;
  @Column({ name: 'wedding_id', type: 'uuid', nullable: true }) weddingId!: string | null;
  @Column({ name: 'activity_type', type: 'text' }) activityType!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'jsonb' }) metadata!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** When its description and metadata lost what they said of the couple (PERSONAL_DATA_RETENTION_DAYS); null until then. */
  @Column({ name: 'scrubbed_at', type: 'timestamptz', nullable: true }) scrubbedAt!: Date | null;
}
