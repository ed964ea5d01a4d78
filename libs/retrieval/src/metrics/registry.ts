import type { JudgedRanking } from './judged-ranking';
import { averagePrecision, averagePrecisionAtCutoffs } from './measures/average-precision';
import { bpref } from './measures/bpref';
import { numRel, numRelRet, numRet } from './measures/counts';
import { interpolatedPrecisionAtRecall } from './measures/interpolated-precision';
import { exponentialGain, linearGain, ndcgAtCutoffsWith, ndcgWith } from './measures/ndcg';
import { precisionAtCutoffs } from './measures/precision';
import { rPrecision } from './measures/r-precision';
import { recallAtCutoffs } from './measures/recall';
import { reciprocalRank } from './measures/reciprocal-rank';
import { successAtCutoffs } from './measures/success';

export type ComputeMeasure = (r: JudgedRanking, params: readonly number[], out: Float64Array, at: number) => void;

/** How per-query values become the `all` line: trec_eval averages most measures but sums the counts. */
export type Aggregate = 'mean' | 'sum' | 'geometric-mean' | 'query-count' | 'run-id';

export interface MeasureFamily {
  /** trec_eval's measure name, e.g. `P` (values are then named `P_5`, `P_10`, …). */
  name: string;
  /** `integer` values print as %ld, `float` as %6.4f. */
  format: 'float' | 'integer' | 'text';
  params: 'none' | 'integer-cutoffs' | 'real-cutoffs';
  defaultParams: readonly number[];
  aggregate: Aggregate;
  /** trec_eval prints gm_map, num_q and runid only in the summary. */
  perQuery: boolean;
  /** Not a trec_eval measure: requested by name only, never by `official` or `all_trec`. */
  extension?: boolean;
  compute?: ComputeMeasure;
}

const TREC_CUTOFFS = [5, 10, 15, 20, 30, 100, 200, 500, 1000];
const RECALL_LEVELS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

function family(
  name: string,
  compute: ComputeMeasure | undefined,
  rest: Partial<Omit<MeasureFamily, 'name' | 'compute'>> = {},
): MeasureFamily {
  return { name, compute, format: 'float', params: 'none', defaultParams: [], aggregate: 'mean', perQuery: true, ...rest };
}

const cutoffs = (defaults: readonly number[]) => ({ params: 'integer-cutoffs' as const, defaultParams: defaults });

/** Every supported measure, in trec_eval's output order (measures.c), extensions last. */
export const MEASURE_FAMILIES: readonly MeasureFamily[] = [
  family('runid', undefined, { format: 'text', aggregate: 'run-id', perQuery: false }),
  family('num_q', undefined, { format: 'integer', aggregate: 'query-count', perQuery: false }),
  family('num_ret', numRet, { format: 'integer', aggregate: 'sum' }),
  family('num_rel', numRel, { format: 'integer', aggregate: 'sum' }),
  family('num_rel_ret', numRelRet, { format: 'integer', aggregate: 'sum' }),
  family('map', averagePrecision),
  family('gm_map', averagePrecision, { aggregate: 'geometric-mean', perQuery: false }),
  family('Rprec', rPrecision),
  family('bpref', bpref),
  family('recip_rank', reciprocalRank),
  family('iprec_at_recall', interpolatedPrecisionAtRecall, { params: 'real-cutoffs', defaultParams: RECALL_LEVELS }),
  family('P', precisionAtCutoffs, cutoffs(TREC_CUTOFFS)),
  family('recall', recallAtCutoffs, cutoffs(TREC_CUTOFFS)),
  family('ndcg', ndcgWith(linearGain)),
  family('ndcg_cut', ndcgAtCutoffsWith(linearGain), cutoffs(TREC_CUTOFFS)),
  family('map_cut', averagePrecisionAtCutoffs, cutoffs(TREC_CUTOFFS)),
  family('success', successAtCutoffs, cutoffs([1, 5, 10])),
  family('ndcg_exp', ndcgWith(exponentialGain), { extension: true }),
  family('ndcg_exp_cut', ndcgAtCutoffsWith(exponentialGain), { ...cutoffs(TREC_CUTOFFS), extension: true }),
];

/** trec_eval's nicknames, restricted to the measures implemented here (measures.c lists more). */
export const MEASURE_NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  official: ['runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'bpref', 'recip_rank', 'iprec_at_recall', 'P'],
  all_trec: [
    'runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'bpref', 'recip_rank',
    'iprec_at_recall', 'P', 'recall', 'ndcg', 'success', 'map_cut', 'ndcg_cut',
  ],
};
