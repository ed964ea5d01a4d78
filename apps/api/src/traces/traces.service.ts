import { Injectable, Logger } from '@nestjs/common';
import {
  linkQueryEmbeddings,
  parseEmbeddingSpan,
  parseTraceExport,
  Warnings,
  type DecodedExport,
  type PartialSuccess,
  type RetrievalEvent,
} from '@ragscope/retrieval';
import { RetrievalEventsRepository } from './retrieval-events.repository';
import { eventRow, spanKey, spanRow } from './span-rows';

/** How many reasons the partial-success message lists before it only counts. */
const MESSAGES_LISTED = 5;

export interface IngestResult extends PartialSuccess {
  events: number;
  spans: number;
}

/**
 * Turns a decoded OTLP export into stored retrieval events and plain spans. Retrievals are linked
 * to the embedding of their query within the export and, across exports, to embedding spans
 * already stored for the same trace (in both directions: whichever span arrives second links).
 */
@Injectable()
export class TracesService {
  private readonly logger = new Logger('Traces');

  constructor(private readonly repository: RetrievalEventsRepository) {}

  async ingest(decoded: DecodedExport): Promise<IngestResult> {
    const parsed = parseTraceExport(decoded);
    await this.linkToStoredEmbeddings(parsed.events);
    const vectors = parsed.events
      .filter((event) => event.queryVector)
      .map((event) => ({ eventId: spanKey(event.traceId, event.spanId), vector: event.queryVector! }));
    await this.repository.insertBatch(parsed.events.map(eventRow), vectors, parsed.plainSpans.map(spanRow));
    if (parsed.embeddings.length) await this.linkStoredEvents(parsed.embeddings);

    const reasons = parsed.rejected.map((r) => `span ${r.spanId ?? '?'} of trace ${r.traceId ?? '?'} rejected: ${r.reason}`);
    const messages = [...reasons, ...parsed.warnings];
    if (messages.length) this.logger.warn(`OTLP export: ${messages.length} problem(s); first: ${messages[0]}`);
    return {
      events: parsed.events.length,
      spans: parsed.plainSpans.length,
      rejectedSpans: parsed.rejected.length,
      errorMessage: summarize(messages),
    };
  }

  private async linkToStoredEmbeddings(events: RetrievalEvent[]): Promise<void> {
    const withoutVector = events.filter((event) => !event.queryVector);
    if (!withoutVector.length) return;
    const stored = await this.repository.embeddingSpansOf([...new Set(withoutVector.map((e) => e.traceId))]);
    if (!stored.length) return;
    const warnings = new Warnings();
    linkQueryEmbeddings(withoutVector, stored.map((span) => parseEmbeddingSpan(span, warnings)));
  }

  private async linkStoredEvents(embeddings: ReturnType<typeof parseEmbeddingSpan>[]): Promise<void> {
    const stored = await this.repository.eventsWithoutVectorIn([...new Set(embeddings.map((e) => e.traceId))]);
    if (!stored.length) return;
    const candidates: RetrievalEvent[] = stored.map((row) => ({
      traceId: row.traceId,
      spanId: row.spanId,
      parentSpanId: row.parentSpanId,
      name: row.name,
      source: row.source,
      serviceName: row.serviceName,
      startTime: row.startedAt,
      durationMs: row.durationMs,
      status: row.status,
      collection: row.collection,
      queryText: row.queryText,
      queryVector: null,
      embeddingModel: null,
      embeddingSpanId: null,
      documents: [],
      attributes: {},
      resource: {},
    }));
    const linked = linkQueryEmbeddings(candidates, embeddings);
    await this.repository.attachVectors(
      linked.map((event) => ({
        eventId: spanKey(event.traceId, event.spanId),
        vector: event.queryVector!,
        embeddingSpanId: event.embeddingSpanId,
        embeddingModel: event.embeddingModel,
      })),
    );
  }
}

function summarize(messages: string[]): string {
  if (messages.length <= MESSAGES_LISTED) return messages.join('; ');
  return `${messages.slice(0, MESSAGES_LISTED).join('; ')}; and ${messages.length - MESSAGES_LISTED} more`;
}
