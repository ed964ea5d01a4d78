import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type EvalSetFormat = 'beir' | 'trec' | 'jsonl' | 'csv';
export const EVAL_SET_FORMATS: readonly EvalSetFormat[] = ['beir', 'trec', 'jsonl', 'csv'];

/** Where an eval set came from: the uploaded files by role. */
export type EvalSetSources = Record<string, { filename: string; bytes: number }>;

/** An eval set's header row; its queries, judgments and vectors live in eval_queries (EvalQueriesRepository). */
@Entity('eval_sets')
export class EvalSetEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  format!: EvalSetFormat;

  @Column({ name: 'query_count', type: 'integer' })
  queryCount!: number;

  @Column({ name: 'judgment_count', type: 'integer' })
  judgmentCount!: number;

  @Column({ name: 'relevant_count', type: 'integer' })
  relevantCount!: number;

  @Column({ name: 'max_grade', type: 'integer' })
  maxGrade!: number;

  @Column({ name: 'vector_count', type: 'integer', default: 0 })
  vectorCount!: number;

  @Column({ type: 'integer', nullable: true })
  dimension!: number | null;

  @Column({ type: 'simple-json' })
  sources!: EvalSetSources;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
