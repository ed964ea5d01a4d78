import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { EvalSetFormatError } from './errors';
import { parseBeirCorpus, parseBeirQrels, parseBeirQueries } from './beir';
import { parseEvalSetCsv, parseEvalSetJsonl } from './tabular';
import { parseTrecQrels, parseTrecTopics } from './trec';
import type { EvalSet } from './types';

export interface ReadEvalSetOptions {
  /** BEIR split, i.e. which `qrels/<split>.tsv` to read. Default `test`. */
  split?: string;
  /** Also read a BEIR `corpus.jsonl`. Default false (it can be large). */
  includeCorpus?: boolean;
}

/**
 * Reads an eval set from disk, recognising the layout: a BEIR directory (`queries.jsonl` +
 * `qrels/<split>.tsv`), a TREC directory (a `qrels` file + a topics file with `<top>` blocks), or a
 * single `.jsonl` / `.csv` file. Queries are kept only if judged, in the order of the query file.
 */
export function readEvalSet(path: string, options: ReadEvalSetOptions = {}): EvalSet {
  if (!statSync(path).isDirectory()) {
    const ext = extname(path).toLowerCase();
    if (ext === '.csv') return parseEvalSetCsv(readFileSync(path), { source: path });
    if (ext === '.jsonl' || ext === '.json') return parseEvalSetJsonl(readFileSync(path), { source: path });
    throw new EvalSetFormatError(path, [{ line: 0, message: 'unknown eval-set file type; expected .jsonl or .csv' }]);
  }
  if (existsSync(join(path, 'queries.jsonl'))) return readBeir(path, options);
  return readTrec(path);
}

function readBeir(dir: string, options: ReadEvalSetOptions): EvalSet {
  const qrelsPath = join(dir, 'qrels', `${options.split ?? 'test'}.tsv`);
  if (!existsSync(qrelsPath)) throw new EvalSetFormatError(dir, [{ line: 0, message: `BEIR layout without ${qrelsPath}` }]);
  const queriesPath = join(dir, 'queries.jsonl');
  const queries = parseBeirQueries(readFileSync(queriesPath), { source: queriesPath });
  const qrels = parseBeirQrels(readFileSync(qrelsPath), { source: qrelsPath });
  const corpusPath = join(dir, 'corpus.jsonl');
  const corpus = options.includeCorpus && existsSync(corpusPath) ? parseBeirCorpus(readFileSync(corpusPath), { source: corpusPath }) : undefined;
  return withJudgedQueries({ queries, qrels, corpus }, queriesPath);
}

function readTrec(dir: string): EvalSet {
  const files = readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile());
  const qrelsName = files.find((name) => /^qrels(\.(txt|trec))?$|\.qrels$/i.test(name));
  const topicsName = files.find((name) => name !== qrelsName && /quer|topic/i.test(name) && readFileSync(join(dir, name), 'utf8').includes('<top>'));
  if (!qrelsName || !topicsName) {
    throw new EvalSetFormatError(dir, [{ line: 0, message: 'not a BEIR or TREC directory: expected queries.jsonl + qrels/, or a qrels file + a topics file with <top> blocks' }]);
  }
  const topicsPath = join(dir, topicsName);
  const queries = parseTrecTopics(readFileSync(topicsPath), { source: topicsPath });
  const qrels = parseTrecQrels(readFileSync(join(dir, qrelsName)), { source: join(dir, qrelsName) });
  return withJudgedQueries({ queries, qrels }, topicsPath);
}

/** Judgments for a query the query file does not define are an error; unjudged queries are dropped. */
function withJudgedQueries(set: EvalSet, queriesPath: string): EvalSet {
  const known = new Set(set.queries.map((q) => q.id));
  const unknown = [...set.qrels.keys()].filter((qid) => !known.has(qid));
  if (unknown.length) {
    throw new EvalSetFormatError(queriesPath, [{ line: 0, message: `qrels judge queries this file does not define: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}` }]);
  }
  return { ...set, queries: set.queries.filter((q) => set.qrels.has(q.id)) };
}
