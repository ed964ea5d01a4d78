import type { Evaluation } from '../evaluate';
import { MIN_GEO_MEAN } from '../evaluate';
import { seededRandom } from '../../random';

export interface BootstrapOptions {
  /** Resamples drawn (with replacement, of the evaluated queries). Default 1,000. */
  resamples?: number;
  /** Two-sided coverage. Default 0.95. */
  confidence?: number;
  /** PRNG seed. Default 20240229. */
  seed?: number;
}

export interface ConfidenceInterval {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * Percentile-bootstrap confidence interval of a mean: resample the queries with replacement, take
 * the mean of each resample, and report the (1−c)/2 and (1+c)/2 quantiles of those means (linear
 * interpolation between order statistics, R's type 7).
 */
export function bootstrapMean(values: ArrayLike<number>, options: BootstrapOptions = {}): ConfidenceInterval {
  const matrix = Float64Array.from(values as ArrayLike<number>);
  const [interval] = bootstrapColumns(matrix, values.length, 1, ['mean'], options);
  return interval;
}

/**
 * A confidence interval for every averaged column of an evaluation (geometric mean for gm_map).
 * Summed counts (num_ret, num_rel, num_rel_ret) have none. One set of resamples serves all columns,
 * so the intervals of different measures come from the same resampled query sets.
 */
export function bootstrapEvaluation(evaluation: Evaluation, options: BootstrapOptions = {}): Map<string, ConfidenceInterval> {
  const columns = evaluation.columns.filter((c) => c.measure.family.aggregate !== 'sum');
  const n = evaluation.queryIds.length;
  const matrix = new Float64Array(n * columns.length);
  columns.forEach((column, c) => {
    const geometric = column.measure.family.aggregate === 'geometric-mean';
    const values = evaluation.values.get(column.name)!;
    for (let q = 0; q < n; q++) matrix[q * columns.length + c] = geometric ? Math.log(Math.max(values[q], MIN_GEO_MEAN)) : values[q];
  });
  const kinds = columns.map((c) => (c.measure.family.aggregate === 'geometric-mean' ? 'geometric' : 'mean'));
  const intervals = bootstrapColumns(matrix, n, columns.length, kinds, options);
  return new Map(columns.map((column, c) => [column.name, intervals[c]]));
}

/** `matrix` is row-major, one row per query: each resample draws one set of rows shared by all columns. */
function bootstrapColumns(
  matrix: Float64Array,
  n: number,
  width: number,
  kinds: readonly ('mean' | 'geometric')[],
  options: BootstrapOptions,
): ConfidenceInterval[] {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const random = seededRandom(options.seed ?? 20240229);
  const means = Array.from({ length: width }, () => new Float64Array(resamples));
  const sums = new Float64Array(width);
  for (let b = 0; b < resamples && n > 0; b++) {
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const row = Math.floor(random() * n) * width;
      for (let c = 0; c < width; c++) sums[c] += matrix[row + c];
    }
    for (let c = 0; c < width; c++) means[c][b] = sums[c] / n;
  }
  return means.map((column, c) => {
    let total = 0;
    for (let q = 0; q < n; q++) total += matrix[q * width + c];
    const back = kinds[c] === 'geometric' ? Math.exp : (x: number) => x;
    if (n === 0) return { estimate: 0, lower: 0, upper: 0 };
    column.sort();
    return {
      estimate: back(total / n),
      lower: back(quantile(column, (1 - confidence) / 2)),
      upper: back(quantile(column, (1 + confidence) / 2)),
    };
  });
}

/** Type-7 quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
