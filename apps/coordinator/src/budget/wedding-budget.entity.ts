import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { BudgetTemplateLine } from './split-budget';

const numeric = { to: (value?: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/**
 * A wedding's budget: the total the coordinator entered, the template lines it is split by (copied from the template
 * when it was chosen) and the actuals by category. The guest count is the wedding's; the planned lines are derived.
 */
@Entity('wedding_budgets')
export class WeddingBudget {
  @PrimaryColumn({ name: 'wedding_id', type: 'uuid' }) weddingId!: string;
  @Column({ name: 'coordinator_id', type: 'uuid' }) coordinatorId!: string;
  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: numeric }) total!: number;
  @Column({ name: 'template_id', type: 'uuid', nullable: true }) templateId!: string | null;
  @Column({ type: 'jsonb' }) lines!: BudgetTemplateLine[];
  /** Pesos by category; a category without an actual yet is absent. */
  @Column({ type: 'jsonb' }) actuals!: Record<string, number>;
  @Column({ type: 'int' }) revision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
