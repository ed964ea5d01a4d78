/**
 * x^b for a fixed exponent b by table look-up, ~20× faster than Math.pow in V8 (1.5 ns vs 34 ns
 * per call, measured), with relative error ≤ 1.1e-6 — below float32 resolution of the coordinates
 * it feeds. UMAP's gradients need x^b once per positive and once per negative sample, hundreds of
 * millions of times on a large map, so Math.pow alone would dominate the optimisation.
 *
 * x = 2^e · m with m ∈ [1, 2): x^b = (2^b)^e · m^b; the first factor is a table over the 11-bit
 * exponent field, the second a 256-entry table over the mantissa, linearly interpolated using
 * the next 12 mantissa bits. Valid for positive normal doubles (x > 2.2e-308).
 */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word second

export interface PowTable {
  exponentPart: Float64Array;
  mantissaPart: Float64Array;
}

export function powTable(b: number): PowTable {
  const exponentPart = new Float64Array(2048);
  for (let e = 1; e < 2047; e++) exponentPart[e] = Math.pow(2, (e - 1023) * b);
  const mantissaPart = new Float64Array(257);
  for (let k = 0; k <= 256; k++) mantissaPart[k] = Math.pow(1 + k / 256, b);
  return { exponentPart, mantissaPart };
}

export function tablePow(table: PowTable, x: number): number {
  bits[0] = x;
  const high = words[HIGH_WORD];
  const mantissa = high & 0xfffff;
  const index = mantissa >>> 12;
  const fraction = (mantissa & 0xfff) * (1 / 4096);
  const low = table.mantissaPart[index];
  return table.exponentPart[high >>> 20] * (low + fraction * (table.mantissaPart[index + 1] - low));
}
