/**
 * PCA by a randomized range finder (Halko, Martinsson & Tropp 2011) fitted on a seeded row sample.
 *
 * The big products run over typed arrays here because ml-matrix would first copy 100k×384 floats
 * into nested number[] rows; ml-matrix still does the SVD of the small (components+oversampling)×d
 * sketch, where its accuracy matters and its cost does not.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { sampleIndices, SeededRandom } from './random';

export interface PcaModel {
  dims: number;
  components: number;
  /** Column means of the fitted data, length `dims`. */
  mean: Float32Array;
  /** Principal axes as rows, components×dims, strongest first. */
  axes: Float32Array;
  /** Variance explained by each component (of the sample). */
  explainedVariance: Float64Array;
}

export interface PcaOptions {
  components: number;
  /** Rows used to fit the axes; the projection is applied to every row. */
  sampleSize?: number;
  oversampling?: number;
  powerIterations?: number;
  seed?: number;
}

/** Orthonormalises the columns of a row-major rows×cols matrix in place (modified Gram–Schmidt). */
function orthonormalizeColumns(matrix: Float64Array, rows: number, cols: number): void {
  for (let c = 0; c < cols; c++) {
    for (let prev = 0; prev < c; prev++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += matrix[r * cols + c] * matrix[r * cols + prev];
      for (let r = 0; r < rows; r++) matrix[r * cols + c] -= dot * matrix[r * cols + prev];
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += matrix[r * cols + c] ** 2;
    norm = Math.sqrt(norm);
    const scale = norm > 1e-12 ? 1 / norm : 0;
    for (let r = 0; r < rows; r++) matrix[r * cols + c] *= scale;
  }
}

/** out(rows×width) = centred(sample rows of X) · right(dims×width). */
function multiplyCentred(data: Float32Array, dims: number, rowsIdx: Int32Array, mean: Float64Array, right: Float64Array, width: number): Float64Array {
  const out = new Float64Array(rowsIdx.length * width);
  for (let r = 0; r < rowsIdx.length; r++) {
    const base = rowsIdx[r] * dims;
    const outBase = r * width;
    for (let j = 0; j < dims; j++) {
      const value = data[base + j] - mean[j];
      const rightBase = j * width;
      for (let c = 0; c < width; c++) out[outBase + c] += value * right[rightBase + c];
    }
  }
  return out;
}

/** out(dims×width) = centred(sample rows of X)ᵀ · left(rows×width). */
function multiplyCentredTransposed(data: Float32Array, dims: number, rowsIdx: Int32Array, mean: Float64Array, left: Float64Array, width: number): Float64Array {
  const out = new Float64Array(dims * width);
  for (let r = 0; r < rowsIdx.length; r++) {
    const base = rowsIdx[r] * dims;
    const leftBase = r * width;
    for (let j = 0; j < dims; j++) {
      const value = data[base + j] - mean[j];
      const outBase = j * width;
      for (let c = 0; c < width; c++) out[outBase + c] += value * left[leftBase + c];
    }
  }
  return out;
}

export function fitPca(data: Float32Array, dims: number, options: PcaOptions): PcaModel {
  const rows = data.length / dims;
  const components = Math.min(options.components, dims, rows);
  const random = new SeededRandom(options.seed ?? 42);
  const sample = sampleIndices(rows, Math.min(rows, options.sampleSize ?? 10_000), random);
  const width = Math.min(dims, sample.length, components + (options.oversampling ?? 20));

  const mean = new Float64Array(dims);
  for (const row of sample) for (let j = 0; j < dims; j++) mean[j] += data[row * dims + j];
  for (let j = 0; j < dims; j++) mean[j] /= sample.length;

  const gaussian = new Float64Array(dims * width);
  for (let i = 0; i < gaussian.length; i++) gaussian[i] = random.nextGaussian();
  let range = multiplyCentred(data, dims, sample, mean, gaussian, width);
  for (let iteration = 0; iteration < (options.powerIterations ?? 2); iteration++) {
    orthonormalizeColumns(range, sample.length, width);
    const back = multiplyCentredTransposed(data, dims, sample, mean, range, width);
    orthonormalizeColumns(back, dims, width);
    range = multiplyCentred(data, dims, sample, mean, back, width);
  }
  orthonormalizeColumns(range, sample.length, width);

  // sketch = rangeᵀ · centred sample (width×dims); its right singular vectors are the axes.
  const sketchT = multiplyCentredTransposed(data, dims, sample, mean, range, width);
  const sketch = new Matrix(width, dims);
  for (let j = 0; j < dims; j++) for (let c = 0; c < width; c++) sketch.set(c, j, sketchT[j * width + c]);
  const svd = new SingularValueDecomposition(sketch.transpose(), { computeLeftSingularVectors: true, computeRightSingularVectors: false, autoTranspose: true });
  const axesMatrix = svd.leftSingularVectors; // dims×width, columns sorted by singular value
  const singular = svd.diagonal;

  const axes = new Float32Array(components * dims);
  const explainedVariance = new Float64Array(components);
  for (let c = 0; c < components; c++) {
    // Fix each axis's sign (largest |loading| positive) so the output does not depend on solver sign choices.
    let largest = 0;
    for (let j = 0; j < dims; j++) if (Math.abs(axesMatrix.get(j, c)) > Math.abs(largest)) largest = axesMatrix.get(j, c);
    const sign = largest < 0 ? -1 : 1;
    for (let j = 0; j < dims; j++) axes[c * dims + j] = sign * axesMatrix.get(j, c);
    explainedVariance[c] = (singular[c] * singular[c]) / Math.max(1, sample.length - 1);
  }
  return { dims, components, mean: Float32Array.from(mean), axes, explainedVariance };
}

/** Projects every row onto the fitted axes: rows×components. */
export function applyPca(model: PcaModel, data: Float32Array): Float32Array {
  const { dims, components, mean, axes } = model;
  const rows = data.length / dims;
  const out = new Float32Array(rows * components);
  const centred = new Float64Array(dims);
  for (let r = 0; r < rows; r++) {
    const base = r * dims;
    for (let j = 0; j < dims; j++) centred[j] = data[base + j] - mean[j];
    for (let c = 0; c < components; c++) {
      const axisBase = c * dims;
      let sum = 0;
      for (let j = 0; j < dims; j++) sum += centred[j] * axes[axisBase + j];
      out[r * components + c] = sum;
    }
  }
  return out;
}
