/**
 * UMAP's layout optimisation split into two fixed vertex partitions so that two threads can run
 * it with a reproducible result (see parallel.ts for how the kernels below travel to the helper).
 *
 * Each partition owns the edges whose head lies in its vertex range and works on a private copy
 * of all coordinates, refreshed at the start of every epoch. At the end of the epoch its own
 * vertices are copied back, and what it did to the other partition's vertices (umap's "move
 * other" pulls) is added back as a difference. Neither partition sees the other's changes
 * mid-epoch, so running the two one after the other on one thread gives bit-for-bit the same
 * coordinates as running them side by side; the partition count is fixed at two for that
 * reason, whatever the number of cores. (A private copy rather than "own vertices live, others
 * from a snapshot": choosing the array per random negative sample was a 50/50 branch.)
 *
 * Otherwise the arithmetic is umap-js's (epochs per sample, negative sampling, clip at 4,
 * linearly decaying learning rate), with two documented deviations: x^b by table (fast-pow.ts,
 * inlined here because kernels must be self-contained) and negative samples of one edge applied
 * together (umap-optimize.ts explains why).
 */
import { shared, type HelperThread } from './parallel';
import { SeededRandom } from './random';
import type { Steps } from './steps';

export interface PartitionSetup {
  /** This partition's private copy of all coordinates. */
  view: Float32Array;
  head: Int32Array;
  tail: Int32Array;
  epochsPerSample: Float64Array;
  edgeStart: number;
  edgeEnd: number;
  dims: number;
  epochs: number;
  a: number;
  b: number;
  repulsionStrength: number;
  learningRate: number;
  negativeSampleRate: number;
  randomState: [number, number, number, number];
}

/** Kernel: prepares one partition's schedule and look-up tables in `context`. Self-contained. */
export function umapPartitionSetup(context: Record<string, unknown>, setup: PartitionSetup): number {
  const count = setup.edgeEnd - setup.edgeStart;
  const perNegative = new Float64Array(count);
  const nextSample = new Float64Array(count);
  const nextNegative = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const perSample = setup.epochsPerSample[setup.edgeStart + i];
    perNegative[i] = perSample / setup.negativeSampleRate;
    nextSample[i] = perSample;
    nextNegative[i] = perNegative[i];
  }
  const table = (exponent: number) => {
    const exponentPart = new Float64Array(2048);
    for (let e = 1; e < 2047; e++) exponentPart[e] = Math.pow(2, (e - 1023) * exponent);
    const mantissaPart = new Float64Array(257);
    for (let k = 0; k <= 256; k++) mantissaPart[k] = Math.pow(1 + k / 256, exponent);
    return { exponentPart, mantissaPart };
  };
  const bits = new Float64Array(1);
  context.umap = {
    ...setup,
    perNegative,
    nextSample,
    nextNegative,
    powB: table(setup.b),
    powBMinusOne: table(setup.b - 1),
    bits,
    words: new Uint32Array(bits.buffer),
    highWord: new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0,
    push: new Float64Array(setup.dims),
  };
  return count;
}

