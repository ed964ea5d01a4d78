import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RelevanceGrade } from './judge-prompt';
import { InMemoryJudgmentCache, type CachedJudgment, type JudgmentCache, type JudgmentCacheKey } from './judgment-cache';

interface CacheLine extends JudgmentCacheKey, CachedJudgment {}

/**
 * A JSONL file, one judgment per line, appended as judgments arrive and read whole at open.
 * Append-only so a crash loses at most the line being written; a torn or foreign line is skipped
 * on load (and counted in `skippedLines`) rather than making the whole cache unusable. When a key
 * appears twice the later line wins.
 */
export class FileJudgmentCache implements JudgmentCache {
  private readonly memory = new InMemoryJudgmentCache();
  private writes: Promise<void> = Promise.resolve();
  private skipped = 0;

  private constructor(readonly path: string) {}

  static async open(path: string): Promise<FileJudgmentCache> {
    const cache = new FileJudgmentCache(path);
    await cache.load();
    return cache;
  }

  get size(): number {
    return this.memory.size;
  }

  get skippedLines(): number {
    return this.skipped;
  }

  async get(key: JudgmentCacheKey): Promise<CachedJudgment | undefined> {
    return this.memory.get(key);
  }

  async set(key: JudgmentCacheKey, judgment: CachedJudgment): Promise<void> {
    await this.memory.set(key, judgment);
    const line: CacheLine = { ...key, ...judgment };
    // one appendFile at a time, so concurrent judges never interleave half lines
    const write = this.writes.then(() => appendFile(this.path, JSON.stringify(line) + '\n', 'utf8'));
    this.writes = write.catch(() => undefined);
    await write;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dirname(this.path), { recursive: true });
      return;
    }
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      const line = parseLine(raw);
      if (!line) {
        this.skipped++;
        continue;
      }
      const { model, promptVersion, query, textSha256, grade, reason } = line;
      await this.memory.set({ model, promptVersion, query, textSha256 }, reason === undefined ? { grade } : { grade, reason });
    }
  }
}

function parseLine(raw: string): CacheLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const line = value as Record<string, unknown>;
  const strings = ['model', 'promptVersion', 'query', 'textSha256'].every((name) => typeof line[name] === 'string');
  const grade = line.grade;
  const gradeOk = typeof grade === 'number' && Number.isInteger(grade) && grade >= 0 && grade <= 3;
  const reasonOk = line.reason === undefined || typeof line.reason === 'string';
  if (!strings || !gradeOk || !reasonOk) return undefined;
  return {
    model: line.model as string,
    promptVersion: line.promptVersion as string,
    query: line.query as string,
    textSha256: line.textSha256 as string,
    grade: grade as RelevanceGrade,
    ...(typeof line.reason === 'string' ? { reason: line.reason } : {}),
  };
}
