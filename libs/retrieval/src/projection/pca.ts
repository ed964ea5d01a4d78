/**
 * PCA fitted on a seeded row sample: for d ≤ 1024 from the covariance matrix (subspace
 * iteration); above that by a randomized range finder (Halko, Martinsson & Tropp 2011) whose
 * small sketch ml-matrix decomposes.
 *
 * The big products run over typed arrays here because ml-matrix would first copy 100k×384 floats
 * into nested number[] rows; ml-matrix does the decompositions of the small d×d or sketch
 * matrices, where its accuracy matters and its cost does not.
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
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
  /** Rows used to fit the axes (default 5,000); the projection is applied to every row. */
  sampleSize?: number;
  /** Largest d fitted exactly through the d×d covariance matrix. Default 1024. */
  covarianceMaxDims?: number;
  oversampling?: number;
  powerIterations?: number;
  seed?: number;
}

/**
 * Orthonormalises the columns of a row-major rows×cols matrix in place (modified Gram–Schmidt),
 * working on a column-major copy so that every inner loop reads contiguous memory.
 */
function orthonormalizeColumns(matrix: Float64Array, rows: number, cols: number): void {
  const columns = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) columns[c * rows + r] = matrix[r * cols + c];
  for (let c = 0; c < cols; c++) {
    const base = c * rows;
    for (let prev = 0; prev < c; prev++) {
      const prevBase = prev * rows;
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += columns[base + r] * columns[prevBase + r];
      for (let r = 0; r < rows; r++) columns[base + r] -= dot * columns[prevBase + r];
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += columns[base + r] * columns[base + r];
    norm = Math.sqrt(norm);
    const scale = norm > 1e-12 ? 1 / norm : 0;
    for (let r = 0; r < rows; r++) columns[base + r] *= scale;
  }
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) matrix[r * cols + c] = columns[c * rows + r];
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
  const sample = sampleIndices(rows, Math.min(rows, options.sampleSize ?? 5_000), random);
  const width = Math.min(dims, sample.length, components + (options.oversampling ?? 20));

  const mean = new Float64Array(dims);
  for (const row of sample) for (let j = 0; j < dims; j++) mean[j] += data[row * dims + j];
  for (let j = 0; j < dims; j++) mean[j] /= sample.length;
  if (dims <= (options.covarianceMaxDims ?? 1024)) return covariancePca(data, dims, sample, mean, components, options.seed ?? 42);

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
    setSignedAxis(axes, c, dims, (j) => axesMatrix.get(j, c));
    explainedVariance[c] = (singular[c] * singular[c]) / Math.max(1, sample.length - 1);
  }
  return { dims, components, mean: Float32Array.from(mean), axes, explainedVariance };
}

/** Upper triangle of the sample covariance, accumulated four rows at a time to stream the d×d matrix less often. */
function covariance(data: Float32Array, dims: number, sample: Int32Array, mean: Float64Array): Float64Array {
  const sums = new Float64Array(dims * dims);
  const block = new Float64Array(4 * dims);
  for (let start = 0; start < sample.length; start += 4) {
    block.fill(0);
    const count = Math.min(4, sample.length - start);
    for (let b = 0; b < count; b++) {
      const base = sample[start + b] * dims;
      for (let j = 0; j < dims; j++) block[b * dims + j] = data[base + j] - mean[j];
    }
    for (let i = 0; i < dims; i++) {
      const a0 = block[i];
      const a1 = block[dims + i];
      const a2 = block[2 * dims + i];
      const a3 = block[3 * dims + i];
      const rowBase = i * dims;
      for (let j = i; j < dims; j++) {
        sums[rowBase + j] += a0 * block[j] + a1 * block[dims + j] + a2 * block[2 * dims + j] + a3 * block[3 * dims + j];
      }
    }
  }
  const scale = 1 / Math.max(1, sample.length - 1);
  for (let i = 0; i < dims; i++) {
    for (let j = i; j < dims; j++) {
      sums[i * dims + j] *= scale;
      sums[j * dims + i] = sums[i * dims + j];
    }
  }
  return sums;
}

/**
 * Top eigenvectors of the covariance by subspace iteration with a Rayleigh–Ritz step (ml-matrix
 * decomposes the small projected matrix): a full d×d eigendecomposition costs ~0.3 s at d = 384,
 * this ~0.05 s, and only the leading subspace is needed.
 */
