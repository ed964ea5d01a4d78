import { evaluate, type Evaluation } from '../metrics/evaluate';
import { bootstrapEvaluation, type BootstrapOptions } from '../metrics/statistics/bootstrap';
import { MetricsInputError, type Qrels, type Run } from '../metrics/types';
import { DEFAULT_KEY_MEASURE, isGraded, measureRequests, reportMeasures } from './measures';
import type { EvaluationReport, ReportJudge, ReportMeasure, ReportQueryRow } from './types';

export interface BuildReportOptions {
  /** trec_eval value names to report; default `reportMeasures(qrels)`. */
  measures?: readonly string[];
  /** The k the run was retrieved with. Default: the longest ranking in the run. */
  k?: number;
  runId?: string;
  /** Query texts by id, shown beside per-query rows. */
  queryTexts?: ReadonlyMap<string, string>;
  /** Sort key of worst queries. Default ndcg_cut_10 (or the first reported measure without it). */
  keyMeasure?: string;
  /** How many worst queries to list. Default 10. */
  worstCount?: number;
  /** Percentile bootstrap: 1,000 resamples, 95%, seed 20240229 unless set. */
  bootstrap?: BootstrapOptions;
  judge?: ReportJudge;
  meta?: Record<string, unknown>;
}

/** Measures the report needs for itself, whatever the caller shows. */
const INTERNAL_MEASURES = ['num_rel', 'num_rel_ret', 'recip_rank', 'num_ret'];

/**
 * Scores a run against qrels with trec_eval conventions and `-c` semantics (every judged query
 * counts; a query without results scores 0) and builds the report: aggregates with bootstrap CIs,
 * per-query rows, worst and failing queries.
 */
export function buildReport(qrels: Qrels, run: Run, options: BuildReportOptions = {}): EvaluationReport {
  const shown = [...(options.measures ?? reportMeasures(qrels))];
  if (shown.length === 0) throw new MetricsInputError('a report needs at least one measure');
  const evaluation = evaluateForReport(qrels, run, shown, options.runId);
  for (const name of shown) {
    if (!evaluation.values.has(name)) throw new MetricsInputError(`unknown measure "${name}" (use trec_eval value names such as P_10, ndcg_cut_10, map)`);
  }
  const bootstrap = { resamples: options.bootstrap?.resamples ?? 1000, confidence: options.bootstrap?.confidence ?? 0.95, seed: options.bootstrap?.seed ?? 20240229 };
  const intervals = bootstrapEvaluation(evaluation, bootstrap);
  const aggregateOf = (name: string) => evaluation.columns.find((c) => c.name === name)!.measure.family.aggregate;

  const measures: ReportMeasure[] = shown.map((name) => {
    const aggregate = aggregateOf(name) === 'sum' ? 'sum' : 'mean';
    const interval = intervals.get(name);
    return {
      name,
      aggregate,
      value: evaluation.summary.get(name)!,
      ...(aggregate === 'mean' && interval ? { ci: { lower: interval.lower, upper: interval.upper } } : {}),
    };
  });

  const missing = new Set(evaluation.missingQueryIds);
  const column = (name: string) => evaluation.values.get(name)!;
  const perQuery: ReportQueryRow[] = evaluation.queryIds.map((queryId, q) => {
    const values: Record<string, number> = {};
    for (const name of shown) values[name] = column(name)[q];
    const rr = column('recip_rank')[q];
    const text = options.queryTexts?.get(queryId);
    return {
      queryId,
      ...(text !== undefined ? { text } : {}),
      values,
      firstRelevantRank: rr > 0 ? Math.round(1 / rr) : null,
      failing: column('num_rel_ret')[q] === 0,
      relevant: column('num_rel')[q],
      missing: missing.has(queryId),
    };
  });

  const keyMeasure = options.keyMeasure ?? (shown.includes(DEFAULT_KEY_MEASURE) ? DEFAULT_KEY_MEASURE : shown.find((n) => aggregateOf(n) !== 'sum') ?? shown[0]);
  if (!shown.includes(keyMeasure)) throw new MetricsInputError(`key measure "${keyMeasure}" is not among the report's measures`);
  const worstQueries = [...perQuery]
    .sort((a, b) => a.values[keyMeasure] - b.values[keyMeasure] || compareIds(a.queryId, b.queryId))
    .slice(0, options.worstCount ?? 10);

  return {
    version: 1,
    runId: evaluation.runId,
    k: options.k ?? longestRanking(run),
    queryCount: evaluation.queryIds.length,
    missingQueryIds: [...evaluation.missingQueryIds],
    relevantCount: evaluation.summary.get('num_rel') ?? 0,
    graded: isGraded(qrels),
    keyMeasure,
    measures,
    perQuery,
    worstQueries,
    failingQueries: perQuery.filter((row) => row.failing),
    bootstrap,
    ...(options.judge ? { judge: options.judge } : {}),
    ...(options.meta ? { meta: options.meta } : {}),
  };
}

/** evaluate() with `-c` over the shown measures plus the ones the report itself needs. */
export function evaluateForReport(qrels: Qrels, run: Run, valueNames: readonly string[], runId = ''): Evaluation {
  return evaluate(qrels, run, { measures: measureRequests([...INTERNAL_MEASURES, ...valueNames]), complete: true, runId });
}

function longestRanking(run: Run): number {
  let k = 0;
  for (const docs of run.values()) k = Math.max(k, docs.length);
  return k;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
