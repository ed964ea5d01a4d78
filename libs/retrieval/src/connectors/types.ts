/**
 * One interface over every vector database ragscope reads. Ids are strings in our model:
 * Qdrant uuids and unsigned integers, Milvus int64 and varchar keys all round-trip exactly
 * (int64 keys above 2^53 are never passed through a JS number).
 */
export type VectorStoreKind = 'qdrant' | 'milvus';

export interface ConnectionConfig {
  kind: VectorStoreKind;
  /** Qdrant: http(s)://host:6333. Milvus: host:19530 or http(s)://host:port (Zilliz Cloud). */
  url: string;
  apiKey?: string;
  token?: string;
  username?: string;
  password?: string;
  database?: string;
  tls?: boolean;
  timeoutMs?: number;
}

export type Distance = 'cosine' | 'dot' | 'euclidean' | 'manhattan' | 'hamming' | 'jaccard' | 'unknown';

export interface VectorFieldInfo {
  /** Qdrant: '' for the unnamed default vector; Milvus: the field name. */
  name: string;
  dimension: number;
  distance: Distance;
  /** dense float vectors are what we map and search; others are listed but not streamed. */
  type: 'dense' | 'sparse' | 'binary' | 'float16' | 'bfloat16' | 'int8' | 'multi';
  supported: boolean;
  /** Why an unsupported field cannot be used, in words a person can act on. */
  reason?: string;
}

export type PayloadFieldType = 'string' | 'integer' | 'float' | 'boolean' | 'json' | 'array' | 'datetime' | 'null' | 'mixed';

export interface PayloadFieldInfo {
  name: string;
  type: PayloadFieldType;
  /** how many of the sampled points carry the field */
  present: number;
  indexed?: boolean;
}

export interface CollectionSummary {
  name: string;
}

export interface CollectionInfo {
  name: string;
  vectorFields: VectorFieldInfo[];
  pointCount: number;
  /** whether pointCount is exact or an estimate the database gave */
  pointCountExact: boolean;
  idType: 'string' | 'integer' | 'uuid' | 'mixed';
  payloadFields: PayloadFieldInfo[];
  /** the payload field most likely to hold the chunk text, if any */
  textField?: string;
  /** points sampled to infer payloadFields */
  sampled: number;
}

export type Payload = Record<string, unknown>;

export interface PointBatch {
  ids: string[];
  /** n × dimension, row-major; empty when vectors were not requested */
  vectors: Float32Array;
  dimension: number;
  payloads?: Payload[];
  /** resume the stream after this batch by passing it as `cursor` */
  cursor?: string;
}

export interface StreamOptions {
  vectorField?: string;
  batchSize?: number;
  /** stop after this many points */
  limit?: number;
  /** uniform random sample of this many points */
  sample?: number;
  seed?: number;
  /** database-native filter (Qdrant filter object, Milvus boolean expression) */
  filter?: unknown;
  withPayload?: boolean | string[];
  withVectors?: boolean;
  cursor?: string;
  signal?: AbortSignal;
}

export interface FetchedPoint {
  id: string;
  vector?: Float32Array;
  payload?: Payload;
}

export interface SearchOptions {
  vectorField?: string;
  filter?: unknown;
  withPayload?: boolean | string[];
  signal?: AbortSignal;
}

export interface SearchHit {
  id: string;
  score: number;
  payload?: Payload;
}

export interface VectorStore {
  readonly kind: VectorStoreKind;
  ping(): Promise<{ version?: string }>;
  listCollections(): Promise<CollectionSummary[]>;
  describe(collection: string): Promise<CollectionInfo>;
  stream(collection: string, options?: StreamOptions): AsyncIterable<PointBatch>;
  fetch(collection: string, ids: string[], options?: { vectorField?: string; withVectors?: boolean }): Promise<FetchedPoint[]>;
  /** vectors: q × dimension row-major; returns one hit list per query, best first */
  search(collection: string, vectors: Float32Array, k: number, options?: SearchOptions): Promise<SearchHit[][]>;
  close(): Promise<void>;
}

/**
 * Errors a person can act on. The api maps `code` to an HTTP status (unreachable → 502,
 * unauthorized → 401, forbidden → 403, not_found → 404, invalid → 400, timeout → 504).
 */
export type VectorStoreErrorCode = 'unreachable' | 'unauthorized' | 'forbidden' | 'not_found' | 'invalid' | 'timeout' | 'unsupported' | 'internal';

export class VectorStoreError extends Error {
  constructor(
    readonly code: VectorStoreErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VectorStoreError';
  }
}