function covariancePca(data: Float32Array, dims: number, sample: Int32Array, mean: Float64Array, components: number, seed: number): PcaModel {
  const cov = covariance(data, dims, sample, mean);
  const width = Math.min(dims, components + 10);
  const random = new SeededRandom(seed ^ 0x2545f491);
  let basis = new Float64Array(dims * width);
  for (let i = 0; i < basis.length; i++) basis[i] = random.nextGaussian();
  orthonormalizeColumns(basis, dims, width);
  const multiply = (right: Float64Array) => {
    const out = new Float64Array(dims * width);
    for (let i = 0; i < dims; i++) {
      for (let k = 0; k < dims; k++) {
        const c = cov[i * dims + k];
        if (c === 0) continue;
        for (let w = 0; w < width; w++) out[i * width + w] += c * right[k * width + w];
      }
    }
    return out;
  };
  for (let iteration = 0; iteration < 6; iteration++) {
    basis = multiply(basis);
    orthonormalizeColumns(basis, dims, width);
  }
  // Rayleigh–Ritz: eigenvectors of basisᵀ·C·basis rotate the basis onto the principal axes.
  const projected = multiply(basis);
  const small = new Matrix(width, width);
  for (let a = 0; a < width; a++) {
    for (let b = 0; b < width; b++) {
      let sum = 0;
      for (let i = 0; i < dims; i++) sum += basis[i * width + a] * projected[i * width + b];
      small.set(a, b, sum);
    }
  }
  const decomposition = new EigenvalueDecomposition(small, { assumeSymmetric: true });
  const values = decomposition.realEigenvalues;
  const vectors = decomposition.eigenvectorMatrix;
  const byVariance = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
  const axes = new Float32Array(components * dims);
  const explainedVariance = new Float64Array(components);
  for (let c = 0; c < components; c++) {
    const column = byVariance[c];
    const axis = new Float64Array(dims);
    for (let i = 0; i < dims; i++) {
      let sum = 0;
      for (let w = 0; w < width; w++) sum += basis[i * width + w] * vectors.get(w, column);
      axis[i] = sum;
    }
    setSignedAxis(axes, c, dims, (j) => axis[j]);
    explainedVariance[c] = Math.max(0, values[column]);
  }
  return { dims, components, mean: Float32Array.from(mean), axes, explainedVariance };
}

/** Writes axis c, sign fixed so its largest |loading| is positive (solvers choose signs freely). */
function setSignedAxis(axes: Float32Array, c: number, dims: number, loading: (j: number) => number): void {
  let largest = 0;
  for (let j = 0; j < dims; j++) if (Math.abs(loading(j)) > Math.abs(largest)) largest = loading(j);
  const sign = largest < 0 ? -1 : 1;
  for (let j = 0; j < dims; j++) axes[c * dims + j] = sign * loading(j);
}

/** Projects every row onto the fitted axes: rows×components (four axes per pass over a row). */
export function applyPca(model: PcaModel, data: Float32Array): Float32Array {
  const { dims, components, mean, axes } = model;
  const rows = data.length / dims;
  const out = new Float32Array(rows * components);
  const centred = new Float64Array(dims);
  for (let r = 0; r < rows; r++) {
    const base = r * dims;
    for (let j = 0; j < dims; j++) centred[j] = data[base + j] - mean[j];
    let c = 0;
    for (; c + 4 <= components; c += 4) {
      const b0 = c * dims;
      const b1 = b0 + dims;
      const b2 = b1 + dims;
      const b3 = b2 + dims;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < dims; j++) {
        const value = centred[j];
        s0 += value * axes[b0 + j];
        s1 += value * axes[b1 + j];
        s2 += value * axes[b2 + j];
        s3 += value * axes[b3 + j];
      }
      out[r * components + c] = s0;
      out[r * components + c + 1] = s1;
      out[r * components + c + 2] = s2;
      out[r * components + c + 3] = s3;
    }
    for (; c < components; c++) {
      let sum = 0;
      for (let j = 0; j < dims; j++) sum += centred[j] * axes[c * dims + j];
      out[r * components + c] = sum;
    }
  }
  return out;
}
