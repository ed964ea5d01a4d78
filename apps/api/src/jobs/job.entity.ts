import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import type { JobStatus } from '@ragscope/retrieval';

export type { JobStatus };
export const FINISHED_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

@Entity('jobs')
@Index('IDX_jobs_status', ['status'])
export class JobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: JobStatus;

  @Column({ type: 'varchar', length: 128, nullable: true })
  stage!: string | null;

  @Column({ type: 'double precision', default: 0 })
  progress!: number;

  @Column({ type: 'simple-json' })
  params!: Record<string, unknown>;

  @Column({ type: 'simple-json', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt!: Date | null;
}
