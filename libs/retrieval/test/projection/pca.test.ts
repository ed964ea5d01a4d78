import { describe, expect, it } from 'vitest';
import { applyPca, fitPca, SeededRandom } from '../../src';

/** 2,000 points in 40-D lying near a 3-D subspace with variances 25, 9 and 4, plus 0.01 noise. */
function lowRank() {
  const random = new SeededRandom(4);
  const dims = 40;
  const basis = Array.from({ length: 3 }, () => Array.from({ length: dims }, () => random.nextGaussian()));
  // Gram–Schmidt so the planted directions are orthonormal.
  basis.forEach((v, i) => {
    for (let p = 0; p < i; p++) {
      const dot = v.reduce((s, x, j) => s + x * basis[p][j], 0);
      v.forEach((_, j) => (v[j] -= dot * basis[p][j]));
    }
    const norm = Math.hypot(...v);
    v.forEach((_, j) => (v[j] /= norm));
  });
  const scales = [5, 3, 2];
  const data = new Float32Array(2000 * dims);
  for (let r = 0; r < 2000; r++) {
    const weights = scales.map((s) => s * random.nextGaussian());
    for (let j = 0; j < dims; j++) data[r * dims + j] = 7 + weights.reduce((s, w, i) => s + w * basis[i][j], 0) + 0.1 * random.nextGaussian();
  }
  return { data, dims, basis };
}

describe('PCA', () => {
  const { data, dims, basis } = lowRank();

  for (const [name, covarianceMaxDims] of [['covariance', 1024], ['randomized', 0]] as const) {
    it(`finds the planted subspace and its variances (${name})`, () => {
      const model = fitPca(data, dims, { components: 3, covarianceMaxDims, seed: 1 });
      expect(model.explainedVariance[0]).toBeGreaterThan(22);
      expect(model.explainedVariance[0]).toBeLessThan(28);
      expect(model.explainedVariance[2]).toBeGreaterThan(3.4);
      expect(model.explainedVariance[2]).toBeLessThan(4.6);
      for (let c = 0; c < 3; c++) {
        const axis = model.axes.subarray(c * dims, (c + 1) * dims);
        expect(Math.abs(basis[c].reduce((s, x, j) => s + x * axis[j], 0))).toBeGreaterThan(0.99);
      }
      const projected = applyPca(model, data);
      expect(projected.length).toBe(2000 * 3);
      const mean = projected.filter((_, i) => i % 3 === 0).reduce((s, x) => s + x, 0) / 2000;
      expect(Math.abs(mean)).toBeLessThan(0.5);
    });
  }
});
