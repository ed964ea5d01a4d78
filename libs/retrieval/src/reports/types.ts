import type { ConfidenceInterval } from '../metrics/statistics/bootstrap';

/** How a measure's `all` value is formed: a mean over queries, or a sum (the counts num_ret, num_rel, num_rel_ret). */
export type ReportAggregate = 'mean' | 'sum';

export interface ReportMeasure {
  /** trec_eval value name, e.g. `P_10`, `ndcg_cut_10`. */
  name: string;
  aggregate: ReportAggregate;
  /** trec_eval's `all` value (mean over every judged query, or the sum for counts). */
  value: number;
  /** 95% percentile-bootstrap interval of the mean; absent for summed counts. */
  ci?: Pick<ConfidenceInterval, 'lower' | 'upper'>;
}

export interface ReportQueryRow {
  queryId: string;
  /** Query text, when the eval set has it. */
  text?: string;
  /** Value of each report measure, by name. */
  values: Record<string, number>;
  /** 1-based rank of the first relevant document retrieved, null when none is. */
  firstRelevantRank: number | null;
  /** No relevant document in the top k (num_rel_ret = 0). */
  failing: boolean;
  /** Judged relevant documents of the query. */
  relevant: number;
  /** True when the run had no results for this judged query (scored 0, trec_eval -c). */
  missing: boolean;
}

/** An LLM judge's view of the run, when one ran. */
export interface ReportJudge {
  model: string;
  /** The top N retrieved passages of each query were judged. */
  topN: number;
  /** (query, document) pairs with a usable grade. */
  judged: number;
  /** Pairs the judge gave no usable grade for (left out, never read as 0). */
  missing: number;
  /** Mean over queries of the mean grade / 3 of their judged top-k passages; null when nothing was judged. */
  contextRelevance: number | null;
  contextRelevanceCi?: Pick<ConfidenceInterval, 'lower' | 'upper'>;
  /** Per query id: context relevance (null when none of its passages was judged) and the pairs judged. */
  perQuery: Record<string, { contextRelevance: number | null; judged: number }>;
  /** Report measures scored against the judge's grades (0–3) instead of the eval set's qrels. */
  measures?: ReportMeasure[];
}

export interface EvaluationReport {
  /** Report format version. */
  version: 1;
  runId: string;
  /** The cut-off the run was retrieved with (top k per query). */
  k: number;
  /** Judged queries evaluated (every query of the eval set, trec_eval -c). */
  queryCount: number;
  /** Queries the run has no results for (they score 0). */
  missingQueryIds: string[];
  /** Relevant judgments over all queries. */
  relevantCount: number;
  graded: boolean;
  /** The measure worst queries are sorted by. */
  keyMeasure: string;
  measures: ReportMeasure[];
  perQuery: ReportQueryRow[];
  /** Lowest `keyMeasure` first (ties: query id), at most `worstCount`. */
  worstQueries: ReportQueryRow[];
  /** Queries with no relevant document in the top k, in query order. */
  failingQueries: ReportQueryRow[];
  bootstrap: { resamples: number; confidence: number; seed: number };
  judge?: ReportJudge;
  /** Free-form context the caller adds: eval set, collection, vector field, times. */
  meta?: Record<string, unknown>;
}

export interface ComparisonMeasure {
  measure: string;
  meanA: number;
  meanB: number;
  /** meanB − meanA */
  difference: number;
  /** two-sided paired randomization (sign-flip) test */
  randomizationP: number;
  /** two-sided paired t-test */
  tTestP: number;
  t: number;
}

export interface ComparisonQuery {
  queryId: string;
  text?: string;
  a: number;
  b: number;
  /** b − a */
  delta: number;
}

export interface EvaluationComparison {
  version: 1;
  /** The baseline: its run id, plus whatever the caller adds (names, ids). */
  a: { runId: string; [key: string]: unknown };
  b: { runId: string; [key: string]: unknown };
  queryCount: number;
  keyMeasure: string;
  measures: ComparisonMeasure[];
  /** Queries whose key measure rose from A to B, largest gain first. */
  better: ComparisonQuery[];
  /** Queries whose key measure fell, largest loss first. */
  worse: ComparisonQuery[];
  betterCount: number;
  worseCount: number;
  unchanged: number;
  permutations: number;
  seed: number;
}
