import type OpenAI from 'openai';
import { createOpenAiClient, withRequestSignal } from './client';
import { resolveOpenAiConfig, type OpenAiCompatibleConfig, type ResolvedOpenAiConfig } from './config';
import { decodeEmbedding } from './embedding-decode';
import { LlmError, throwIfAborted, toLlmError } from './errors';
import { RequestRateLimiter } from './rate-limiter';

export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface EmbeddingResult {
  /** n × dimension, row-major, in the order of the input texts. */
  vectors: Float32Array;
  dimension: number;
  /** Input tokens as reported by the server's `usage`; servers that report none add 0. */
  tokens: number;
}

/** Texts in, vectors out. The only thing the rest of ragscope knows about embedding models. */
export interface Embedder {
  embed(texts: string[], options?: EmbedOptions): Promise<EmbeddingResult>;
}

/** Embeds through any OpenAI-compatible `/embeddings` endpoint, batch by batch, validating every answer. */
export class OpenAiEmbedder implements Embedder {
  private readonly config: ResolvedOpenAiConfig;
  private readonly client: OpenAI;
  private readonly limiter: RequestRateLimiter;

  constructor(config: OpenAiCompatibleConfig) {
    this.config = resolveOpenAiConfig(config);
    this.client = createOpenAiClient(this.config);
    this.limiter = new RequestRateLimiter(this.config.requestsPerMinute);
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbeddingResult> {
    const { signal, onProgress } = options;
    validateTexts(texts);
    const total = texts.length;
    if (total === 0) return { vectors: new Float32Array(0), dimension: this.config.dimensions ?? 0, tokens: 0 };

    let vectors: Float32Array | undefined;
    let dimension = this.config.dimensions ?? 0;
    let tokens = 0;
    for (let start = 0; start < total; start += this.config.batchSize) {
      const batch = texts.slice(start, start + this.config.batchSize);
      const answer = await this.requestBatch(batch, start, signal);
      if (!vectors) {
        dimension = answer.dimension;
        vectors = new Float32Array(total * dimension);
      } else if (answer.dimension !== dimension) {
        throw new LlmError('bad_response', `${this.what()}: texts ${start}.. came back with dimension ${answer.dimension}, earlier ones with ${dimension}`);
      }
      vectors.set(answer.vectors, start * dimension);
      tokens += answer.tokens;
      onProgress?.(start + batch.length, total);
    }
    return { vectors: vectors ?? new Float32Array(0), dimension, tokens };
  }

  private async requestBatch(batch: string[], offset: number, signal: AbortSignal | undefined) {
    throwIfAborted(signal, this.what());
    await this.limiter.acquire(signal);
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      response = await withRequestSignal(signal, (own) =>
        this.client.embeddings.create(
          {
            model: this.config.model,
            input: batch,
            // asked for explicitly: the client then hands back the raw strings, which we decode straight into Float32
            encoding_format: 'base64',
            ...(this.config.dimensions !== undefined ? { dimensions: this.config.dimensions } : {}),
          },
          { signal: own },
        ),
      );
    } catch (error) {
      throw toLlmError(error, this.what());
    }
    return this.readBatch(response, batch.length, offset);
  }

  /** Checks count, indexes and dimension, and puts rows back in input order (servers may answer in any order). */
  private readBatch(response: unknown, count: number, offset: number) {
    const what = this.what();
    const data = isRecord(response) ? response.data : undefined;
    if (!Array.isArray(data)) throw new LlmError('bad_response', `${what}: response has no "data" array`);
    if (data.length !== count) throw new LlmError('bad_response', `${what}: sent ${count} texts, got ${data.length} embeddings`);

    const rows: Float32Array[] = new Array(count);
    for (const item of data) {
      const index: unknown = isRecord(item) ? item.index : undefined;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
        throw new LlmError('bad_response', `${what}: embedding index ${JSON.stringify(index)} is outside 0..${count - 1}`);
      }
      if (rows[index]) throw new LlmError('bad_response', `${what}: embedding index ${index} appears twice`);
      rows[index] = decodeEmbedding(isRecord(item) ? item.embedding : undefined, `${what}: text ${offset + index}`);
    }

    const dimension = rows[0].length;
    if (this.config.dimensions !== undefined && dimension !== this.config.dimensions) {
      throw new LlmError('bad_response', `${what}: asked for dimension ${this.config.dimensions}, got ${dimension}`);
    }
    const vectors = new Float32Array(count * dimension);
    rows.forEach((row, i) => {
      if (row.length !== dimension) {
        throw new LlmError('bad_response', `${what}: text ${offset + i} has dimension ${row.length}, text ${offset} has ${dimension}`);
      }
      vectors.set(row, i * dimension);
    });
    return { vectors, dimension, tokens: reportedTokens(response) };
  }

  private what(): string {
    return `embeddings (${this.config.model} at ${this.config.baseUrl})`;
  }
}

function validateTexts(texts: unknown): asserts texts is string[] {
  if (!Array.isArray(texts)) throw new LlmError('invalid', 'embed() expects an array of strings');
  texts.forEach((text, i) => {
    // servers answer an empty input with an opaque 400 for the whole batch; say which one it was
    if (typeof text !== 'string' || text.length === 0) throw new LlmError('invalid', `text ${i} is empty or not a string`);
  });
}

function reportedTokens(response: unknown): number {
  const usage = isRecord(response) ? response.usage : undefined;
  if (!isRecord(usage)) return 0;
  const tokens = usage.prompt_tokens ?? usage.total_tokens;
  return typeof tokens === 'number' && Number.isFinite(tokens) ? tokens : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
