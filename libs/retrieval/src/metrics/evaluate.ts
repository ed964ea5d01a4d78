import { compareCodePoints } from './compare';
import { judgeRanking, summarizeJudgments, type JudgedRanking, type QueryJudgments } from './judged-ranking';
import { planMeasures, type PlannedMeasure } from './measure-plan';
import { MetricsInputError, type Qrels, type Run } from './types';

export interface EvaluateOptions {
  /** trec_eval `-m` arguments; default `all_trec` (every trec_eval measure implemented here). */
  measures?: readonly string[];
  /**
   * trec_eval `-c`: every query in the qrels counts in the mean, a query missing from the run
   * scoring 0 on everything (num_rel keeps its count). Default true here — a system that answers
   * nothing must not look better for it; trec_eval's own default is false.
   */
  complete?: boolean;
  /** trec_eval `-l`: the lowest grade that counts as relevant. Default 1. */
  relevanceLevel?: number;
  /** trec_eval `-M`: keep at most this many documents per query after ranking. Default: all (trec_eval's MAXLONG). */
  maxDocsPerTopic?: number;
  /** The run tag printed by `runid`. */
  runId?: string;
  /** Reject a document retrieved twice for a query (trec_eval does). Default true. */
  checkDuplicates?: boolean;
}

/** One value column, e.g. `P_10`, aligned with `Evaluation.queryIds`. */
export interface EvaluationColumn {
  name: string;
  measure: PlannedMeasure;
}

export interface Evaluation {
  /** Value columns in trec_eval output order (runid and num_q have no column). */
  columns: readonly EvaluationColumn[];
  /** The measures requested, in output order, including runid and num_q. */
  measures: readonly PlannedMeasure[];
  /** Evaluated queries in trec_eval order (strcmp of the ids). */
  queryIds: readonly string[];
  /** Queries in the qrels but not in the run; evaluated as empty rankings when `complete`. */
  missingQueryIds: readonly string[];
  /** Per-query values by column name. */
  values: ReadonlyMap<string, Float64Array>;
  /** The `all` line: mean (sum for counts, geometric mean for gm_map) by column name, plus `num_q`. */
  summary: ReadonlyMap<string, number>;
  runId: string;
  complete: boolean;
}

/** Evaluates a run against qrels with trec_eval 10's rules; see metrics/README.md for the exact conventions. */
export function evaluate(qrels: Qrels, run: Run, options: EvaluateOptions = {}): Evaluation {
  const relevanceLevel = options.relevanceLevel ?? 1;
  const maxDocs = options.maxDocsPerTopic ?? Number.POSITIVE_INFINITY;
  const complete = options.complete ?? true;
  if (!(maxDocs >= 0)) throw new MetricsInputError(`maxDocsPerTopic must be ≥ 0, got ${maxDocs}`);
  const measures = planMeasures(options.measures ?? ['all_trec']);
  const computed = measures.filter((m) => m.family.compute);
  const columns = computed.flatMap((measure) => measure.valueNames.map((name) => ({ name, measure })));

  const qrelIds = [...qrels.keys()].sort(compareCodePoints);
  const missingQueryIds = qrelIds.filter((qid) => !run.has(qid));
  const queryIds = complete ? qrelIds : qrelIds.filter((qid) => run.has(qid));
  const width = columns.length;
  const matrix = new Float64Array(queryIds.length * width);

  queryIds.forEach((qid, q) => {
    const judgments = summarizeJudgments(qrels.get(qid)!, relevanceLevel);
    const docs = run.get(qid);
    const ranking = docs
      ? judgeRanking(qid, docs, judgments, relevanceLevel, maxDocs, options.checkDuplicates ?? true)
      : emptyRanking(judgments, relevanceLevel);
    const row = matrix.subarray(q * width, (q + 1) * width);
    let at = 0;
    for (const measure of computed) {
      measure.family.compute!(ranking, measure.params, row, at);
      at += measure.valueNames.length;
    }
  });

  const values = new Map<string, Float64Array>();
  columns.forEach((column, c) => {
    const column_values = new Float64Array(queryIds.length);
    for (let q = 0; q < queryIds.length; q++) column_values[q] = matrix[q * width + c];
    values.set(column.name, column_values);
  });
  return {
    columns,
    measures,
    queryIds,
    missingQueryIds,
    values,
    summary: summarize(measures, columns, values, queryIds.length),
    runId: options.runId ?? '',
    complete,
  };
}

/** A query missing from the run: all measures 0, but its relevant documents still count in num_rel. */
function emptyRanking(judgments: QueryJudgments, relevanceLevel: number): JudgedRanking {
  return { rels: new Int32Array(0), numRet: 0, numRel: judgments.numRel, numRelRet: 0, relevanceLevel, levelCounts: judgments.levelCounts };
}

/** Mirrors trec_eval's accumulate-then-divide in query order, so means match it to the last bit. */
function summarize(
  measures: readonly PlannedMeasure[],
  columns: readonly EvaluationColumn[],
  values: ReadonlyMap<string, Float64Array>,
  numQueries: number,
): Map<string, number> {
  const summary = new Map<string, number>();
  if (measures.some((m) => m.family.aggregate === 'query-count')) summary.set('num_q', numQueries);
  for (const { name, measure } of columns) {
    const perQuery = values.get(name)!;
    let sum = 0;
    if (measure.family.aggregate === 'geometric-mean') {
      for (const v of perQuery) sum += Math.log(Math.max(v, MIN_GEO_MEAN));
      summary.set(name, numQueries ? Math.exp(sum / numQueries) : 0);
    } else {
      for (const v of perQuery) sum += v;
      summary.set(name, measure.family.aggregate === 'sum' || numQueries === 0 ? sum : sum / numQueries);
    }
  }
  return summary;
}

/** trec_eval's floor for gm_map, so a query with average precision 0 does not send the geometric mean to 0. */
export const MIN_GEO_MEAN = 0.00001;
