import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/**
 * What went wrong talking to an OpenAI-compatible server, phrased so a caller can act on it:
 * - unreachable: no connection (wrong baseUrl, server down)
 * - unauthorized: 401/403 (missing or wrong apiKey)
 * - rate_limited: still 429 after the client's retries
 * - bad_response: the server answered with something unusable (5xx after retries, wrong shape, counts, dimensions, non-finite numbers)
 * - timeout: no answer within timeoutMs (after retries)
 * - invalid: the request or configuration is wrong (bad config, empty input, 400/404/422)
 * - aborted: the caller's AbortSignal fired; not a failure of the server
 */
export type LlmErrorCode = 'unreachable' | 'unauthorized' | 'rate_limited' | 'bad_response' | 'timeout' | 'invalid' | 'aborted';

export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LlmError';
  }
}

/** Maps whatever the openai client threw into an LlmError; `what` names the call for the message, e.g. "embeddings at http://host/v1". */
export function toLlmError(error: unknown, what: string): LlmError {
  if (error instanceof LlmError) return error;
  const cause = { cause: error };
  // order matters: the timeout class extends APIConnectionError, and every class here extends APIError
  if (error instanceof APIUserAbortError) return new LlmError('aborted', `${what}: aborted by the caller`, undefined, cause);
  if (error instanceof APIConnectionTimeoutError) return new LlmError('timeout', `${what}: timed out`, undefined, cause);
  if (error instanceof APIConnectionError) {
    return new LlmError('unreachable', `${what}: cannot connect (${describeCause(error)})`, undefined, cause);
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    const detail = `${what}: HTTP ${status ?? '?'} ${serverMessage(error)}`.trim();
    if (status === 401 || status === 403) return new LlmError('unauthorized', `${detail} (check apiKey)`, status, cause);
    if (status === 429) return new LlmError('rate_limited', `${detail} (still rate limited after retries; lower requestsPerMinute)`, status, cause);
    if (status === 404) return new LlmError('invalid', `${detail} (check that baseUrl ends in /v1 and the model exists)`, status, cause);
    if (status !== undefined && status >= 400 && status < 500) return new LlmError('invalid', detail, status, cause);
    return new LlmError('bad_response', detail, status, cause);
  }
  if (isAbortError(error)) return new LlmError('aborted', `${what}: aborted by the caller`, undefined, cause);
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError('bad_response', `${what}: ${message}`, undefined, cause);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Throws the LlmError for an aborted signal, so loops between requests stop as promptly as requests do. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new LlmError('aborted', `${what}: aborted by the caller`, undefined, { cause: signal.reason });
}

function serverMessage(error: APIError): string {
  // the client's own message repeats the status; the server's error body says why
  const body: unknown = error.error;
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') return body.message;
  if (typeof body === 'string') return body;
  return error.message.replace(/^\d{3}\s*/, '');
}

function describeCause(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? cause.cause.message : '';
    return inner || cause.message;
  }
  return error.message;
}
