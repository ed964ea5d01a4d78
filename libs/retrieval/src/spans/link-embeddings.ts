import type { EmbeddingSpan, RetrievalEvent } from './types';

/**
 * Gives retrieval events without a query vector the vector of their query from an EMBEDDING
 * span of the same trace: first one that embedded exactly the query text (the closest in time
 * when several did), else the single vector of an embedding span that is a child of the
 * retriever span. Returns the events that got a vector.
 */
export function linkQueryEmbeddings(events: RetrievalEvent[], embeddings: EmbeddingSpan[]): RetrievalEvent[] {
  if (!embeddings.length) return [];
  const byTrace = new Map<string, EmbeddingSpan[]>();
  for (const span of embeddings) {
    const list = byTrace.get(span.traceId) ?? [];
    list.push(span);
    byTrace.set(span.traceId, list);
  }
  const linked: RetrievalEvent[] = [];
  for (const event of events) {
    if (event.queryVector) continue;
    const candidates = byTrace.get(event.traceId);
    if (!candidates) continue;
    const match = byQueryText(event, candidates) ?? byChildSpan(event, candidates);
    if (!match) continue;
    event.queryVector = match.vector;
    event.embeddingSpanId = match.span.spanId;
    event.embeddingModel = match.span.modelName;
    linked.push(event);
  }
  return linked;
}

interface Match {
  span: EmbeddingSpan;
  vector: Float32Array;
}

function byQueryText(event: RetrievalEvent, candidates: EmbeddingSpan[]): Match | undefined {
  const query = event.queryText?.trim();
  if (!query) return undefined;
  let best: (Match & { distance: number }) | undefined;
  for (const span of candidates) {
    for (const item of span.embeddings) {
      if (!item.vector || item.text?.trim() !== query) continue;
      const distance = Math.abs(span.startTime.getTime() - event.startTime.getTime());
      if (!best || distance < best.distance) best = { span, vector: item.vector, distance };
    }
  }
  return best;
}

function byChildSpan(event: RetrievalEvent, candidates: EmbeddingSpan[]): Match | undefined {
  const children = candidates.filter((span) => span.parentSpanId === event.spanId);
  if (children.length !== 1) return undefined;
  const vectors = children[0].embeddings.filter((item) => item.vector);
  return vectors.length === 1 ? { span: children[0], vector: vectors[0].vector! } : undefined;
}
