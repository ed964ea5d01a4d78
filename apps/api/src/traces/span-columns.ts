import { Column, PrimaryColumn } from 'typeorm';
import type { SpanStatus } from '@ragscope/retrieval';

/** The columns every stored span has, retrieval or not; id is trace id + span id, so a retried export maps to the same row. */
export abstract class SpanColumns {
  @PrimaryColumn({ type: 'varchar', length: 48 })
  id!: string;

  @Column({ name: 'trace_id', type: 'varchar', length: 32 })
  traceId!: string;

  @Column({ name: 'span_id', type: 'varchar', length: 16 })
  spanId!: string;

  @Column({ name: 'parent_span_id', type: 'varchar', length: 16, nullable: true })
  parentSpanId!: string | null;

  @Column({ type: 'varchar', length: 512 })
  name!: string;

  @Column({ name: 'service_name', type: 'varchar', length: 255, nullable: true })
  serviceName!: string | null;

  @Column({ name: 'started_at', type: Date })
  startedAt!: Date;

  @Column({ name: 'duration_ms', type: 'double precision', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'varchar', length: 8 })
  status!: SpanStatus;
}