/** Kernel: runs one epoch of the partition prepared by umapPartitionSetup. Self-contained. */
export function umapPartitionEpoch(context: Record<string, unknown>, epoch: number): number {
  const state = context.umap as PartitionSetup & {
    perNegative: Float64Array;
    nextSample: Float64Array;
    nextNegative: Float64Array;
    powB: { exponentPart: Float64Array; mantissaPart: Float64Array };
    powBMinusOne: { exponentPart: Float64Array; mantissaPart: Float64Array };
    bits: Float64Array;
    words: Uint32Array;
    highWord: number;
    push: Float64Array;
  };
  const { view, head, tail, epochsPerSample, edgeStart, edgeEnd, dims, a, b } = state;
  const { perNegative, nextSample, nextNegative, bits, words, highWord, push } = state;
  const powB = state.powB;
  const powBMinusOne = state.powBMinusOne;
  const CLIP = 4;
  const tailCount = view.length / dims;
  const sampleScale = tailCount / 4294967296;
  const twoAB = 2 * a * b;
  const twoGammaB = 2 * state.repulsionStrength * b;
  const alpha = state.learningRate * (1 - epoch / state.epochs);
  let [s0, s1, s2, s3] = state.randomState;

  if (dims === 2) {
    // The same loop unrolled for two dimensions (the common case): same arithmetic, same order.
    for (let e = edgeStart; e < edgeEnd; e++) {
      const i = e - edgeStart;
      const perSample = epochsPerSample[e];
      if (nextSample[i] > epoch || perSample <= 0) continue;
      const j = head[e];
      const k = tail[e];
      const jBase = 2 * j;
      const kBase = 2 * k;
      const dx = view[jBase] - view[kBase];
      const dy = view[jBase + 1] - view[kBase + 1];
      const distSquared = dx * dx + dy * dy;
      let gradCoeff = 0;
      if (distSquared > 0) {
        bits[0] = distSquared;
        const high = words[highWord];
        const mantissa = high & 0xfffff;
        const index = mantissa >>> 12;
        const low = powBMinusOne.mantissaPart[index];
        const scaled = powBMinusOne.exponentPart[high >>> 20] * (low + (mantissa & 0xfff) * (1 / 4096) * (powBMinusOne.mantissaPart[index + 1] - low));
        gradCoeff = (-twoAB * scaled) / (a * scaled * distSquared + 1);
      }
      let gx = gradCoeff * dx;
      gx = gx > CLIP ? CLIP : gx < -CLIP ? -CLIP : gx;
      let gy = gradCoeff * dy;
      gy = gy > CLIP ? CLIP : gy < -CLIP ? -CLIP : gy;
      view[jBase] += gx * alpha;
      view[jBase + 1] += gy * alpha;
      view[kBase] -= gx * alpha;
      view[kBase + 1] -= gy * alpha;
      nextSample[i] += perSample;

      const negativeSamples = Math.floor((epoch - nextNegative[i]) / perNegative[i]);
      const x = view[jBase];
      const y = view[jBase + 1];
      let pushX = 0;
      let pushY = 0;
      for (let p = 0; p < negativeSamples; p++) {
        const t = s0 ^ (s0 << 11);
        s0 = s1;
        s1 = s2;
        s2 = s3;
        s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
        const negative = ((s3 >>> 0) * sampleScale) | 0; // ⌊u · tailCount⌋, u uniform in [0, 1)
        const nBase = 2 * negative;
        const nx = x - view[nBase];
        const ny = y - view[nBase + 1];
        const negSquared = nx * nx + ny * ny;
        let negCoeff = 0;
        if (negSquared > 0) {
          bits[0] = negSquared;
          const high = words[highWord];
          const mantissa = high & 0xfffff;
          const index = mantissa >>> 12;
          const low = powB.mantissaPart[index];
          const powered = powB.exponentPart[high >>> 20] * (low + (mantissa & 0xfff) * (1 / 4096) * (powB.mantissaPart[index + 1] - low));
          negCoeff = twoGammaB / ((0.001 + negSquared) * (a * powered + 1));
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
      view[jBase] = x + pushX;
      view[jBase + 1] = y + pushY;
      nextNegative[i] += negativeSamples * perNegative[i];
    }
    state.randomState = [s0, s1, s2, s3];
    return 0;
  }

  for (let e = edgeStart; e < edgeEnd; e++) {
    const i = e - edgeStart;
    const perSample = epochsPerSample[e];
    if (nextSample[i] > epoch || perSample <= 0) continue;
    const j = head[e];
    const k = tail[e];
    const jBase = j * dims;
    const kBase = k * dims;

    let distSquared = 0;
    for (let d = 0; d < dims; d++) {
      const diff = view[jBase + d] - view[kBase + d];
      distSquared += diff * diff;
    }
    let gradCoeff = 0;
    if (distSquared > 0) {
      // distSquared^(b−1) by table (fast-pow.ts).
      bits[0] = distSquared;
      const high = words[highWord];
      const mantissa = high & 0xfffff;
      const index = mantissa >>> 12;
      const low = powBMinusOne.mantissaPart[index];
      const scaled = powBMinusOne.exponentPart[high >>> 20] * (low + (mantissa & 0xfff) * (1 / 4096) * (powBMinusOne.mantissaPart[index + 1] - low));
      gradCoeff = (-twoAB * scaled) / (a * scaled * distSquared + 1);
    }
    for (let d = 0; d < dims; d++) {
      let grad = gradCoeff * (view[jBase + d] - view[kBase + d]);
      grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
      view[jBase + d] += grad * alpha;
      view[kBase + d] -= grad * alpha;
    }
    nextSample[i] += perSample;

    const negativeSamples = Math.floor((epoch - nextNegative[i]) / perNegative[i]);
    for (let d = 0; d < dims; d++) push[d] = 0;
    for (let p = 0; p < negativeSamples; p++) {
      const t = s0 ^ (s0 << 11);
      s0 = s1;
      s1 = s2;
      s2 = s3;
      s3 = s3 ^ (s3 >>> 19) ^ (t ^ (t >>> 8));
      const negative = ((s3 >>> 0) * sampleScale) | 0; // ⌊u · tailCount⌋, u uniform in [0, 1)
      const nBase = negative * dims;
      let negSquared = 0;
      for (let d = 0; d < dims; d++) {
        const diff = view[jBase + d] - view[nBase + d];
        negSquared += diff * diff;
      }
      let negCoeff = 0;
      if (negSquared > 0) {
        bits[0] = negSquared;
        const high = words[highWord];
        const mantissa = high & 0xfffff;
        const index = mantissa >>> 12;
        const low = powB.mantissaPart[index];
        const powered = powB.exponentPart[high >>> 20] * (low + (mantissa & 0xfff) * (1 / 4096) * (powB.mantissaPart[index + 1] - low));
        negCoeff = twoGammaB / ((0.001 + negSquared) * (a * powered + 1));
      } else if (j === negative) {
        continue;
      }
      for (let d = 0; d < dims; d++) {
        let grad = CLIP;
        if (negCoeff > 0) {
          grad = negCoeff * (view[jBase + d] - view[nBase + d]);
          grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
        }
        push[d] += grad * alpha;
      }
    }
    for (let d = 0; d < dims; d++) view[jBase + d] += push[d];
    nextNegative[i] += negativeSamples * perNegative[i];
  }
  state.randomState = [s0, s1, s2, s3];
  return 0;
}

export const UMAP_KERNELS = { umapPartitionSetup, umapPartitionEpoch };

export interface PartitionedProblem {
  head: Int32Array;
  tail: Int32Array;
  epochsPerSample: Float64Array;
  embedding: Float32Array;
  dims: number;
  epochs: number;
  a: number;
  b: number;
  repulsionStrength: number;
  learningRate: number;
  negativeSampleRate: number;
}

function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

/**
 * Optimises `problem.embedding` (fit: head and tail are the same points; edges sorted by head)
 * in place, on the helper thread and this one when a helper is given, else inline.
 */
export function* optimizePartitioned(problem: PartitionedProblem, random: SeededRandom, helper: HelperThread | null): Steps<void> {
  const { head, dims } = problem;
  const rows = problem.embedding.length / dims;
  const edges = head.length;
  // Split where the edges halve, so both threads get the same amount of work.
  const splitVertex = edges > 0 ? head[edges >> 1] : rows >> 1;
  let splitEdge = 0;
  while (splitEdge < edges && head[splitEdge] < splitVertex) splitEdge++;

  const coordinates = problem.embedding;
  const snapshot = new Float32Array(rows * dims);
  const views = [sharedFloat32(rows * dims), sharedFloat32(rows * dims)];
  const common = {
    head: shared(problem.head),
    tail: shared(problem.tail),
    epochsPerSample: shared(problem.epochsPerSample),
    dims,
    epochs: problem.epochs,
    a: problem.a,
    b: problem.b,
    repulsionStrength: problem.repulsionStrength,
    learningRate: problem.learningRate,
    negativeSampleRate: problem.negativeSampleRate,
  };
  const partitions: PartitionSetup[] = [0, 1].map((p) => {
    const stream = random.fork();
    return {
      ...common,
      view: views[p],
      edgeStart: p === 0 ? 0 : splitEdge,
      edgeEnd: p === 0 ? splitEdge : edges,
      randomState: [stream.s0, stream.s1, stream.s2, stream.s3],
    };
  });
  const contexts: Array<Record<string, unknown>> = [{}, {}];
  const runBoth = (kernel: 'umapPartitionSetup' | 'umapPartitionEpoch', args: [unknown, unknown]) => {
    const call = UMAP_KERNELS[kernel] as (context: Record<string, unknown>, args: unknown) => number;
    if (helper) {
      helper.post(kernel, args[1]);
      call(contexts[0], args[0]);
      helper.wait<number>();
    } else {
      call(contexts[0], args[0]);
      call(contexts[1], args[1]);
    }
  };

  runBoth('umapPartitionSetup', [partitions[0], partitions[1]]);
  const ownEnd = [splitVertex * dims, rows * dims];
  const ownStart = [0, splitVertex * dims];
  for (let epoch = 0; epoch < problem.epochs; epoch++) {
    snapshot.set(coordinates);
    views[0].set(coordinates);
    views[1].set(coordinates);
    runBoth('umapPartitionEpoch', [epoch, epoch]);
    // Own vertices come back as they are, then each partition's pulls on the other's vertices.
    for (let p = 0; p < 2; p++) coordinates.set(views[p].subarray(ownStart[p], ownEnd[p]), ownStart[p]);
    for (let p = 0; p < 2; p++) {
      const view = views[p];
      const otherStart = ownStart[1 - p];
      const otherEnd = ownEnd[1 - p];
      for (let i = otherStart; i < otherEnd; i++) {
        const pulled = view[i] - snapshot[i];
        if (pulled !== 0) coordinates[i] += pulled;
      }
    }
    yield (epoch + 1) / problem.epochs;
  }
}
