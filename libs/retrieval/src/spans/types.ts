/** An attribute value as OTLP carries it (AnyValue), turned into plain JSON. Bytes become base64. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export type SpanStatus = 'unset' | 'ok' | 'error';

/** One span as decoded from an OTLP export, the same whichever encoding it came in. */
export interface OtlpSpan {
  /** 32 lowercase hex digits */
  traceId: string;
  /** 16 lowercase hex digits */
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OpenTelemetry SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer */
  kind: number;
  /** nanoseconds since the epoch, as a decimal string (exceeds 2^53) */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attributes;
  events: SpanEvent[];
  status: SpanStatus;
  statusMessage: string | null;
  serviceName: string | null;
  resource: Attributes;
  scope: { name: string | null; version: string | null };
}

export interface SpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

/** A span the receiver refused, with the reason reported back in the partial success. */
export interface RejectedSpan {
  traceId: string | null;
  spanId: string | null;
  reason: string;
}

export interface DecodedExport {
  spans: OtlpSpan[];
  rejected: RejectedSpan[];
}

export interface RetrievedDocument {
  /** 1-based position in the result list as sent */
  rank: number;
  id: string | null;
  score: number | null;
  content: string | null;
  metadata: AttributeValue;
}

export type RetrievalSource = 'openinference' | 'openllmetry';

/** What a retriever (or vector-database search) span tells about one retrieval. */
export interface RetrievalEvent {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  source: RetrievalSource;
  serviceName: string | null;
  startTime: Date;
  durationMs: number | null;
  status: SpanStatus;
  collection: string | null;
  queryText: string | null;
  queryVector: Float32Array | null;
  embeddingModel: string | null;
  /** the EMBEDDING span the query vector came from, when it was linked rather than sent on the span */
  embeddingSpanId: string | null;
  documents: RetrievedDocument[];
  /** every attribute not turned into a field above: nothing that was sent is lost */
  attributes: Attributes;
  resource: Attributes;
}

export interface EmbeddingItem {
  text: string | null;
  vector: Float32Array | null;
}

/** An OpenInference EMBEDDING span: the texts it embedded and their vectors. */
export interface EmbeddingSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  startTime: Date;
  modelName: string | null;
  embeddings: EmbeddingItem[];
}

/** A decoded export sorted into what ragscope understands and what it only keeps. */
export interface ParsedExport {
  events: RetrievalEvent[];
  embeddings: EmbeddingSpan[];
  /** every span that is not a retrieval event, kept with its raw attributes (embedding spans included) */
  plainSpans: OtlpSpan[];
  rejected: RejectedSpan[];
  /** attributes of a known convention that were malformed and ignored; the span itself was kept */
  warnings: string[];
}
