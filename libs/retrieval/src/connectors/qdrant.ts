import { QdrantClient } from '@qdrant/js-client-rest';
import { chooseVectorField, readCollectionInfo, type CollectionShape } from './qdrant-collection';
import { isObject, malformedResponse, type QdrantEndpoint } from './qdrant-errors';
import { callClient } from './qdrant-client-call';
import { QdrantHttp } from './qdrant-http';
import { idToWire, isUuidId } from './qdrant-ids';
import { float32ToJsonNumber } from './qdrant-json';
import { guessTextField, inferPayloadFields } from './shared';
import { readPoints, toFetchedPoint, toSearchHit } from './qdrant-points';
import { positiveInteger, readOrThrow, sampleBatches, scrollBatches, withVectorBody, type StreamSource } from './qdrant-stream';
import {
  VectorStoreError,
  type CollectionInfo,
  type CollectionSummary,
  type ConnectionConfig,
  type FetchedPoint,
  type PointBatch,
  type SearchHit,
  type SearchOptions,
  type StreamOptions,
  type VectorFieldInfo,
  type VectorStore,
} from './types';

const DEFAULT_PORT = 6333;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Points read by describe() to infer payload fields and the id type. */
const DESCRIBE_SAMPLE_SIZE = 200;
/** Qdrant's exact count walks every point id; below this many points that costs milliseconds. */
const EXACT_COUNT_LIMIT = 1_000_000;
/** Queries per `query/batch` request, so that large evaluation runs stay well under request size limits. */
const SEARCH_BATCH_SIZE = 64;
/** Stands in for a vector field when a stream asks for no vectors. */
const NO_VECTORS: VectorFieldInfo = { name: '', dimension: 0, distance: 'unknown', type: 'dense', supported: true };

/**
 * Qdrant over its REST API. Collection-level calls go through @qdrant/js-client-rest; calls that
 * carry point ids go through {@link QdrantHttp}, which keeps u64 ids above 2^53 exact.
 */
export class QdrantStore implements VectorStore {
  readonly kind = 'qdrant' as const;
  private readonly client: QdrantClient;
  private readonly http: QdrantHttp;
  private readonly endpoint: QdrantEndpoint;
  private readonly timeoutMs: number;

  constructor(config: ConnectionConfig) {
    const url = parseQdrantUrl(config);
    const apiKey = config.apiKey ?? config.token;
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.endpoint = { address: url.address, hasCredentials: apiKey !== undefined };
    // The key goes in as a plain header: the client's `apiKey` option prints a console warning on http URLs.
    const headers: Record<string, string> = apiKey !== undefined ? { 'api-key': apiKey } : {};
    this.client = new QdrantClient({
      url: url.origin,
      prefix: url.prefix || undefined,
      headers,
      timeout: this.timeoutMs,
      // ping() reports the server version; the client's own check only logs.
      checkCompatibility: false,
    });
    this.http = new QdrantHttp({ baseUrl: url.origin + url.prefix, endpoint: this.endpoint, headers, timeoutMs: this.timeoutMs });
  }

  /**
   * Lists collections, which proves reachability and credentials, then reads the version from
   * GET /, which Qdrant serves without a key (so on its own it would accept any key).
   */
  async ping(): Promise<{ version?: string }> {
    await this.listCollections();
    const info = await this.http.getPublic('/', 'reading the server version');
    if (!isObject(info) || typeof info.version !== 'string') throw malformedResponse(this.endpoint, 'GET /', 'no version');
    return { version: info.version };
  }

  async listCollections(): Promise<CollectionSummary[]> {
    const result = await this.call('listing collections', () => this.client.getCollections());
    if (!isObject(result) || !Array.isArray(result.collections)) throw malformedResponse(this.endpoint, 'listing collections', 'no collections list');
    return result.collections.map((collection) => {
      if (!isObject(collection) || typeof collection.name !== 'string') throw malformedResponse(this.endpoint, 'listing collections', 'a collection has no name');
      return { name: collection.name };
    });
  }

  async describe(collection: string): Promise<CollectionInfo> {
    const shape = await this.collectionShape(collection);
    const [count, sample] = await Promise.all([this.pointCount(collection, shape), this.samplePoints(collection)]);
    const payloads = sample.map((point) => point.payload ?? {});
    // Qdrant knows which fields it indexes: every other field is reported as not indexed
    const payloadFields = inferPayloadFields(payloads, [...shape.indexedFields].map(([name, type]) => ({ name, type, indexed: true }))).map((field) => ({ ...field, indexed: field.indexed ?? false }));
    const textField = guessTextField(payloadFields, payloads);
    return {
      name: collection,
      vectorFields: shape.vectorFields,
      pointCount: count.value,
      pointCountExact: count.exact,
      idType: idTypeOf(sample.map((point) => point.id)),
      payloadFields,
      ...(textField !== undefined ? { textField } : {}),
      sampled: sample.length,
    };
  }

  async *stream(collection: string, options: StreamOptions = {}): AsyncGenerator<PointBatch> {
    const field = options.withVectors === false ? NO_VECTORS : await this.vectorField(collection, options.vectorField);
    const source = this.streamSource(collection);
    yield* options.sample !== undefined ? sampleBatches(source, field, options) : scrollBatches(source, field, options);
  }

  async fetch(collection: string, ids: string[], options: { vectorField?: string; withVectors?: boolean } = {}): Promise<FetchedPoint[]> {
    if (ids.length === 0) return [];
    const wireIds = ids.map(idToWire);
    const field = options.withVectors ? await this.vectorField(collection, options.vectorField) : undefined;
    const what = `fetching points of "${collection}"`;
    const body = { ids: wireIds, with_payload: true, with_vector: field ? withVectorBody({ field, withVectors: true }) : false };
    const result = await this.http.post(`${collectionPath(collection)}/points`, body, what);
    // Qdrant answers in the order asked and leaves out ids it does not have.
    return readOrThrow(this.streamSource(collection), what, () => readPoints(result, 'result').map((point) => toFetchedPoint(point, field)));
  }

