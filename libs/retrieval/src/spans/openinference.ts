import { describe, jsonAttribute, numberAttribute, stringAttribute, vectorAttribute, type Warnings } from './attribute-readers';
import { collectionOf } from './collection';
import { durationMsOf, nanosToDate } from './otlp-values';
import type { AttributeValue, Attributes, EmbeddingItem, EmbeddingSpan, OtlpSpan, RetrievalEvent, RetrievedDocument } from './types';

/** OpenInference semantic conventions (Arize-ai/openinference spec/semantic_conventions.md). */
export const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';
const INPUT_VALUE = 'input.value';
const INPUT_MIME_TYPE = 'input.mime_type';
const EMBEDDING_MODEL_NAME = 'embedding.model_name';
const DOCUMENT_KEY = /^retrieval\.documents\.(\d+)\.document\.(id|content|score|metadata)$/;
const EMBEDDING_KEY = /^embedding\.embeddings\.(\d+)\.embedding\.(text|vector)$/;

/** More documents than this in one span is a broken instrumentation, not a retrieval. */
const MAX_LIST_INDEX = 100_000;
/** Metadata keys that commonly hold the point id when `document.id` is not sent (LangChain sends none). */
const METADATA_ID_KEYS = ['id', '_id', 'doc_id', 'document_id', 'point_id', 'pk', 'chunk_id'];
/** Keys of a JSON `input.value` that hold the query (LangChain and LlamaIndex wrap it). */
const QUERY_KEYS = ['query', 'query_str', 'input', 'question', 'text', 'q'];

export function openInferenceKindOf(span: OtlpSpan): string | null {
  const kind = span.attributes[OPENINFERENCE_SPAN_KIND];
  return typeof kind === 'string' ? kind.toUpperCase() : null;
}

export function parseRetrieverSpan(span: OtlpSpan, warnings: Warnings): RetrievalEvent {
  const rest: Attributes = {};
  const documents = new Map<number, Partial<RetrievedDocument> & { rank: number }>();
  // for…in rather than Object.entries: no pair arrays for the ~40 attributes of every span
  for (const key in span.attributes) {
    const value = span.attributes[key];
    // the prefix test first: a regex on each of ~40 attributes per span showed in the ingestion profile
    const match = key.startsWith('retrieval.documents.') ? DOCUMENT_KEY.exec(key) : null;
    if (!match) {
      rest[key] = value;
      continue;
    }
    const index = Number(match[1]);
    if (index > MAX_LIST_INDEX) {
      warnings.add(span.spanId, `${key}: document index above ${MAX_LIST_INDEX}; ignored`);
      continue;
    }
    const document = documents.get(index) ?? { rank: index + 1 };
    documents.set(index, document);
    readDocumentField(document, match[2] as 'id' | 'content' | 'score' | 'metadata', key, value, span.spanId, warnings);
  }
  const embedded = embeddingItemsOf(span, warnings);
  const queryVector = embedded.items.find((item) => item.vector)?.vector ?? null;
  const queryText = queryTextOf(rest[INPUT_VALUE], rest[INPUT_MIME_TYPE]);
  delete rest[OPENINFERENCE_SPAN_KIND];
  for (const key of embedded.consumed) delete rest[key];
  return {
    ...eventBase(span, 'openinference'),
    collection: collectionOf(span.attributes, span.resource),
    queryText,
    queryVector,
    embeddingModel: queryVector ? stringAttribute(span.attributes[EMBEDDING_MODEL_NAME]) : null,
    embeddingSpanId: null,
    documents: [...documents.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => completeDocument(d)),
    attributes: rest,
  };
}

export function parseEmbeddingSpan(span: Pick<OtlpSpan, 'traceId' | 'spanId' | 'parentSpanId' | 'startTimeUnixNano' | 'attributes'>, warnings: Warnings): EmbeddingSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    startTime: nanosToDate(span.startTimeUnixNano),
    modelName: stringAttribute(span.attributes[EMBEDDING_MODEL_NAME]),
    embeddings: embeddingItemsOf(span, warnings).items,
  };
}

export function eventBase(span: OtlpSpan, source: RetrievalEvent['source']) {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    source,
    serviceName: span.serviceName,
    startTime: nanosToDate(span.startTimeUnixNano),
    durationMs: durationMsOf(span.startTimeUnixNano, span.endTimeUnixNano),
    status: span.status,
    resource: span.resource,
  };
}

export function completeDocument(document: Partial<RetrievedDocument> & { rank: number }): RetrievedDocument {
  return { rank: document.rank, id: document.id ?? null, score: document.score ?? null, content: document.content ?? null, metadata: document.metadata ?? null };
}

function readDocumentField(
  document: Partial<RetrievedDocument>,
  field: 'id' | 'content' | 'score' | 'metadata',
  key: string,
  value: AttributeValue,
  spanId: string,
  warnings: Warnings,
): void {
  switch (field) {
    case 'id': {
      const id = stringAttribute(value);
      if (id === null && value !== null) warnings.add(spanId, `${key} is not a string or number (${describe(value)}); ignored`);
      document.id = id ?? document.id ?? null;
      return;
    }
    case 'score': {
      const score = numberAttribute(value);
      if (score === 'invalid') warnings.add(spanId, `${key} is not a number (${describe(value)}); ignored`);
      else document.score = score;
      return;
    }
    case 'content':
      document.content = typeof value === 'string' ? value : value === null ? null : JSON.stringify(value);
      return;
    case 'metadata': {
      document.metadata = jsonAttribute(value);
      const metadata = document.metadata;
      if (document.id == null && metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
        const idKey = METADATA_ID_KEYS.find((k) => typeof metadata[k] === 'string' || typeof metadata[k] === 'number');
        if (idKey) document.id = String(metadata[idKey]);
      }
      return;
    }
  }
}

function embeddingItemsOf(span: Pick<OtlpSpan, 'spanId' | 'attributes'>, warnings: Warnings): { items: EmbeddingItem[]; consumed: string[] } {
  const items = new Map<number, EmbeddingItem>();
  const consumed: string[] = [];
  for (const key in span.attributes) {
    if (!key.startsWith('embedding.embeddings.')) continue;
    const value = span.attributes[key];
    const match = EMBEDDING_KEY.exec(key);
    if (!match) continue;
    consumed.push(key);
    const index = Number(match[1]);
    if (index > MAX_LIST_INDEX) continue;
    const item = items.get(index) ?? { text: null, vector: null };
    items.set(index, item);
    if (match[2] === 'text') {
      item.text = stringAttribute(value);
    } else {
      const vector = vectorAttribute(value);
      if (vector === 'invalid') warnings.add(span.spanId, `${key} is not a non-empty array of finite numbers (${describe(value)}); ignored`);
      else item.vector = vector;
    }
  }
  return { items: [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item), consumed };
}

/** The query as text: `input.value` as sent, or the query field of a JSON input. */
function queryTextOf(value: AttributeValue | undefined, mimeType: AttributeValue | undefined): string | null {
  const text = stringAttribute(value);
  if (text === null) return null;
  const looksJson = mimeType === 'application/json' || text.trimStart().startsWith('{');
  if (!looksJson) return text;
  const parsed = jsonAttribute(text);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const key of QUERY_KEYS) {
      if (typeof parsed[key] === 'string') return parsed[key];
    }
  }
  return text;
}
