import { setMaxListeners } from 'node:events';
import type OpenAI from 'openai';
import { createOpenAiClient, withRequestSignal } from './client';
import { resolveOpenAiConfig, type OpenAiCompatibleConfig, type ResolvedOpenAiConfig } from './config';
import { LlmError, throwIfAborted, toLlmError } from './errors';
import { JUDGE_PROMPT_VERSION, judgeMessages, parseJudgeReply, reminderMessage, type ChatMessage, type RelevanceGrade } from './judge-prompt';
import { InMemoryJudgmentCache, sha256Hex, type JudgmentCache, type JudgmentCacheKey } from './judgment-cache';
import { runPool } from './pool';
import { RequestRateLimiter } from './rate-limiter';

export interface JudgeItem {
  queryId?: string;
  query: string;
  docId: string;
  /** The retrieved passage as the generator would see it. */
  text: string;
}

export interface Judgment {
  queryId?: string;
  query: string;
  docId: string;
  /** null when no usable grade came back: a missing judgment, never to be read as 0. */
  grade: RelevanceGrade | null;
  reason?: string;
  /** Why grade is null. */
  error?: string;
  cached: boolean;
}

export interface JudgeOptions {
  signal?: AbortSignal;
  /** Called as each item finishes (from cache or server). */
  onProgress?: (done: number, total: number) => void;
  /** Requests in flight at once; defaults to the judge's own setting. */
  concurrency?: number;
}

export interface JudgeResult {
  /** One per input item, in input order. */
  judgments: Judgment[];
  /** Tokens spent in this call, over every attempt; cache hits cost none. */
  tokens: { prompt: number; completion: number };
  /** Items with grade null. */
  failures: number;
  cacheHits: number;
}

/** Grades query–passage relevance 0–3 without labels. */
export interface RelevanceJudge {
  judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeResult>;
}

export interface OpenAiRelevanceJudgeOptions {
  /** Defaults to an in-memory cache that lives as long as the judge. */
  cache?: JudgmentCache;
  /** Further attempts after a reply that does not parse, each with a reminder of the format. Default 2. */
  maxParseRetries?: number;
  /** Default 4. */
  concurrency?: number;
}

/**
 * These stop the whole run: every later request would fail the same way (wrong key, wrong
 * URL or model, server gone, caller cancelled). The rest (429 after retries, 5xx, timeouts,
 * a 400 for one overlong passage) are recorded against the one item and the run goes on.
 */
function stopsTheRun(error: LlmError): boolean {
  return error.code === 'unauthorized' || error.code === 'unreachable' || error.code === 'aborted' || error.status === 404;
}

/** An LLM judge over any OpenAI-compatible `/chat/completions` endpoint, temperature 0, JSON replies. */
export class OpenAiRelevanceJudge implements RelevanceJudge {
  readonly promptVersion = JUDGE_PROMPT_VERSION;
  private readonly config: ResolvedOpenAiConfig;
  private readonly client: OpenAI;
  private readonly limiter: RequestRateLimiter;
  private readonly cache: JudgmentCache;
  private readonly maxParseRetries: number;
  private readonly concurrency: number;
  /** Cleared for good once the server rejects response_format and accepts the same request without it. */
  private useJsonMode = true;

  constructor(config: OpenAiCompatibleConfig, options: OpenAiRelevanceJudgeOptions = {}) {
    this.config = resolveOpenAiConfig(config);
    this.client = createOpenAiClient(this.config);
    this.limiter = new RequestRateLimiter(this.config.requestsPerMinute);
    this.cache = options.cache ?? new InMemoryJudgmentCache();
    this.maxParseRetries = countOption('maxParseRetries', options.maxParseRetries, 2, 0);
    this.concurrency = countOption('concurrency', options.concurrency, 4, 1);
  }

  get model(): string {
    return this.config.model;
  }

