import type { Qrels } from '../metrics/types';
import { INTEGER, numberedLines, ProblemCollector, toText, type ParseOptions } from './errors';
import type { CorpusDocument, EvalQuery } from './types';

/** BEIR `queries.jsonl`: one `{"_id": …, "text": …}` per line. */
export function parseBeirQueries(input: string | Uint8Array, options: ParseOptions = {}): EvalQuery[] {
  const problems = ProblemCollector.for(options, 'queries.jsonl');
  const queries: EvalQuery[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of jsonRecords(input, problems)) {
    const id = idOf(record._id);
    if (id === undefined) problems.add(line, '"_id" must be a non-empty string or an integer');
    if (typeof record.text !== 'string' || record.text.trim() === '') problems.add(line, '"text" must be a non-empty string');
    if (id === undefined || typeof record.text !== 'string' || record.text.trim() === '') continue;
    if (rememberFirst(seen, id, line, problems, 'query')) queries.push({ id, text: record.text });
  }
  if (queries.length === 0 && problems.problems.length === 0) problems.add(0, 'no queries found (empty file?)');
  problems.throwIfAny();
  return queries;
}

/** BEIR `corpus.jsonl`: one `{"_id": …, "title": …, "text": …}` per line; empty texts are allowed (some collections have them). */
export function parseBeirCorpus(input: string | Uint8Array, options: ParseOptions = {}): CorpusDocument[] {
  const problems = ProblemCollector.for(options, 'corpus.jsonl');
  const docs: CorpusDocument[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of jsonRecords(input, problems)) {
    const id = idOf(record._id);
    if (id === undefined) problems.add(line, '"_id" must be a non-empty string or an integer');
    if (typeof record.text !== 'string') problems.add(line, '"text" must be a string');
    if (record.title !== undefined && typeof record.title !== 'string') problems.add(line, '"title" must be a string');
    if (id === undefined || typeof record.text !== 'string') continue;
    if (rememberFirst(seen, id, line, problems, 'document')) docs.push({ id, title: typeof record.title === 'string' ? record.title : '', text: record.text });
  }
  if (docs.length === 0 && problems.problems.length === 0) problems.add(0, 'no documents found (empty file?)');
  problems.throwIfAny();
  return docs;
}

/** BEIR `qrels/<split>.tsv`: header `query-id corpus-id score`, then tab-separated rows with integer scores. */
export function parseBeirQrels(input: string | Uint8Array, options: ParseOptions = {}): Qrels {
  const problems = ProblemCollector.for(options, 'qrels.tsv');
  const lines = numberedLines(toText(input)).filter((l) => l.content.trim() !== '');
  const qrels: Qrels = new Map();
  if (lines.length === 0) {
    problems.add(0, 'file is empty; expected a header "query-id\tcorpus-id\tscore"');
    problems.throwIfAny();
  }
  const header = lines[0].content.split('\t').map((h) => h.trim());
  if (header.length !== 3 || header[0] !== 'query-id' || header[1] !== 'corpus-id' || header[2] !== 'score') {
    problems.add(lines[0].line, `header must be "query-id<TAB>corpus-id<TAB>score", found "${lines[0].content}"`);
  }
  const seen = new Map<string, number>();
  for (const { line, content } of lines.slice(1)) {
    const fields = content.split('\t').map((f) => f.trim());
    if (fields.length !== 3 || fields.some((f) => f === '')) {
      problems.add(line, `expected 3 tab-separated columns (query-id, corpus-id, score), found ${fields.filter((f) => f !== '').length}`);
      continue;
    }
    const [qid, docid, score] = fields;
    if (!INTEGER.test(score)) {
      problems.add(line, `score "${score}" is not an integer`);
      continue;
    }
    if (!rememberFirst(seen, `${qid}\u0000${docid}`, line, problems, `judgment of document ${docid} for query`, qid)) continue;
    let judgments = qrels.get(qid);
    if (!judgments) qrels.set(qid, (judgments = new Map()));
    judgments.set(docid, Number.parseInt(score, 10));
  }
  if (qrels.size === 0 && problems.problems.length === 0) problems.add(0, 'no judgments found');
  problems.throwIfAny();
  return qrels;
}

/** Parses JSON Lines, reporting bad JSON and non-object lines with their line numbers. */
export function* jsonRecords(
  input: string | Uint8Array,
  problems: ProblemCollector,
): Generator<{ line: number; record: Record<string, unknown> }> {
  for (const { line, content } of numberedLines(toText(input))) {
    if (content.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      problems.add(line, `invalid JSON: ${(error as Error).message}`);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.add(line, 'expected a JSON object');
      continue;
    }
    yield { line, record: value as Record<string, unknown> };
  }
}

export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return undefined;
}

function rememberFirst(seen: Map<string, number>, key: string, line: number, problems: ProblemCollector, what: string, label = key): boolean {
  const previous = seen.get(key);
  if (previous !== undefined) {
    problems.add(line, `duplicate ${what} ${label} (first on line ${previous})`);
    return false;
  }
  seen.set(key, line);
  return true;
}
