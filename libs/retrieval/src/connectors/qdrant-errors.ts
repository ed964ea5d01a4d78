import { VectorStoreError, type VectorStoreErrorCode } from './types';

/** Where a request went, for messages a person can act on ("Qdrant at db:6333 …"). */
export interface QdrantEndpoint {
  /** host:port */
  address: string;
  hasCredentials: boolean;
}

/** The error text Qdrant sent: `{"status": {"error": "..."}}` for JSON, the body itself for the plain-text 401s. */
export function qdrantErrorText(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (isObject(body) && isObject(body.status) && typeof body.status.error === 'string') return body.status.error;
  return undefined;
}

export function errorFromStatus(status: number, body: unknown, endpoint: QdrantEndpoint, what: string): VectorStoreError {
  const serverText = qdrantErrorText(body);
  const said = serverText ? `: ${serverText}` : '';
  const details = { status, address: endpoint.address, ...(serverText ? { serverMessage: serverText } : {}) };
  const fail = (code: VectorStoreErrorCode, message: string) => new VectorStoreError(code, message, details);
  switch (true) {
    case status === 401:
      return fail(
        'unauthorized',
        endpoint.hasCredentials
          ? `Qdrant at ${endpoint.address} rejected the API key${said}`
          : `Qdrant at ${endpoint.address} requires an API key and none is configured${said}`,
      );
    case status === 403:
      return fail('forbidden', `Qdrant at ${endpoint.address} refused ${what} for this API key${said}`);
    case status === 404:
      return fail('not_found', `${what}: not found on Qdrant at ${endpoint.address}${said}`);
    case status === 400 || status === 409 || status === 422:
      return fail('invalid', `${what} was refused by Qdrant at ${endpoint.address}${said}`);
    case status === 408 || status === 504:
      return fail('timeout', `${what} timed out at Qdrant at ${endpoint.address}${said}`);
    case status === 502 || status === 503:
      return fail('unreachable', `Qdrant at ${endpoint.address} is unavailable (HTTP ${status})${said}`);
    default:
      return fail('internal', `${what} failed with HTTP ${status} from Qdrant at ${endpoint.address}${said}`);
  }
}

export function unreachableError(error: unknown, endpoint: QdrantEndpoint): VectorStoreError {
  const cause = rootCause(error);
  const reason = describeCause(cause);
  return new VectorStoreError(
    'unreachable',
    `Qdrant at ${endpoint.address} is unreachable${reason ? ` (${reason})` : ''}`,
    { address: endpoint.address, ...(reason ? { cause: reason } : {}) },
    { cause: error },
  );
}

export function timeoutError(timeoutMs: number, endpoint: QdrantEndpoint, what: string, cause?: unknown): VectorStoreError {
  return new VectorStoreError(
    'timeout',
    `${what} got no answer from Qdrant at ${endpoint.address} within ${timeoutMs} ms`,
    { address: endpoint.address, timeoutMs },
    { cause },
  );
}

export function malformedResponse(endpoint: QdrantEndpoint, what: string, problem: string): VectorStoreError {
  return new VectorStoreError('internal', `${what}: Qdrant at ${endpoint.address} sent a malformed response (${problem})`, {
    address: endpoint.address,
    problem,
  });
}

/** fetch wraps socket failures as `TypeError: fetch failed` with the system error as `cause`. */
function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause !== undefined && current.cause !== current) current = current.cause;
  return current;
}

function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? cause : undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
