import type { Qrels, RankedDoc, Run } from '../metrics/types';
import { DECIMAL, INTEGER, numberedLines, ProblemCollector, toText, type ParseOptions } from './errors';
import type { EvalQuery } from './types';

/**
 * TREC qrels: `qid iter docno grade` per line, whitespace-separated, `#` comments and blank lines
 * skipped. Grades must be integers (trec_eval would silently read `1.5` as 1 and `x` as 0); a
 * document judged twice for a query is an error, as it is for trec_eval.
 */
export function parseTrecQrels(input: string | Uint8Array, options: ParseOptions = {}): Qrels {
  const problems = ProblemCollector.for(options, 'qrels');
  const qrels: Qrels = new Map();
  const firstSeen = new Map<string, number>();
  for (const { line, content } of numberedLines(toText(input))) {
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/);
    if (fields.length !== 4) {
      problems.add(line, `expected 4 fields "qid iter docno grade", found ${fields.length}`);
      continue;
    }
    const [qid, , docid, gradeText] = fields;
    if (!INTEGER.test(gradeText)) {
      problems.add(line, `grade "${gradeText}" is not an integer`);
      continue;
    }
    const key = `${qid}\u0000${docid}`;
    const previous = firstSeen.get(key);
    if (previous !== undefined) {
      problems.add(line, `query ${qid} judges document ${docid} again (first on line ${previous})`);
      continue;
    }
    firstSeen.set(key, line);
    let judgments = qrels.get(qid);
    if (!judgments) qrels.set(qid, (judgments = new Map()));
    judgments.set(docid, Number.parseInt(gradeText, 10));
  }
  if (qrels.size === 0 && problems.problems.length === 0) problems.add(0, 'no judgments found (empty file?)');
  problems.throwIfAny();
  return qrels;
}

export interface TrecRun {
  run: Run;
  /** The tag of the last line, which is what trec_eval reports as runid. */
  runId: string;
}

/**
 * TREC run: `qid Q0 docno rank score tag` per line; fields after the tag are ignored, the rank is
 * ignored (ranking is by score), `#` comments and blank lines are skipped, scores must be decimal
 * numbers, and a document listed twice for a query is an error.
 */
export function parseTrecRun(input: string | Uint8Array, options: ParseOptions = {}): TrecRun {
  const problems = ProblemCollector.for(options, 'run');
  const run = new Map<string, RankedDoc[]>();
  const firstSeen = new Map<string, number>();
  let runId = '';
  for (const { line, content } of numberedLines(toText(input))) {
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/);
    if (fields.length < 6) {
      problems.add(line, `expected 6 fields "qid Q0 docno rank score tag", found ${fields.length}`);
      continue;
    }
    const [qid, , docid, , scoreText, tag] = fields;
    if (!DECIMAL.test(scoreText) || !Number.isFinite(Number(scoreText))) {
      problems.add(line, `score "${scoreText}" is not a finite number`);
      continue;
    }
    const key = `${qid}\u0000${docid}`;
    const previous = firstSeen.get(key);
    if (previous !== undefined) {
      problems.add(line, `query ${qid} retrieves document ${docid} again (first on line ${previous})`);
      continue;
    }
    firstSeen.set(key, line);
    let docs = run.get(qid);
    if (!docs) run.set(qid, (docs = []));
    docs.push({ docid, score: Number(scoreText) });
    runId = tag;
  }
  if (run.size === 0 && problems.problems.length === 0) problems.add(0, 'no results found (empty file?)');
  problems.throwIfAny();
  return { run, runId };
}

/**
 * TREC topics: `<top>` blocks with `<num>` and `<title>`, closed (`<num>1</num>`) or in the classic
 * unclosed style (`<num> Number: 301`). Only the title becomes the query text.
 */
export function parseTrecTopics(input: string | Uint8Array, options: ParseOptions = {}): EvalQuery[] {
  const problems = ProblemCollector.for(options, 'topics');
  const text = toText(input);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const queries: EvalQuery[] = [];
  const seen = new Map<string, number>();
  const block = /<top>([\s\S]*?)(<\/top>|(?=<top>)|$)/gi;
  for (let match = block.exec(text); match && match[0] !== ''; match = block.exec(text)) {
    const line = lineOf(match.index);
    if (!/^<\/top>$/i.test(match[2])) problems.add(line, '<top> is not closed by </top>');
    const num = field(match[1], 'num')?.replace(/^\s*Number:\s*/i, '').trim();
    const title = field(match[1], 'title')?.replace(/^\s*Topic:\s*/i, '').replace(/\s+/g, ' ').trim();
    if (!num) problems.add(line, 'topic has no <num>');
    if (!title) problems.add(line, `topic ${num ?? ''} has no <title> text`.replace('  ', ' '));
    if (!num || !title) continue;
    const previous = seen.get(num);
    if (previous !== undefined) {
      problems.add(line, `topic ${num} appears again (first on line ${previous})`);
      continue;
    }
    seen.set(num, line);
    queries.push({ id: num, text: title });
  }
  const stray = text.replace(block, '').trim();
  if (queries.length === 0 && problems.problems.length === 0) problems.add(0, 'no <top> topics found');
  else if (stray !== '') problems.add(lineOf(text.indexOf(stray.slice(0, 20))), 'text outside <top>…</top>');
  problems.throwIfAny();
  return queries;
}

function field(body: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)(</${tag}>|(?=<[a-z/])|$)`, 'i').exec(body);
  return match?.[1];
}
