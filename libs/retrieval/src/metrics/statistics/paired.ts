import tCdf from '@stdlib/stats-base-dists-t-cdf';
import type { Evaluation } from '../evaluate';
import { MetricsInputError } from '../types';
import { seededUint32 } from '../../random';

export interface PairedComparisonOptions {
  /** Random sign flips drawn for the randomization test. Default 10,000. */
  permutations?: number;
  /** PRNG seed. Default 20240229. */
  seed?: number;
}

export interface PairedComparison {
  measure: string;
  queries: number;
  meanA: number;
  meanB: number;
  /** meanB − meanA. */
  difference: number;
  /** Two-sided p-value of the paired randomization (sign-flip) test, (hits + 1) / (permutations + 1). */
  randomizationP: number;
  /** Paired t statistic of B − A and its two-sided p-value with n − 1 degrees of freedom. */
  t: number;
  tTestP: number;
}

/**
 * Compares two evaluations of the same queries, measure by measure (averaged measures only).
 * Both tests are two-sided and paired by query; each permutation flips the sign of every
 * query's difference with probability ½, the same flips being used for all measures.
 */
export function compareEvaluations(a: Evaluation, b: Evaluation, options: PairedComparisonOptions = {}): PairedComparison[] {
  if (a.queryIds.length !== b.queryIds.length || a.queryIds.some((qid, i) => qid !== b.queryIds[i])) {
    throw new MetricsInputError('paired comparison needs both runs evaluated on the same queries (evaluate both with complete: true)');
  }
  const names = a.columns.filter((c) => c.measure.family.aggregate === 'mean' && b.values.has(c.name)).map((c) => c.name);
  const n = a.queryIds.length;
  const differences = names.map((name) => {
    const va = a.values.get(name)!;
    const vb = b.values.get(name)!;
    return Float64Array.from(vb, (v, q) => v - va[q]);
  });
  const randomizationP = signFlipPValues(differences, n, options.permutations ?? 10_000, options.seed ?? 20240229);
  return names.map((measure, m) => {
    const { t, p } = pairedTTest(differences[m]);
    return {
      measure,
      queries: n,
      meanA: mean(a.values.get(measure)!),
      meanB: mean(b.values.get(measure)!),
      difference: mean(differences[m]),
      randomizationP: randomizationP[m],
      t,
      tTestP: p,
    };
  });
}

/** Paired t-test on per-query differences: t = mean / (sd / √n), two-sided p from Student's t with n − 1 df. */
export function pairedTTest(differences: ArrayLike<number>): { t: number; p: number } {
  const n = differences.length;
  if (n < 2) return { t: Number.NaN, p: Number.NaN };
  const m = mean(differences);
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (differences[i] - m) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  if (sd === 0) return m === 0 ? { t: 0, p: 1 } : { t: m > 0 ? Infinity : -Infinity, p: 0 };
  const t = m / (sd / Math.sqrt(n));
  // cdf(−|t|) rather than 1 − cdf(|t|): the subtraction would round small p-values to 0.
  return { t, p: Math.min(1, 2 * tCdf(-Math.abs(t), n - 1)) };
}

function signFlipPValues(differences: readonly Float64Array[], n: number, permutations: number, seed: number): number[] {
  const observed = differences.map((d) => Math.abs(sum(d)));
  const hits = new Array<number>(differences.length).fill(0);
  const draw = seededUint32(seed);
  const signs = new Float64Array(n);
  for (let p = 0; p < permutations; p++) {
    let bits = 0;
    for (let q = 0; q < n; q++) {
      if (q % 32 === 0) bits = draw();
      signs[q] = (bits >>> q % 32) & 1 ? -1 : 1;
    }
    for (let m = 0; m < differences.length; m++) {
      let total = 0;
      const d = differences[m];
      for (let q = 0; q < n; q++) total += signs[q] * d[q];
      // A relative tolerance keeps permutations equal to the observed sum from being lost to rounding.
      if (Math.abs(total) >= observed[m] - 1e-12 * Math.max(1, observed[m])) hits[m]++;
    }
  }
  return hits.map((h) => (h + 1) / (permutations + 1));
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function mean(values: ArrayLike<number>): number {
  return values.length ? sum(values) / values.length : 0;
}
