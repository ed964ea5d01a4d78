/**
 * UMAP's stochastic gradient descent with umap-js / umap-learn semantics (epochs per sample,
 * negative sampling, clipped gradients, linearly decaying learning rate), rewritten over flat
 * Float32Array coordinates and an inlined seeded xorshift: umap-js indexes number[][] rows and
 * calls a generic random() closure hundreds of millions of times.
 *
 * Deliberately single-threaded: the update order decides the result, and a fixed order is what
 * makes the same seed give the same coordinates bit for bit.
 */
import { powTable, tablePow, type PowTable } from './fast-pow';
import type { SeededRandom } from './random';
import type { Steps } from './steps';

export interface LayoutProblem {
  /** Edge endpoints: `head` points move; `tail` points move too when moveOther. */
  head: Int32Array;
  tail: Int32Array;
  epochsPerSample: Float64Array;
  headEmbedding: Float32Array;
  tailEmbedding: Float32Array;
  /** Tail points to draw negative samples from. */
  tailCount: number;
  dims: number;
  epochs: number;
  a: number;
  b: number;
  repulsionStrength: number;
  learningRate: number;
  negativeSampleRate: number;
  moveOther: boolean;
}

/** Per-edge weights → epochs between samples (umap's make_epochs_per_sample); -1 = never sampled. */
export function epochsPerSample(weights: Float32Array, epochs: number): Float64Array {
  const result = new Float64Array(weights.length).fill(-1);
  let max = 0;
  for (const w of weights) if (w > max) max = w;
  for (let i = 0; i < weights.length; i++) {
    const samples = (weights[i] / max) * epochs;
    if (samples > 0) result[i] = epochs / samples;
  }
  return result;
}

const CLIP = 4;

/** Scheduling state carried from epoch to epoch. */
interface Schedule {
  perSample: Float64Array;
  perNegative: Float64Array;
  nextSample: Float64Array;
  nextNegative: Float64Array;
  powB: PowTable;
  powBMinusOne: PowTable;
}

/** Optimises problem.headEmbedding in place, yielding the fraction of epochs done after each epoch. */
export function* optimizeLayout(problem: LayoutProblem, random: SeededRandom): Steps<void> {
  const edges = problem.head.length;
  const perSample = problem.epochsPerSample;
  const schedule: Schedule = {
    perSample,
    perNegative: new Float64Array(edges),
    nextSample: Float64Array.from(perSample),
    nextNegative: new Float64Array(edges),
    powB: powTable(problem.b),
    powBMinusOne: powTable(problem.b - 1),
  };
  for (let i = 0; i < edges; i++) {
    schedule.perNegative[i] = perSample[i] / problem.negativeSampleRate;
    schedule.nextNegative[i] = schedule.perNegative[i];
  }
  for (let epoch = 0; epoch < problem.epochs; epoch++) {
    if (problem.dims === 2) runEpoch2d(problem, schedule, random, epoch);
    else runEpoch(problem, schedule, random, epoch);
    yield (epoch + 1) / problem.epochs;
  }
}

function runEpoch(problem: LayoutProblem, schedule: Schedule, random: SeededRandom, epoch: number): void {
  const { head, tail, headEmbedding: current, tailEmbedding: other, tailCount, dims, a, b, moveOther } = problem;
  const { perSample, perNegative, nextSample, nextNegative, powB, powBMinusOne } = schedule;
  const edges = head.length;
  const twoAB = 2 * a * b;
  const twoGammaB = 2 * problem.repulsionStrength * b;
  const alpha = problem.learningRate * (1 - epoch / problem.epochs);
  let s0 = random.s0;
  let s1 = random.s1;
  let s2 = random.s2;
  let s3 = random.s3;

  for (let i = 0; i < edges; i++) {
    if (nextSample[i] > epoch || perSample[i] <= 0) continue;
    const j = head[i];
    const k = tail[i];
    const jBase = j * dims;
    const kBase = k * dims;

    let distSquared = 0;
    for (let d = 0; d < dims; d++) {
      const diff = current[jBase + d] - other[kBase + d];
      distSquared += diff * diff;
    }
    let gradCoeff = 0;
    if (distSquared > 0) {
      const scaled = tablePow(powBMinusOne, distSquared);
      gradCoeff = (-twoAB * scaled) / (a * scaled * distSquared + 1);
    }
    for (let d = 0; d < dims; d++) {
      let grad = gradCoeff * (current[jBase + d] - other[kBase + d]);
      grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
      current[jBase + d] += grad * alpha;
      if (moveOther) other[kBase + d] -= grad * alpha;
    }
    nextSample[i] += perSample[i];

    const negativeSamples = Math.floor((epoch - nextNegative[i]) / perNegative[i]);
    for (let p = 0; p < negativeSamples; p++) {
      // xorshift128, inlined (same stream as SeededRandom.nextUint32).
      const t = s0 ^ (s0 << 11);
      s0 = s1;
      s1 = s2;
      s2 = s3;
      s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
      const negative = Math.floor(((s3 >>> 0) / 4294967296) * tailCount);
      const nBase = negative * dims;
      let negSquared = 0;
      for (let d = 0; d < dims; d++) {
        const diff = current[jBase + d] - other[nBase + d];
        negSquared += diff * diff;
      }
      let negCoeff = 0;
      if (negSquared > 0) {
        negCoeff = twoGammaB / ((0.001 + negSquared) * (a * tablePow(powB, negSquared) + 1));
      } else if (j === negative) {
        continue;
      }
      for (let d = 0; d < dims; d++) {
        let grad = CLIP;
        if (negCoeff > 0) {
          grad = negCoeff * (current[jBase + d] - other[nBase + d]);
          grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
        }
        current[jBase + d] += grad * alpha;
      }
    }
    nextNegative[i] += negativeSamples * perNegative[i];
  }
  random.s0 = s0;
  random.s1 = s1;
  random.s2 = s2;
  random.s3 = s3;
}

