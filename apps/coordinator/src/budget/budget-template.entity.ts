import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { BudgetTemplateLine } from './split-budget';

/** A coordinator's split template; exactly one of theirs is the default (a partial unique index). */
@Entity('budget_templates')
export class BudgetTemplate {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'coordinator_id', type: 'uuid' }) coordinatorId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'is_default', type: 'boolean' }) isDefault!: boolean;
  @Column({ type: 'jsonb' }) lines!: BudgetTemplateLine[];
  @Column({ type: 'int' }) revision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
