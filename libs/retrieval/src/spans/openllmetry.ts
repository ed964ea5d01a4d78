import { describe, jsonAttribute, numberAttribute, stringAttribute, vectorAttribute, type Warnings } from './attribute-readers';
import { collectionOf } from './collection';
import { completeDocument, eventBase } from './openinference';
import type { Attributes, OtlpSpan, RetrievalEvent, RetrievedDocument } from './types';

/**
 * OpenLLMetry / Traceloop vector-database spans (`db.system` = qdrant, milvus, …). The JS
 * instrumentations put results on the span as `db.vector.query.result.{i}.id|score|metadata`
 * and the query vector as `db.vector.query.embeddings.vector` (a JSON string); the Python ones
 * add `db.query.result` events (`db.query.result.id|score|distance|metadata|document`) and
 * `db.query.embeddings` events (`db.query.embeddings.vector`). Both are read.
 */
const VECTOR_DATABASES = new Set(['qdrant', 'milvus', 'chroma', 'pinecone', 'weaviate', 'lancedb']);
const RESULT_KEY = /^db\.vector\.query\.result\.(\d+)\.(id|score|metadata|document)$/;
const QUERY_VECTOR_KEYS = ['db.vector.query.embeddings.vector', 'db.query.embeddings.vector'];
const QUERY_TEXT_KEYS = ['db.query.text', 'db.vector.query.text'];

export function isVectorDatabaseSpan(span: OtlpSpan): boolean {
  const system = span.attributes['db.system'] ?? span.attributes['db.system.name'];
  return typeof system === 'string' && VECTOR_DATABASES.has(system.toLowerCase());
}

/** A retrieval event when the span is a search that reports results or a query vector; null for upserts, deletes, etc. */
export function parseVectorDatabaseSpan(span: OtlpSpan, warnings: Warnings): RetrievalEvent | null {
  const rest: Attributes = {};
  const documents = new Map<number, Partial<RetrievedDocument> & { rank: number }>();
  let queryVector: Float32Array | null = null;

  const readVector = (key: string, value: Attributes[string]) => {
    const vector = vectorAttribute(value);
    if (vector === 'invalid') warnings.add(span.spanId, `${key} is not an array of finite numbers (${describe(value)}); ignored`);
    else queryVector ??= vector;
  };

  for (const [key, value] of Object.entries(span.attributes)) {
    const match = RESULT_KEY.exec(key);
    if (match) {
      const index = Number(match[1]);
      const document = documents.get(index) ?? { rank: index + 1 };
      documents.set(index, document);
      readResultField(document, match[2], key, value, span.spanId, warnings);
    } else if (QUERY_VECTOR_KEYS.includes(key)) {
      readVector(key, value);
    } else {
      rest[key] = value;
    }
  }

  // result events come in rank order, after any results carried as attributes
  const eventDocuments: RetrievedDocument[] = [];
  for (const event of span.events) {
    if (event.name === 'db.query.result') {
      const document: Partial<RetrievedDocument> & { rank: number } = { rank: documents.size + eventDocuments.length + 1 };
      for (const field of ['id', 'score', 'metadata', 'document'] as const) {
        const key = `db.query.result.${field}`;
        if (key in event.attributes) readResultField(document, field, key, event.attributes[key], span.spanId, warnings);
      }
      if (document.score == null && 'db.query.result.distance' in event.attributes) {
        readResultField(document, 'score', 'db.query.result.distance', event.attributes['db.query.result.distance'], span.spanId, warnings);
      }
      eventDocuments.push(completeDocument(document));
    } else {
      for (const key of QUERY_VECTOR_KEYS) if (key in event.attributes) readVector(key, event.attributes[key]);
    }
  }

  if (documents.size === 0 && eventDocuments.length === 0 && !queryVector) return null;
  const queryTextKey = QUERY_TEXT_KEYS.find((key) => typeof span.attributes[key] === 'string');
  return {
    ...eventBase(span, 'openllmetry'),
    collection: collectionOf(span.attributes, span.resource),
    queryText: queryTextKey ? stringAttribute(span.attributes[queryTextKey]) : null,
    queryVector,
    embeddingModel: null,
    embeddingSpanId: null,
    documents: [...[...documents.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => completeDocument(d)), ...eventDocuments],
    attributes: span.events.length ? { ...rest, 'otel.events': span.events.map((e) => ({ name: e.name, attributes: e.attributes })) } : rest,
  };
}

function readResultField(
  document: Partial<RetrievedDocument>,
  field: string,
  key: string,
  value: Attributes[string],
  spanId: string,
  warnings: Warnings,
): void {
  if (field === 'id') {
    document.id = stringAttribute(value);
  } else if (field === 'score') {
    const score = numberAttribute(value);
    if (score === 'invalid') warnings.add(spanId, `${key} is not a number (${describe(value)}); ignored`);
    else document.score = score;
  } else if (field === 'metadata') {
    document.metadata = jsonAttribute(value);
  } else if (field === 'document') {
    document.content = typeof value === 'string' ? value : value === null ? null : JSON.stringify(value);
  }
}
