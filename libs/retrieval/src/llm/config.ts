import { LlmError } from './errors';

/**
 * Where and how to reach an OpenAI-compatible server. The same shape serves OpenAI itself,
 * Ollama (`http://localhost:11434/v1`), vLLM (`http://host:8000/v1`) and TEI's OpenAI route
 * (`http://host:8080/v1`); baseUrl is the prefix before `/embeddings` and `/chat/completions`.
 */
export interface OpenAiCompatibleConfig {
  baseUrl: string;
  /** Omit for local servers that do not check keys; PLACEHOLDER_API_KEY is sent instead. */
  apiKey?: string;
  model: string;
  /** Per request, per attempt. Default 60 s. */
  timeoutMs?: number;
  /** Retries of one request on 408/409/429/5xx and connection errors, with the client's exponential backoff and Retry-After. Default 2. */
  maxRetries?: number;
  /** Spaces the start of requests to at most this many per minute (retries are spaced by backoff instead). Default: unlimited. */
  requestsPerMinute?: number;
  /** Texts per embeddings request. Default 64. */
  batchSize?: number;
  /** Asks for shortened embeddings (OpenAI text-embedding-3-*), and checks the answer has this many. Sent only when set: other servers may reject it. */
  dimensions?: number;
}

/**
 * The openai client refuses to start without a key, and Ollama, vLLM (without --api-key) and TEI
 * ignore the Authorization header, so a recognisable dummy goes out when no key is configured.
 */
export const PLACEHOLDER_API_KEY = 'ragscope-no-key';

/** What an unset option means. */
export const OPENAI_COMPATIBLE_DEFAULTS = { timeoutMs: 60_000, maxRetries: 2, batchSize: 64 } as const;

export interface ResolvedOpenAiConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  requestsPerMinute: number | undefined;
  batchSize: number;
  dimensions: number | undefined;
}

/** Fills defaults and rejects nonsense early, before any request, with LlmError('invalid'). */
export function resolveOpenAiConfig(config: OpenAiCompatibleConfig): ResolvedOpenAiConfig {
  let url: URL;
  try {
    url = new URL(config.baseUrl);
  } catch {
    throw new LlmError('invalid', `baseUrl "${config.baseUrl}" is not a URL (expected e.g. http://localhost:11434/v1)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LlmError('invalid', `baseUrl "${config.baseUrl}" must be http or https`);
  if (!config.model?.trim()) throw new LlmError('invalid', 'model must be a non-empty string');
  return {
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    apiKey: config.apiKey?.trim() || PLACEHOLDER_API_KEY,
    model: config.model,
    timeoutMs: positiveInteger('timeoutMs', config.timeoutMs, OPENAI_COMPATIBLE_DEFAULTS.timeoutMs),
    maxRetries: nonNegativeInteger('maxRetries', config.maxRetries, OPENAI_COMPATIBLE_DEFAULTS.maxRetries),
    requestsPerMinute: config.requestsPerMinute === undefined ? undefined : positiveNumber('requestsPerMinute', config.requestsPerMinute),
    batchSize: positiveInteger('batchSize', config.batchSize, OPENAI_COMPATIBLE_DEFAULTS.batchSize),
    dimensions: config.dimensions === undefined ? undefined : positiveInteger('dimensions', config.dimensions, 0),
  };
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new LlmError('invalid', `${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new LlmError('invalid', `${name} must be a non-negative integer, got ${value}`);
  return value;
}

function positiveNumber(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new LlmError('invalid', `${name} must be a positive number, got ${value}`);
  return value;
}
