import type { ProjectionParams } from '@ragscope/retrieval';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type { ProjectionParams };

@Entity('projections')
@Index('IDX_projections_job', ['jobId'])
export class ProjectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'job_id', type: 'varchar', length: 36 }) jobId!: string;
  @Column({ name: 'connection_id', type: 'varchar', length: 36 }) connectionId!: string;
  @Column({ type: 'varchar', length: 255 }) collection!: string;
  @Column({ name: 'vector_field', type: 'varchar', length: 255 }) vectorField!: string;
  @Column({ name: 'text_field', type: 'varchar', length: 255, nullable: true }) textField!: string | null;
  @Column({ type: 'simple-json' }) params!: ProjectionParams;
  @Column({ name: 'point_count', type: 'integer', nullable: true }) pointCount!: number | null;
  @Column({ type: 'integer', nullable: true }) dimension!: number | null;
  @Column({ name: 'n_components', type: 'integer' }) nComponents!: number;
  @Column({ type: 'double precision', nullable: true }) trustworthiness!: number | null;
  @Column({ type: 'simple-json', nullable: true }) timings!: Record<string, number> | null;
  /** what the job changed or left out, in words: clamped sample, excluded zero vectors */
  @Column({ type: 'simple-json' }) warnings!: string[];
  @CreateDateColumn({ name: 'created_at' }) createdAt!: Date;
}

@Entity('projection_clusters')
export class ProjectionClusterEntity {
  @PrimaryColumn({ name: 'projection_id', type: 'varchar', length: 36 }) projectionId!: string;
  @PrimaryColumn({ name: 'cluster_id', type: 'integer' }) clusterId!: number;
  @Column({ type: 'varchar', length: 255 }) label!: string;
  @Column({ type: 'simple-json' }) terms!: string[];
  @Column({ type: 'integer' }) size!: number;
  @Column({ name: 'centroid_x', type: 'double precision' }) centroidX!: number;
  @Column({ name: 'centroid_y', type: 'double precision' }) centroidY!: number;
  /** per payload field, the most frequent values in the cluster with their counts */
  @Column({ name: 'top_values', type: 'simple-json' }) topValues!: Record<string, Array<{ value: string; count: number }>>;
}