  async judge(items: JudgeItem[], options: JudgeOptions = {}): Promise<JudgeResult> {
    items.forEach(validateItem);
    const concurrency = countOption('concurrency', options.concurrency, this.concurrency, 1);
    const run = new RunState(items.length);
    // one controller for the run, so a fatal error on one item cancels the requests in flight for the others
    const controller = new AbortController();
    // each item in flight listens on it at most twice (its rate-limit wait, its request): not a leak
    setMaxListeners(10 + 2 * concurrency, controller.signal);
    const onCallerAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) onCallerAbort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      await runPool(items.length, concurrency, async (index) => {
        try {
          run.judgments[index] = await this.judgeOne(items[index], run, controller.signal);
        } catch (error) {
          controller.abort(error);
          throw error;
        }
        options.onProgress?.(++run.done, items.length);
      });
    } catch (error) {
      // cancellation by the caller is reported as such, whichever item noticed first
      if (options.signal?.aborted) throw new LlmError('aborted', `${this.what()}: aborted by the caller`, undefined, { cause: options.signal.reason });
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
    const failures = run.judgments.filter((j) => j.grade === null).length;
    return { judgments: run.judgments, tokens: run.tokens, failures, cacheHits: run.cacheHits };
  }

  private async judgeOne(item: JudgeItem, run: RunState, signal: AbortSignal): Promise<Judgment> {
    const base = { ...(item.queryId !== undefined ? { queryId: item.queryId } : {}), query: item.query, docId: item.docId };
    const key: JudgmentCacheKey = { model: this.config.model, promptVersion: JUDGE_PROMPT_VERSION, query: item.query, textSha256: sha256Hex(item.text) };
    const hit = await this.cache.get(key);
    if (hit) {
      run.cacheHits++;
      return { ...base, grade: hit.grade, ...(hit.reason !== undefined ? { reason: hit.reason } : {}), cached: true };
    }

    const messages = judgeMessages(item.query, item.text);
    let problem = '';
    for (let attempt = 0; attempt <= this.maxParseRetries; attempt++) {
      let reply: string | null;
      try {
        reply = await this.complete(messages, run, signal);
      } catch (error) {
        const failure = toLlmError(error, this.what());
        if (stopsTheRun(failure)) throw failure;
        return { ...base, grade: null, error: failure.message, cached: false };
      }
      const parsed = parseJudgeReply(reply);
      if (parsed.ok) {
        await this.cache.set(key, { grade: parsed.grade, reason: parsed.reason });
        return { ...base, grade: parsed.grade, reason: parsed.reason, cached: false };
      }
      problem = parsed.problem;
      messages.push({ role: 'assistant', content: reply ?? '' }, reminderMessage(problem));
    }
    const attempts = this.maxParseRetries + 1;
    return { ...base, grade: null, error: `no usable grade after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${problem}`, cached: false };
  }

  /** One chat completion; on a 400 while asking for JSON mode, the same request once more without it. */
  private async complete(messages: ChatMessage[], run: RunState, signal: AbortSignal): Promise<string | null> {
    const jsonMode = this.useJsonMode;
    try {
      return await this.request(messages, jsonMode, run, signal);
    } catch (error) {
      if (!(jsonMode && error instanceof LlmError && error.status === 400)) throw error;
      const reply = await this.request(messages, false, run, signal);
      this.useJsonMode = false;
      return reply;
    }
  }

  private async request(messages: ChatMessage[], jsonMode: boolean, run: RunState, signal: AbortSignal): Promise<string | null> {
    throwIfAborted(signal, this.what());
    await this.limiter.acquire(signal);
    let completion: OpenAI.ChatCompletion;
    try {
      completion = await withRequestSignal(signal, (own) =>
        this.client.chat.completions.create(
          {
            model: this.config.model,
            messages,
            temperature: 0,
            ...(jsonMode ? { response_format: { type: 'json_object' as const } } : {}),
          },
          { signal: own },
        ),
      );
    } catch (error) {
      throw toLlmError(error, this.what());
    }
    run.tokens.prompt += finiteOrZero(completion?.usage?.prompt_tokens);
    run.tokens.completion += finiteOrZero(completion?.usage?.completion_tokens);
    const content: unknown = completion?.choices?.[0]?.message?.content;
    // a missing or non-string content is a malformed reply like any other: parsed as empty, retried with a reminder
    return typeof content === 'string' ? content : null;
  }

  private what(): string {
    return `judge (${this.config.model} at ${this.config.baseUrl})`;
  }
}

class RunState {
  readonly judgments: Judgment[];
  readonly tokens = { prompt: 0, completion: 0 };
  cacheHits = 0;
  done = 0;

  constructor(count: number) {
    this.judgments = new Array<Judgment>(count);
  }
}

function validateItem(item: JudgeItem, index: number): void {
  if (typeof item?.query !== 'string' || !item.query.trim()) throw new LlmError('invalid', `item ${index}: query is empty`);
  if (typeof item.docId !== 'string') throw new LlmError('invalid', `item ${index}: docId must be a string`);
  if (typeof item.text !== 'string') throw new LlmError('invalid', `item ${index}: text must be a string`);
}

function countOption(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new LlmError('invalid', `${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

function finiteOrZero(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
