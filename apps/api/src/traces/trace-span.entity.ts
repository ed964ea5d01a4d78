import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Attributes, SpanEvent, SpanStatus } from '@ragscope/retrieval';

/** A span that is not a retrieval, kept as sent (we are not a tracing backend, but we lose nothing). */
@Entity('trace_spans')
@Index('UQ_trace_spans_trace_span', ['traceId', 'spanId'], { unique: true })
@Index('IDX_trace_spans_trace_kind', ['traceId', 'kind'])
export class TraceSpanEntity {
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

  /** openinference.span.kind (LLM, EMBEDDING, CHAIN…) when the span has one */
  @Column({ type: 'varchar', length: 32, nullable: true })
  kind!: string | null;

  /** OpenTelemetry SpanKind number */
  @Column({ name: 'span_kind', type: 'integer' })
  spanKind!: number;

  @Column({ name: 'start_time_unix_nano', type: 'varchar', length: 20 })
  startTimeUnixNano!: string;

  @Column({ type: 'simple-json' })
  attributes!: Attributes;

  @Column({ type: 'simple-json' })
  events!: SpanEvent[];

  @Column({ type: 'simple-json' })
  resource!: Attributes;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
