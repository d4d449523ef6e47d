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
  /** Due on another day than the template's, to fit the time left (README "Milestone plans"). */
  @Column({ type: 'boolean' }) compressed!: boolean;
  /** The template item it was made from; null for one made by hand. */
  @Column({ type: 'text', nullable: true }) key!: string | null;
  /** 'plan': made by the plan, re-planned while open; 'manual': made by the coordinator, never touched by a re-plan. */
  @Column({ type: 'text' }) source!: 'plan' | 'manual';
  @Column({ type: 'text' }) category!: string;
  @Column({ type: 'boolean' }) legal!: boolean;
  /** Why it cannot be done in time, in plain words; null when it fits. */
  @Column({ type: 'text', nullable: true }) flag!: string | null;
  @Column({ name: 'sort_order', type: 'int' }) sortOrder!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
