import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EvalSetEntity } from '../evalsets/eval-set.entity';
import type { JobStatus } from '../jobs/job.entity';
import type { EvaluationParams, EvaluationSummary, StoredJudge } from './evaluations.types';

/** One evaluation run; its ranking lives in evaluation_results (EvaluationResultsRepository). */
@Entity('evaluations')
@Index('IDX_evaluations_eval_set', ['evalSetId'])
@Index('IDX_evaluations_job', ['jobId'])
export class EvaluationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'eval_set_id', type: 'varchar', length: 36 })
  evalSetId!: string;

  /** Deleting an eval set deletes its evaluations (their reports need its judgments). */
  @ManyToOne(() => EvalSetEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'eval_set_id', foreignKeyConstraintName: 'FK_evaluations_eval_set' })
  evalSet?: EvalSetEntity;

  /** Not a foreign key: an evaluation outlives the connection it ran against. */
  @Column({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId!: string;

  @Column({ type: 'varchar', length: 512 })
  collection!: string;

  @Column({ name: 'vector_field', type: 'varchar', length: 200, nullable: true })
  vectorField!: string | null;

  @Column({ type: 'integer' })
  k!: number;

  @Column({ name: 'job_id', type: 'varchar', length: 36 })
  jobId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: JobStatus;

  @Column({ type: 'simple-json' })
  params!: EvaluationParams;

  @Column({ type: 'simple-json', nullable: true })
  summary!: EvaluationSummary | null;

  @Column({ type: 'simple-json', nullable: true })
  judge!: StoredJudge | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt!: Date | null;
}
