import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { SpanColumns } from './span-columns';
import type { Attributes, RetrievalSource, RetrievedDocument } from '@ragscope/retrieval';

/**
 * One retrieval seen in a trace. The id is trace id + span id, so a retried export maps to the
 * same row. The query vector lives in retrieval_event_vectors (see RetrievalEventsRepository).
 */
@Entity('retrieval_events')
@Index('UQ_retrieval_events_trace_span', ['traceId', 'spanId'], { unique: true })
@Index('IDX_retrieval_events_started', ['startedAt', 'id'])
@Index('IDX_retrieval_events_collection', ['collection', 'startedAt'])
export class RetrievalEventEntity extends SpanColumns {
  @Column({ type: 'varchar', length: 16 })
  source!: RetrievalSource;

  @Column({ type: 'varchar', length: 255, nullable: true })
  collection!: string | null;

  @Column({ name: 'query_text', type: 'text', nullable: true })
  queryText!: string | null;

  @Column({ name: 'query_dimension', type: 'integer', nullable: true })
  queryDimension!: number | null;

  @Column({ name: 'embedding_model', type: 'varchar', length: 255, nullable: true })
  embeddingModel!: string | null;

  @Column({ name: 'embedding_span_id', type: 'varchar', length: 16, nullable: true })
  embeddingSpanId!: string | null;

  @Column({ name: 'document_count', type: 'integer' })
  documentCount!: number;

  @Column({ type: 'simple-json' })
  documents!: RetrievedDocument[];

  @Column({ type: 'simple-json' })
  attributes!: Attributes;

  @Column({ type: 'simple-json' })
  resource!: Attributes;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
