import type { Distance, VectorStore } from '../connectors/types';
import { compareCodePoints } from '../metrics/compare';
import type { RankedDoc, Run } from '../metrics/types';

/** Distances where a smaller value is a better match; their scores are negated in a run. */
const DISTANCES_LOWER_IS_BETTER: ReadonlySet<Distance> = new Set(['euclidean', 'manhattan', 'hamming', 'jaccard']);

export interface SearchRunOptions {
  collection: string;
  vectorField?: string;
  /** The field's metric: distances (euclidean…) become negated scores so that higher is better, as run files require. */
  distance?: Distance;
  /** Query ids, in order, and their vectors (ids.length × dimension, row-major). */
  queryIds: readonly string[];
  vectors: Float32Array;
  dimension: number;
  k: number;
  /** Queries per search() call. Default 64. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after each batch with the queries searched so far. */
  onProgress?: (done: number, total: number) => void;
  /** Payload fields to keep with each hit (e.g. the text field, for a judge). */
  withPayload?: string[];
}

export interface SearchRunResult {
  run: Run;
  /** Payloads by query, then by document id, when asked for. */
  payloads?: Map<string, Map<string, Record<string, unknown>>>;
}

/** Searches the top k of every query through the connector, in batches, into a run. */
export async function searchRun(store: VectorStore, options: SearchRunOptions): Promise<SearchRunResult> {
  const { queryIds, vectors, dimension, k } = options;
  if (vectors.length !== queryIds.length * dimension) {
    throw new RangeError(`searchRun: ${queryIds.length} queries × dimension ${dimension} need ${queryIds.length * dimension} numbers, got ${vectors.length}`);
  }
  const batchSize = options.batchSize ?? 64;
  const negate = options.distance !== undefined && DISTANCES_LOWER_IS_BETTER.has(options.distance);
  const run: Map<string, RankedDoc[]> = new Map();
  const payloads = options.withPayload ? new Map<string, Map<string, Record<string, unknown>>>() : undefined;
  for (let start = 0; start < queryIds.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const end = Math.min(queryIds.length, start + batchSize);
    const hits = await store.search(options.collection, vectors.subarray(start * dimension, end * dimension), k, {
      ...(options.vectorField !== undefined ? { vectorField: options.vectorField } : {}),
      ...(options.withPayload ? { withPayload: options.withPayload } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    hits.forEach((list, i) => {
      const qid = queryIds[start + i];
      const seen = new Set<string>();
      const docs: RankedDoc[] = [];
      for (const hit of list) {
        // a database may return a document twice (segments being compacted); trec_eval rejects that
        if (seen.has(hit.id)) continue;
        seen.add(hit.id);
        docs.push({ docid: hit.id, score: negate ? -hit.score : hit.score });
      }
      // a query the database returned nothing for is absent from the run (trec_eval -c scores it 0)
      if (docs.length) run.set(qid, docs);
      if (payloads) payloads.set(qid, new Map(list.filter((h) => h.payload).map((h) => [h.id, h.payload!])));
    });
    options.onProgress?.(end, queryIds.length);
  }
  options.signal?.throwIfAborted();
  return payloads ? { run, payloads } : { run };
}

/** A query's documents in trec_eval's ranking order: score descending, ties by document id descending. */
export function rankDocs(docs: readonly RankedDoc[]): RankedDoc[] {
  return [...docs].sort((a, b) => (a.score !== b.score ? b.score - a.score : compareCodePoints(b.docid, a.docid)));
}

/**
 * A run as a TREC run file (`qid Q0 docno rank score tag`), queries in code-point order and
 * documents in trec_eval's ranking order, so trec_eval reads back exactly this ranking. Scores are
 * written as JavaScript prints them (the shortest text that reads back as the same double).
 */
export function formatTrecRun(run: Run, runId: string): string {
  const tag = runId.trim() === '' ? 'ragscope' : runId.replace(/\s+/g, '_');
  const lines: string[] = [];
  for (const qid of [...run.keys()].sort(compareCodePoints)) {
    rankDocs(run.get(qid)!).forEach((doc, i) => lines.push(`${qid} Q0 ${doc.docid} ${i + 1} ${String(doc.score)} ${tag}`));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
