/**
 * The fitted state a map needs to place new points later (after a restart too): metric, PCA,
 * the reduced training vectors, their coordinates and the UMAP settings. Serialises to typed
 * arrays + small JSON, or to one self-describing byte blob.
 */
import { ProjectionError } from './errors';
import { exactQueryHeaps } from './knn-exact';
import { distanceFromSquared } from './knn';
import { heapsToGraph } from './neighbor-heap';
import { applyPca, type PcaModel } from './pca';
import { membershipStrengths, smoothKnnDistances } from './fuzzy-graph';
import { SeededRandom } from './random';
import { runToEnd } from './steps';
import type { ResolvedUmapOptions } from './umap';
import { epochsPerSample, optimizeLayout } from './umap-optimize';
import { describeRows, prepareVectors, type Metric } from './vectors';

export interface ProjectionModelMeta {
  format: 'ragscope.projection-model';
  version: 1;
  metric: Metric;
  inputDims: number;
  reducedDims: number;
  rows: number;
  umap: ResolvedUmapOptions;
  pca: { components: number; explainedVariance: number[] } | null;
}

export interface ProjectionModelBuffers {
  training: Float32Array;
  embedding: Float32Array;
  pcaMean?: Float32Array;
  pcaAxes?: Float32Array;
}

const MAGIC = 0x4d505352; // "RSPM" little-endian
const BUFFER_ORDER = ['training', 'embedding', 'pcaMean', 'pcaAxes'] as const;

export class ProjectionModel {
  constructor(
    readonly metric: Metric,
    readonly inputDims: number,
    readonly pca: PcaModel | null,
    /** Training vectors after normalisation and PCA, rows×reducedDims. */
    readonly training: Float32Array,
    /** Training coordinates, rows×nComponents. */
    readonly embedding: Float32Array,
    readonly umap: ResolvedUmapOptions,
  ) {}

  get reducedDims(): number {
    return this.pca ? this.pca.components : this.inputDims;
  }

  get rows(): number {
    return this.embedding.length / this.umap.nComponents;
  }

  /** Normalises (cosine) and reduces (PCA) raw vectors into the space the training data lives in. */
  reduce(vectors: Float32Array): Float32Array {
    const prepared = prepareVectors(vectors, this.inputDims, this.metric);
    if (prepared.excludedRows.length) {
      throw new ProjectionError('zero_vectors', `zero vectors cannot be placed under cosine: rows ${describeRows(prepared.excludedRows)}`, prepared.excludedRows);
    }
    return this.pca ? applyPca(this.pca, prepared.data) : prepared.data;
  }

  /**
   * Places new vectors (m×inputDims) on the fitted map without moving the training points, as
   * umap's transform does: fuzzy weights to the k nearest training points (exact search), start
   * at their weighted mean, then a few epochs of optimisation against the fixed map.
   * Deterministic for a given model and input.
   */
  transform(vectors: Float32Array): Float32Array {
    const reduced = this.reduce(vectors);
    const dims = this.reducedDims;
    const queries = reduced.length / dims;
    const components = this.umap.nComponents;
    const k = Math.min(this.umap.nNeighbors, this.rows);
    const graph = heapsToGraph(exactQueryHeaps(this.training, reduced, dims, k), distanceFromSquared(this.metric), false);
    const smooth = smoothKnnDistances(graph, Math.max(0, this.umap.localConnectivity - 1));
    const strengths = membershipStrengths(graph, smooth, false);

    const result = new Float32Array(queries * components);
    for (let q = 0; q < queries; q++) {
      let total = 0;
      for (let j = 0; j < k; j++) total += strengths[q * k + j];
      for (let j = 0; j < k; j++) {
        const weight = total > 0 ? strengths[q * k + j] / total : 1 / k;
        const base = graph.indices[q * k + j] * components;
        for (let d = 0; d < components; d++) result[q * components + d] += weight * this.embedding[base + d];
      }
    }

    // umap's schedule for transform: 100 epochs for up to 10,000 new points, else 30, at a
    // quarter of the fit's learning rate (umap-learn's transform does both), so a point settles
    // near its neighbours instead of being pushed about by negative samples.
    const epochs = queries <= 10_000 ? 100 : 30;
    // Each point is laid out on its own, with a generator seeded from its own vector: where a query
    // lands depends on the query and the model only, not on which other queries came with it.
    for (let q = 0; q < queries; q++) {
      const own = strengths.subarray(q * k, (q + 1) * k);
      let max = 0;
      for (const value of own) if (value > max) max = value;
      const tail: number[] = [];
      const weights: number[] = [];
      for (let j = 0; j < k; j++) {
        if (own[j] > 0 && own[j] >= max / epochs) {
          tail.push(graph.indices[q * k + j]);
          weights.push(own[j]);
        }
      }
      if (tail.length === 0) continue;
      runToEnd(optimizeLayout(
        {
          head: new Int32Array(tail.length),
          tail: Int32Array.from(tail),
          epochsPerSample: epochsPerSample(Float32Array.from(weights), epochs),
          headEmbedding: result.subarray(q * components, (q + 1) * components),
          tailEmbedding: this.embedding,
          tailCount: this.rows,
          dims: components,
          epochs,
          a: this.umap.a,
          b: this.umap.b,
          repulsionStrength: this.umap.repulsionStrength,
          learningRate: this.umap.learningRate / 4,
          negativeSampleRate: this.umap.negativeSampleRate,
          moveOther: false,
        },
        new SeededRandom(this.umap.seed ^ hashRow(reduced, q * dims, dims) ^ 0x5bd1e995),
      ));
    }
    return result;
  }

