import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { VectorStoreKind } from '@ragscope/retrieval';

@Entity('connections')
export class ConnectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: VectorStoreKind;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  database!: string | null;

  @Column({ type: 'boolean', nullable: true })
  tls!: boolean | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  username!: string | null;

  /** apiKey, token and password as one AES-256-GCM sealed JSON object (see SecretBox) */
  @Column({ type: 'text', nullable: true })
  secrets!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
