import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { PlanItem } from './plan-item';

/** A coordinator's milestone template: its items in order, as JSON (always read and written whole). */
@Entity('coordinator_plan_templates')
export class PlanTemplate {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'coordinator_id', type: 'uuid' }) coordinatorId!: string;
  @Column({ type: 'text' }) name!: string;
  /** The one new weddings are planned from; one per coordinator (a unique partial index). */
  @Column({ name: 'is_default', type: 'boolean' }) isDefault!: boolean;
  /** Counts its changes: a PUT names the revision it changes, and a stale one is refused (409). */
  @Column({ type: 'int' }) revision!: number;
  @Column({ type: 'jsonb' }) items!: PlanItem[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
