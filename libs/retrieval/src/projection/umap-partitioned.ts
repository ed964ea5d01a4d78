/**
 * UMAP's layout optimisation split into two fixed vertex partitions so that two threads can run
 * it with a reproducible result (see parallel.ts for how the kernels below travel to the helper).
 *
 * Each partition owns the edges whose head lies in its vertex range and moves only its own
 * vertices directly. Within an epoch it reads the other partition's vertices from a snapshot
 * taken at the start of the epoch, and its pulls on the other partition's vertices (umap's
 * "move other") are collected in a delta buffer that is added at the end of the epoch. Neither
 * partition ever sees the other's changes mid-epoch, so running the two one after the other on
 * one thread gives bit-for-bit the same coordinates as running them side by side; the partition
 * count is fixed at two for that reason, whatever the number of cores.
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
  embedding: Float32Array;
  snapshot: Float32Array;
  delta: Float32Array;
  head: Int32Array;
  tail: Int32Array;
  epochsPerSample: Float64Array;
  edgeStart: number;
  edgeEnd: number;
  vertexStart: number;
  vertexEnd: number;
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
  const { embedding: live, snapshot, delta, head, tail, epochsPerSample, edgeStart, edgeEnd, vertexStart, vertexEnd, dims, a, b } = state;
  const { perNegative, nextSample, nextNegative, bits, words, highWord, push } = state;
  const powB = state.powB;
  const powBMinusOne = state.powBMinusOne;
  const CLIP = 4;
  const tailCount = live.length / dims;
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
      const kOwn = k >= vertexStart && k < vertexEnd;
      const kSource = kOwn ? live : snapshot;
      const dx = live[jBase] - kSource[kBase];
      const dy = live[jBase + 1] - kSource[kBase + 1];
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
      live[jBase] += gx * alpha;
      live[jBase + 1] += gy * alpha;
      if (kOwn) {
        live[kBase] -= gx * alpha;
        live[kBase + 1] -= gy * alpha;
      } else {
        delta[kBase] -= gx * alpha;
        delta[kBase + 1] -= gy * alpha;
      }
      nextSample[i] += perSample;

      const negativeSamples = Math.floor((epoch - nextNegative[i]) / perNegative[i]);
      const x = live[jBase];
      const y = live[jBase + 1];
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
        const nSource = negative >= vertexStart && negative < vertexEnd ? live : snapshot;
        const nx = x - nSource[nBase];
        const ny = y - nSource[nBase + 1];
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
      live[jBase] = x + pushX;
      live[jBase + 1] = y + pushY;
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
    const kOwn = k >= vertexStart && k < vertexEnd;
    const kSource = kOwn ? live : snapshot;

    let distSquared = 0;
    for (let d = 0; d < dims; d++) {
      const diff = live[jBase + d] - kSource[kBase + d];
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
      let grad = gradCoeff * (live[jBase + d] - kSource[kBase + d]);
      grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
      live[jBase + d] += grad * alpha;
      if (kOwn) live[kBase + d] -= grad * alpha;
      else delta[kBase + d] -= grad * alpha;
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
      const negative = Math.floor(((s3 >>> 0) / 4294967296) * tailCount);
      const nBase = negative * dims;
      const nSource = negative >= vertexStart && negative < vertexEnd ? live : snapshot;
      let negSquared = 0;
      for (let d = 0; d < dims; d++) {
        const diff = live[jBase + d] - nSource[nBase + d];
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
          grad = negCoeff * (live[jBase + d] - nSource[nBase + d]);
          grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
        }
        push[d] += grad * alpha;
      }
    }
    for (let d = 0; d < dims; d++) live[jBase + d] += push[d];
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

  const live = sharedFloat32(rows * dims);
  live.set(problem.embedding);
  const snapshot = sharedFloat32(rows * dims);
  const deltas = [sharedFloat32(rows * dims), sharedFloat32(rows * dims)];
  const common = {
    embedding: live,
    snapshot,
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
      delta: deltas[p],
      edgeStart: p === 0 ? 0 : splitEdge,
      edgeEnd: p === 0 ? splitEdge : edges,
      vertexStart: p === 0 ? 0 : splitVertex,
      vertexEnd: p === 0 ? splitVertex : rows,
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
  for (let epoch = 0; epoch < problem.epochs; epoch++) {
    snapshot.set(live);
    runBoth('umapPartitionEpoch', [epoch, epoch]);
    // Pulls on the other partition's vertices land now, partition 0's first.
    for (let p = 0; p < 2; p++) {
      const delta = deltas[p];
      const start = p === 0 ? splitVertex * dims : 0;
      const end = p === 0 ? rows * dims : splitVertex * dims;
      for (let i = start; i < end; i++) {
        if (delta[i] !== 0) {
          live[i] += delta[i];
          delta[i] = 0;
        }
      }
    }
    yield (epoch + 1) / problem.epochs;
  }
  problem.embedding.set(live);
}
