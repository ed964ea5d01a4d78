import { createHash } from 'node:crypto';
import type { RelevanceGrade } from './judge-prompt';

/** What makes two judgments interchangeable: same model, same prompt wording, same query, same passage bytes. */
export interface JudgmentCacheKey {
  model: string;
  promptVersion: string;
  query: string;
  /** sha256 hex of the passage text, so the cache never stores (possibly private) document text. */
  textSha256: string;
}

export interface CachedJudgment {
  grade: RelevanceGrade;
  reason?: string;
}

/** Storage for successful judgments only; failures are not cached, so a rerun tries them again. Async so the api can back it with its database. */
export interface JudgmentCache {
  get(key: JudgmentCacheKey): Promise<CachedJudgment | undefined>;
  set(key: JudgmentCacheKey, judgment: CachedJudgment): Promise<void>;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One string per key; JSON of an array keeps fields from running into each other whatever characters the query holds. */
export function judgmentCacheKeyString(key: JudgmentCacheKey): string {
  return JSON.stringify([key.model, key.promptVersion, key.query, key.textSha256]);
}

export class InMemoryJudgmentCache implements JudgmentCache {
  private readonly entries = new Map<string, CachedJudgment>();

  get size(): number {
    return this.entries.size;
  }

  async get(key: JudgmentCacheKey): Promise<CachedJudgment | undefined> {
    return this.entries.get(judgmentCacheKeyString(key));
  }

  async set(key: JudgmentCacheKey, judgment: CachedJudgment): Promise<void> {
    this.entries.set(judgmentCacheKeyString(key), judgment);
  }
}
