import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { SpanColumns } from './span-columns';
import type { Attributes, SpanEvent } from '@ragscope/retrieval';

/** A span that is not a retrieval, kept as sent (we are not a tracing backend, but we lose nothing). */
@Entity('trace_spans')
@Index('UQ_trace_spans_trace_span', ['traceId', 'spanId'], { unique: true })
@Index('IDX_trace_spans_trace_kind', ['traceId', 'kind'])
export class TraceSpanEntity extends SpanColumns {
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
