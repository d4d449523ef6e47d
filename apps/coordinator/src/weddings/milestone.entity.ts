import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('wedding_milestones')
export class WeddingMilestone {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'wedding_id', type: 'uuid' }) weddingId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) description!: string;
  /** Lead time: the due date is the wedding date minus this many days, unless compressed. */
  @Column({ name: 'days_before', type: 'int' }) daysBefore!: number;
  @Column({ name: 'due_date', type: 'date' }) dueDate!: string;
  @Column({ type: 'boolean' }) completed!: boolean;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  /** The due date was moved up to the booking date because the wedding was booked late. */
  @Column({ type: 'boolean' }) compressed!: boolean;
  @Column({ name: 'sort_order', type: 'int' }) sortOrder!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
