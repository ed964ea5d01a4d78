import { openInferenceKindOf, type OtlpSpan, type RetrievalEvent } from '@ragscope/retrieval';
import type { RetrievalEventEntity } from './retrieval-event.entity';
import type { TraceSpanEntity } from './trace-span.entity';

/** Trace id + span id: unique per span, the same for every retry of an export. */
export function spanKey(traceId: string, spanId: string): string {
  return `${traceId}${spanId}`;
}

export type RetrievalEventRow = Omit<RetrievalEventEntity, 'createdAt'>;
export type TraceSpanRow = Omit<TraceSpanEntity, 'createdAt'>;

export function eventRow(event: RetrievalEvent): RetrievalEventRow {
  return {
    id: spanKey(event.traceId, event.spanId),
    traceId: event.traceId,
    spanId: event.spanId,
    parentSpanId: event.parentSpanId,
    name: event.name.slice(0, 512),
    serviceName: event.serviceName?.slice(0, 255) ?? null,
    startedAt: event.startTime,
    durationMs: event.durationMs,
    status: event.status,
    source: event.source,
    collection: event.collection?.slice(0, 255) ?? null,
    queryText: event.queryText,
    queryDimension: event.queryVector?.length ?? null,
    embeddingModel: event.embeddingModel?.slice(0, 255) ?? null,
    embeddingSpanId: event.embeddingSpanId,
    documentCount: event.documents.length,
    documents: event.documents,
    attributes: event.attributes,
    resource: event.resource,
  };
}

export function spanRow(span: OtlpSpan): TraceSpanRow {
  const start = BigInt(span.startTimeUnixNano);
  const end = BigInt(span.endTimeUnixNano);
  return {
    id: spanKey(span.traceId, span.spanId),
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name.slice(0, 512),
    serviceName: span.serviceName?.slice(0, 255) ?? null,
    startedAt: new Date(Number(start / 1_000_000n)),
    durationMs: end >= start && end > 0n ? Number(end - start) / 1e6 : null,
    status: span.status,
    kind: openInferenceKindOf(span)?.slice(0, 32) ?? null,
    spanKind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano,
    attributes: span.attributes,
    events: span.events,
    resource: span.resource,
  };
}
