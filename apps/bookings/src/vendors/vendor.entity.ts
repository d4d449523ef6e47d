import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('vendor_profiles')
export class Vendor {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'business_name' }) businessName!: string;
  @Column({ name: 'business_type' }) businessType!: string;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
