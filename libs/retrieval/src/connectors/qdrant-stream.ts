import { isObject } from './qdrant-errors';
import { cursorFromOffset, offsetFromCursor, type WireId } from './qdrant-ids';
import { MalformedResponse, readPoints, toBatch, type BatchRequest, type WirePoint } from './qdrant-points';
import { VectorStoreError, type PointBatch, type StreamOptions, type VectorFieldInfo } from './types';

export const DEFAULT_BATCH_SIZE = 256;
const MAX_BATCH_SIZE = 10_000;

export interface StreamSource {
  collection: string;
  /** POST to a path under /collections/{collection}; resolves to the envelope's result */
  post(path: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown>;
  malformed(what: string, problem: string): VectorStoreError;
}

/**
 * Batches of points in id order, one scroll page per batch. A page is requested only when the
 * consumer asks for the batch before it, so at most one page is in flight ahead of the consumer.
 */
export async function* scrollBatches(source: StreamSource, field: VectorFieldInfo, options: StreamOptions): AsyncGenerator<PointBatch> {
  const batchSize = positiveInteger(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize', MAX_BATCH_SIZE);
  let remaining = options.limit === undefined ? Number.POSITIVE_INFINITY : nonNegativeInteger(options.limit, 'limit');
  if (remaining === 0) return;
  const request = batchRequest(field, options);
  // Aborts a prefetched page nobody will read when the consumer stops early.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([stop.signal, options.signal]) : stop.signal;

  const fetchPage = (offset: WireId | undefined, limit: number) => {
    const body = { limit, offset, filter: options.filter ?? undefined, with_payload: withPayloadBody(options), with_vector: withVectorBody(request) };
    const page = source.post('/points/scroll', body, `scrolling "${source.collection}"`, signal).then((result) => readScrollPage(source, result));
    page.catch(() => undefined); // a prefetch that fails is reported when it is awaited, not as an unhandled rejection
    return page;
  };

  let pending: Promise<ScrollPage> | undefined = fetchPage(
    options.cursor === undefined ? undefined : offsetFromCursor(options.cursor),
    Math.min(batchSize, remaining),
  );
  try {
    while (pending) {
      const page: ScrollPage = await pending;
      pending = undefined;
      const points = page.points.slice(0, remaining);
      remaining -= points.length;
      const cursor = cursorFromOffset(page.nextOffset);
      if (page.nextOffset !== null && remaining > 0) pending = fetchPage(page.nextOffset, Math.min(batchSize, remaining));
      yield toBatchOrThrow(source, points, request, cursor);
    }
  } finally {
    stop.abort();
  }
}

/**
 * A uniform random sample through Qdrant's `{"sample": "random"}` query (Qdrant ≥ 1.11), in one
 * request, handed out in batches. Qdrant's sampler takes no seed, so `seed` cannot be honoured and
 * a sample cannot be resumed: batches carry no cursor.
 */
export async function* sampleBatches(source: StreamSource, field: VectorFieldInfo, options: StreamOptions): AsyncGenerator<PointBatch> {
  if (options.cursor !== undefined) throw new VectorStoreError('invalid', 'a random sample cannot be resumed from a cursor', { cursor: options.cursor });
  const batchSize = positiveInteger(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize', MAX_BATCH_SIZE);
  let size = positiveInteger(options.sample as number, 'sample');
  if (options.limit !== undefined) size = Math.min(size, nonNegativeInteger(options.limit, 'limit'));
  if (size === 0) return;
  const request = batchRequest(field, options);
  const body = {
    query: { sample: 'random' },
    limit: size,
    filter: options.filter ?? undefined,
    with_payload: withPayloadBody(options),
    with_vector: withVectorBody(request),
  };
  const what = `sampling "${source.collection}"`;
  const result = await source.post('/points/query', body, what, options.signal);
  if (!isObject(result)) throw source.malformed(what, 'result is not an object');
  const points = readOrThrow(source, what, () => readPoints(result.points, 'result.points', true));
  for (let start = 0; start < points.length; start += batchSize) {
    options.signal?.throwIfAborted();
    yield toBatchOrThrow(source, points.slice(start, start + batchSize), request, undefined);
  }
}

interface ScrollPage {
  points: WirePoint[];
  nextOffset: WireId | null;
}

function readScrollPage(source: StreamSource, result: unknown): ScrollPage {
  const what = `scrolling "${source.collection}"`;
  if (!isObject(result)) throw source.malformed(what, 'result is not an object');
  const points = readOrThrow(source, what, () => readPoints(result.points, 'result.points'));
  const next = result.next_page_offset ?? null;
  if (next !== null && cursorFromOffset(next) === undefined) throw source.malformed(what, 'next_page_offset is not a point id');
  return { points, nextOffset: next as WireId | null };
}

function batchRequest(field: VectorFieldInfo, options: StreamOptions): BatchRequest {
  return { field, withVectors: options.withVectors ?? true, withPayload: options.withPayload !== undefined && options.withPayload !== false };
}

function withPayloadBody(options: StreamOptions): boolean | string[] {
  return options.withPayload ?? false;
}

/** The unnamed vector is asked for with `true`; a named one by name, so other vectors stay on the server. */
export function withVectorBody(request: Pick<BatchRequest, 'field' | 'withVectors'>): boolean | string[] {
  if (!request.withVectors) return false;
  return request.field.name === '' ? true : [request.field.name];
}

function toBatchOrThrow(source: StreamSource, points: WirePoint[], request: BatchRequest, cursor: string | undefined): PointBatch {
  return readOrThrow(source, `streaming "${source.collection}"`, () => toBatch(points, request, cursor));
}

export function readOrThrow<T>(source: Pick<StreamSource, 'malformed'>, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedResponse) throw source.malformed(what, error.message);
    throw error;
  }
}

export function positiveInteger(value: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new VectorStoreError('invalid', `${name} must be a whole number from 1 to ${max}, got ${value}`, { [name]: value });
  }
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new VectorStoreError('invalid', `${name} must be a whole number ≥ 0, got ${value}`, { [name]: value });
  return value;
}
