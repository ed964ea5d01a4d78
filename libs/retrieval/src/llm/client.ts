import OpenAI from 'openai';
import type { ResolvedOpenAiConfig } from './config';

/** The one place the openai client is constructed, so every caller gets the same retry, timeout and header behaviour. */
export function createOpenAiClient(config: ResolvedOpenAiConfig): OpenAI {
  return new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    // without these the client reads OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment and sends them to any server
    organization: null,
    project: null,
  });
}

/**
 * Runs one openai request with a signal of its own, linked to the caller's only while it runs. The
 * client adds an abort listener to the signal of every request and never removes it, so a signal
 * that lives as long as a job (thousands of requests) would collect a listener, and what it holds,
 * per request.
 */
export async function withRequestSignal<T>(signal: AbortSignal | undefined, request: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!signal) return request(undefined);
  const own = new AbortController();
  const forward = () => own.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener('abort', forward, { once: true });
  try {
    return await request(own.signal);
  } finally {
    signal.removeEventListener('abort', forward);
  }
}
