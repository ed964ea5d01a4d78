import { errorFromStatus, isObject, malformedResponse, timeoutError, unreachableError, type QdrantEndpoint } from './qdrant-errors';
import { parseJsonExactly, stringifyJsonExactly } from './qdrant-json';

export interface QdrantHttpOptions {
  /** scheme://host:port[/prefix], no trailing slash */
  baseUrl: string;
  endpoint: QdrantEndpoint;
  headers: Record<string, string>;
  timeoutMs: number;
}

/**
 * The requests that carry point ids (scroll, retrieve, query). They bypass @qdrant/js-client-rest
 * because on Node 20 its fetcher parses with plain JSON.parse and cannot write a bigint: its
 * lossless mode needs JSON.rawJSON and reviver source text, which arrive with Node 21+ (V8 ≥ 11.4).
 * Everything else about the wire (paths, envelope, headers) is Qdrant's documented REST API.
 */
export class QdrantHttp {
  constructor(private readonly options: QdrantHttpOptions) {}

  /** POSTs `body` and returns the envelope's `result`; Qdrant's error answers become VectorStoreErrors. */
  async post(path: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
    const { baseUrl, endpoint, headers, timeoutMs } = this.options;
    const deadline = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([deadline, signal]) : deadline;
    let status: number;
    let text: string;
    try {
      const response = await fetch(baseUrl + path, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
        body: stringifyJsonExactly(body),
        signal: combined,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted) throw timeoutError(timeoutMs, endpoint, what, error);
      throw unreachableError(error, endpoint);
    }

    let parsed: unknown = text;
    try {
      parsed = parseJsonExactly(text);
    } catch {
      // Non-JSON bodies are legitimate for errors (Qdrant's 401s are plain text); success must be JSON.
      if (status < 300) throw malformedResponse(endpoint, what, 'body is not JSON');
    }
    if (status < 200 || status >= 300) throw errorFromStatus(status, parsed, endpoint, what);
    if (!isObject(parsed) || parsed.status !== 'ok' || !('result' in parsed)) {
      throw malformedResponse(endpoint, what, 'expected {"status": "ok", "result": …}');
    }
    return parsed.result;
  }

  /**
   * GETs an endpoint that Qdrant serves to everyone (GET / answers without a key even when keys
   * are required), sending no credentials, and returns its JSON body as it is.
   */
  async getPublic(path: string, what: string): Promise<unknown> {
    const { baseUrl, endpoint, timeoutMs } = this.options;
    const deadline = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(baseUrl + path, { headers: { accept: 'application/json' }, signal: deadline });
    } catch (error) {
      if (deadline.aborted) throw timeoutError(timeoutMs, endpoint, what, error);
      throw unreachableError(error, endpoint);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = parseJsonExactly(text);
    } catch {
      if (response.ok) throw malformedResponse(endpoint, what, 'body is not JSON');
    }
    if (!response.ok) throw errorFromStatus(response.status, parsed, endpoint, what);
    return parsed;
  }
}
