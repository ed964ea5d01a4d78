import { QdrantClientTimeoutError } from '@qdrant/js-client-rest';
import { errorFromStatus, timeoutError, unreachableError, type QdrantEndpoint } from './qdrant-errors';
import { VectorStoreError } from './types';

/**
 * Runs a @qdrant/js-client-rest call and turns its failures into VectorStoreErrors. The client
 * throws its fetcher's ApiError (status + parsed body) for HTTP errors, QdrantClientTimeoutError
 * when its timeout fires, and fetch's `TypeError: fetch failed` when the socket fails.
 */
export async function callClient<T>(endpoint: QdrantEndpoint, timeoutMs: number, what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toStoreError(error, endpoint, timeoutMs, what);
  }
}

function toStoreError(error: unknown, endpoint: QdrantEndpoint, timeoutMs: number, what: string): VectorStoreError {
  if (error instanceof VectorStoreError) return error;
  if (error instanceof QdrantClientTimeoutError) return timeoutError(timeoutMs, endpoint, what, error);
  const status = httpStatusOf(error);
  if (status !== undefined) return errorFromStatus(status, (error as { data?: unknown }).data, endpoint, what);
  if (error instanceof TypeError && error.cause !== undefined) return unreachableError(error, endpoint);
  const message = error instanceof Error ? error.message : String(error);
  return new VectorStoreError('internal', `${what} failed on Qdrant at ${endpoint.address}: ${message}`, { address: endpoint.address }, { cause: error });
}

/** ApiError is not exported by the client package, so it is recognised by its shape. */
function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && 'data' in error ? status : undefined;
}