  toBuffers(): { meta: ProjectionModelMeta; buffers: ProjectionModelBuffers } {
    const meta: ProjectionModelMeta = {
      format: 'ragscope.projection-model',
      version: 1,
      metric: this.metric,
      inputDims: this.inputDims,
      reducedDims: this.reducedDims,
      rows: this.rows,
      umap: this.umap,
      pca: this.pca ? { components: this.pca.components, explainedVariance: Array.from(this.pca.explainedVariance) } : null,
    };
    const buffers: ProjectionModelBuffers = { training: this.training, embedding: this.embedding };
    if (this.pca) {
      buffers.pcaMean = this.pca.mean;
      buffers.pcaAxes = this.pca.axes;
    }
    return { meta, buffers };
  }

  static fromBuffers(meta: ProjectionModelMeta, buffers: ProjectionModelBuffers): ProjectionModel {
    if (meta.format !== 'ragscope.projection-model' || meta.version !== 1) {
      throw new ProjectionError('invalid_model', `unsupported projection model format ${meta.format} v${meta.version}`);
    }
    const expect = (name: string, actual: number | undefined, wanted: number) => {
      if (actual !== wanted) throw new ProjectionError('invalid_model', `projection model buffer ${name} has ${actual} values, expected ${wanted}`);
    };
    expect('training', buffers.training.length, meta.rows * meta.reducedDims);
    expect('embedding', buffers.embedding.length, meta.rows * meta.umap.nComponents);
    let pca: PcaModel | null = null;
    if (meta.pca) {
      expect('pcaMean', buffers.pcaMean?.length, meta.inputDims);
      expect('pcaAxes', buffers.pcaAxes?.length, meta.pca.components * meta.inputDims);
      pca = {
        dims: meta.inputDims,
        components: meta.pca.components,
        mean: buffers.pcaMean!,
        axes: buffers.pcaAxes!,
        explainedVariance: Float64Array.from(meta.pca.explainedVariance),
      };
    }
    return new ProjectionModel(meta.metric, meta.inputDims, pca, buffers.training, buffers.embedding, meta.umap);
  }

  /** One blob: magic, JSON length, JSON meta (with buffer lengths), padding to 4 bytes, float32 buffers. */
  toBytes(): Uint8Array {
    const { meta, buffers } = this.toBuffers();
    const lengths = BUFFER_ORDER.map((name) => buffers[name]?.length ?? 0);
    const json = new TextEncoder().encode(JSON.stringify({ ...meta, bufferLengths: lengths }));
    const headerBytes = 8 + Math.ceil(json.length / 4) * 4;
    const bytes = new Uint8Array(headerBytes + lengths.reduce((sum, length) => sum + length * 4, 0));
    const view = new DataView(bytes.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, json.length, true);
    bytes.set(json, 8);
    let offset = headerBytes;
    for (const name of BUFFER_ORDER) {
      const buffer = buffers[name];
      if (!buffer) continue;
      for (let i = 0; i < buffer.length; i++) view.setFloat32(offset + i * 4, buffer[i], true);
      offset += buffer.length * 4;
    }
    return bytes;
  }

  static fromBytes(bytes: Uint8Array): ProjectionModel {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new ProjectionError('invalid_model', 'not a ragscope projection model blob');
    const jsonLength = view.getUint32(4, true);
    const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + jsonLength))) as ProjectionModelMeta & { bufferLengths: number[] };
    let offset = 8 + Math.ceil(jsonLength / 4) * 4;
    const buffers: Partial<Record<(typeof BUFFER_ORDER)[number], Float32Array>> = {};
    BUFFER_ORDER.forEach((name, i) => {
      const length = meta.bufferLengths[i];
      if (!length) return;
      if (offset + length * 4 > bytes.byteLength) throw new ProjectionError('invalid_model', 'projection model blob is truncated');
      const buffer = new Float32Array(length);
      for (let j = 0; j < length; j++) buffer[j] = view.getFloat32(offset + j * 4, true);
      buffers[name] = buffer;
      offset += length * 4;
    });
    return ProjectionModel.fromBuffers(meta, buffers as ProjectionModelBuffers);
  }
}

/** FNV-1a over a row's float32 bits: a seed that only the row's values decide. */
function hashRow(data: Float32Array, start: number, length: number): number {
  const bits = new Uint32Array(data.buffer, data.byteOffset + start * 4, length);
  let hash = 0x811c9dc5;
  for (const word of bits) {
    hash = Math.imul(hash ^ (word & 0xffff), 0x01000193);
    hash = Math.imul(hash ^ (word >>> 16), 0x01000193);
  }
  return hash >>> 0;
}