/** runEpoch unrolled for two dimensions (the common case): same arithmetic, same order, ~1.5× faster. */
function runEpoch2d(problem: LayoutProblem, schedule: Schedule, random: SeededRandom, epoch: number): void {
  const { head, tail, headEmbedding: current, tailEmbedding: other, tailCount, a, b, moveOther } = problem;
  const { perSample, perNegative, nextSample, nextNegative, powB, powBMinusOne } = schedule;
  const edges = head.length;
  const twoAB = 2 * a * b;
  const twoGammaB = 2 * problem.repulsionStrength * b;
  const alpha = problem.learningRate * (1 - epoch / problem.epochs);
  let s0 = random.s0;
  let s1 = random.s1;
  let s2 = random.s2;
  let s3 = random.s3;

  for (let i = 0; i < edges; i++) {
    if (nextSample[i] > epoch || perSample[i] <= 0) continue;
    const j = head[i];
    const jBase = 2 * j;
    const kBase = 2 * tail[i];
    let x = current[jBase];
    let y = current[jBase + 1];
    const dx = x - other[kBase];
    const dy = y - other[kBase + 1];
    const distSquared = dx * dx + dy * dy;
    let gradCoeff = 0;
    if (distSquared > 0) {
      const scaled = tablePow(powBMinusOne, distSquared);
      gradCoeff = (-twoAB * scaled) / (a * scaled * distSquared + 1);
    }
    let gx = gradCoeff * dx;
    gx = gx > CLIP ? CLIP : gx < -CLIP ? -CLIP : gx;
    let gy = gradCoeff * dy;
    gy = gy > CLIP ? CLIP : gy < -CLIP ? -CLIP : gy;
    x += gx * alpha;
    y += gy * alpha;
    current[jBase] = x;
    current[jBase + 1] = y;
    if (moveOther) {
      other[kBase] -= gx * alpha;
      other[kBase + 1] -= gy * alpha;
    }
    // Re-read: when moveOther and head = tail array, the tail update above may have touched j.
    x = current[jBase];
    y = current[jBase + 1];
    nextSample[i] += perSample[i];

    const negativeSamples = Math.floor((epoch - nextNegative[i]) / perNegative[i]);
    let pushX = 0;
    let pushY = 0;
    for (let p = 0; p < negativeSamples; p++) {
      const t = s0 ^ (s0 << 11);
      s0 = s1;
      s1 = s2;
      s2 = s3;
      s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
      const negative = Math.floor(((s3 >>> 0) / 4294967296) * tailCount);
      const nBase = 2 * negative;
      const nx = x - other[nBase];
      const ny = y - other[nBase + 1];
      const negSquared = nx * nx + ny * ny;
      let negCoeff = 0;
      if (negSquared > 0) {
        negCoeff = twoGammaB / ((0.001 + negSquared) * (a * tablePow(powB, negSquared) + 1));
      } else if (j === negative) {
        continue;
      }
      let hx = CLIP;
      let hy = CLIP;
      if (negCoeff > 0) {
        hx = negCoeff * nx;
        hx = hx > CLIP ? CLIP : hx < -CLIP ? -CLIP : hx;
        hy = negCoeff * ny;
        hy = hy > CLIP ? CLIP : hy < -CLIP ? -CLIP : hy;
      }
      pushX += hx * alpha;
      pushY += hy * alpha;
    }
    current[jBase] = x + pushX;
    current[jBase + 1] = y + pushY;
    nextNegative[i] += negativeSamples * perNegative[i];
  }
  random.s0 = s0;
  random.s1 = s1;
  random.s2 = s2;
  random.s3 = s3;
}
