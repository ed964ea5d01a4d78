import { compareEvaluations } from '../metrics/statistics/paired';
import { MetricsInputError, type Qrels, type Run } from '../metrics/types';
import { evaluateForReport } from './build-report';
import { DEFAULT_KEY_MEASURE, reportMeasures } from './measures';
import type { ComparisonQuery, EvaluationComparison } from './types';

export interface CompareRunsOptions {
  measures?: readonly string[];
  keyMeasure?: string;
  runIdA?: string;
  runIdB?: string;
  queryTexts?: ReadonlyMap<string, string>;
  /** Sign flips of the randomization test. Default 10,000. */
  permutations?: number;
  seed?: number;
  /** How many better and worse queries to list. Default 20. */
  listCount?: number;
}

/**
 * Compares two runs over the same judgments (trec_eval -c, so both are scored on every judged
 * query): per-measure means and differences with paired randomization and t-test p-values,
 * and the queries whose key measure rose or fell.
 */
export function compareRuns(qrels: Qrels, runA: Run, runB: Run, options: CompareRunsOptions = {}): EvaluationComparison {
  const measures = [...(options.measures ?? reportMeasures(qrels))];
  const a = evaluateForReport(qrels, runA, measures, options.runIdA);
  const b = evaluateForReport(qrels, runB, measures, options.runIdB);
  const permutations = options.permutations ?? 10_000;
  const seed = options.seed ?? 20240229;
  const shown = new Set(measures);
  const order = new Map(measures.map((m, i) => [m, i]));
  const compared = compareEvaluations(a, b, { permutations, seed })
    .filter((c) => shown.has(c.measure))
    .sort((x, y) => order.get(x.measure)! - order.get(y.measure)!);
  const keyMeasure = options.keyMeasure ?? (shown.has(DEFAULT_KEY_MEASURE) ? DEFAULT_KEY_MEASURE : compared[0]?.measure);
  if (!keyMeasure || !a.values.has(keyMeasure)) throw new MetricsInputError(`key measure "${keyMeasure}" is not among the compared measures`);
  const va = a.values.get(keyMeasure)!;
  const vb = b.values.get(keyMeasure)!;
  const changes: ComparisonQuery[] = a.queryIds.map((queryId, q) => {
    const text = options.queryTexts?.get(queryId);
    return { queryId, ...(text !== undefined ? { text } : {}), a: va[q], b: vb[q], delta: vb[q] - va[q] };
  });
  const byId = (x: ComparisonQuery, y: ComparisonQuery) => (x.queryId < y.queryId ? -1 : x.queryId > y.queryId ? 1 : 0);
  const listCount = options.listCount ?? 20;
  return {
    version: 1,
    a: { runId: a.runId },
    b: { runId: b.runId },
    queryCount: a.queryIds.length,
    keyMeasure,
    measures: compared.map(({ measure, meanA, meanB, difference, randomizationP, tTestP, t }) => ({ measure, meanA, meanB, difference, randomizationP, tTestP, t })),
    better: changes.filter((c) => c.delta > 0).sort((x, y) => y.delta - x.delta || byId(x, y)).slice(0, listCount),
    worse: changes.filter((c) => c.delta < 0).sort((x, y) => x.delta - y.delta || byId(x, y)).slice(0, listCount),
    betterCount: changes.filter((c) => c.delta > 0).length,
    worseCount: changes.filter((c) => c.delta < 0).length,
    unchanged: changes.filter((c) => c.delta === 0).length,
    permutations,
    seed,
  };
}