  async search(collection: string, vectors: Float32Array, k: number, options: SearchOptions = {}): Promise<SearchHit[][]> {
    positiveInteger(k, 'k');
    const field = await this.vectorField(collection, options.vectorField);
    if (vectors.length % field.dimension !== 0) {
      throw new VectorStoreError('invalid', `query vectors hold ${vectors.length} numbers, not a multiple of the dimension ${field.dimension}`, {
        dimension: field.dimension,
        length: vectors.length,
      });
    }
    if (!vectors.every(Number.isFinite)) throw new VectorStoreError('invalid', 'query vectors contain NaN or infinite values');
    const queries: number[][] = [];
    for (let start = 0; start < vectors.length; start += field.dimension) {
      queries.push(Array.from(vectors.subarray(start, start + field.dimension), float32ToJsonNumber));
    }
    const hits: SearchHit[][] = [];
    for (let start = 0; start < queries.length; start += SEARCH_BATCH_SIZE) {
      options.signal?.throwIfAborted();
      hits.push(...(await this.searchBatch(collection, field, queries.slice(start, start + SEARCH_BATCH_SIZE), k, options)));
    }
    return hits;
  }

  async close(): Promise<void> {
    // Nothing to release: the client exposes no way to close its keep-alive agent, whose idle sockets time out by themselves.
  }

  private async searchBatch(collection: string, field: VectorFieldInfo, queries: number[][], k: number, options: SearchOptions): Promise<SearchHit[][]> {
    const what = `searching "${collection}"`;
    const searches = queries.map((query) => ({
      query,
      using: field.name === '' ? undefined : field.name,
      limit: k,
      filter: options.filter ?? undefined,
      with_payload: options.withPayload ?? false,
    }));
    const result = await this.http.post(`${collectionPath(collection)}/points/query/batch`, { searches }, what, options.signal);
    if (!Array.isArray(result) || result.length !== queries.length) {
      throw malformedResponse(this.endpoint, what, `expected ${queries.length} result lists`);
    }
    return readOrThrow(this.streamSource(collection), what, () =>
      result.map((response, index) => {
        const points = isObject(response) ? response.points : undefined;
        return readPoints(points, `result[${index}].points`, true).map(toSearchHit);
      }),
    );
  }

  private async collectionShape(collection: string): Promise<CollectionShape> {
    const info = await this.call(`reading collection "${collection}"`, () => this.client.getCollection(collection));
    const shape = readCollectionInfo(info);
    if (typeof shape === 'string') throw malformedResponse(this.endpoint, `reading collection "${collection}"`, shape);
    return shape;
  }

  private async vectorField(collection: string, requested: string | undefined): Promise<VectorFieldInfo> {
    return chooseVectorField((await this.collectionShape(collection)).vectorFields, collection, requested);
  }

  private async pointCount(collection: string, shape: CollectionShape): Promise<{ value: number; exact: boolean }> {
    if (shape.pointsCount !== undefined && shape.pointsCount > EXACT_COUNT_LIMIT) return { value: shape.pointsCount, exact: false };
    const result = await this.call(`counting points of "${collection}"`, () => this.client.count(collection, { exact: true }));
    if (!isObject(result) || typeof result.count !== 'number') throw malformedResponse(this.endpoint, `counting "${collection}"`, 'no count');
    return { value: result.count, exact: true };
  }

  private async samplePoints(collection: string) {
    const what = `sampling payloads of "${collection}"`;
    const body = { limit: DESCRIBE_SAMPLE_SIZE, with_payload: true, with_vector: false };
    const result = await this.http.post(`${collectionPath(collection)}/points/scroll`, body, what);
    return readOrThrow(this.streamSource(collection), what, () => readPoints(isObject(result) ? result.points : undefined, 'result.points'));
  }

  private streamSource(collection: string): StreamSource {
    return {
      collection,
      post: (path, body, what, signal) => this.http.post(collectionPath(collection) + path, body, what, signal),
      malformed: (what, problem) => malformedResponse(this.endpoint, what, problem),
    };
  }

  private call<T>(what: string, request: () => Promise<T>): Promise<T> {
    return callClient(this.endpoint, this.timeoutMs, what, request);
  }
}

function collectionPath(collection: string): string {
  return `/collections/${encodeURIComponent(collection)}`;
}

function idTypeOf(ids: string[]): CollectionInfo['idType'] {
  const uuids = ids.filter(isUuidId).length;
  if (ids.length > 0 && uuids === 0) return 'integer';
  if (ids.length > 0 && uuids === ids.length) return 'uuid';
  // Both kinds in the sample, or an empty collection that may come to hold either.
  return 'mixed';
}

/** scheme://host:port as the client and the lossless transport both use it, plus an optional path prefix (reverse proxies). */
function parseQdrantUrl(config: ConnectionConfig): { origin: string; prefix: string; address: string } {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new VectorStoreError('invalid', `"${config.url}" is not a URL; Qdrant expects http(s)://host:6333`, { url: config.url });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new VectorStoreError('invalid', `"${config.url}" is not an http(s) URL; Qdrant expects http(s)://host:6333`, { url: config.url });
  }
  const scheme = config.tls === undefined ? url.protocol.slice(0, -1) : config.tls ? 'https' : 'http';
  const port = url.port || String(DEFAULT_PORT);
  const address = `${url.hostname}:${port}`;
  return { origin: `${scheme}://${address}`, prefix: url.pathname.replace(/\/+$/, ''), address };
}
