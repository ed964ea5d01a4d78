import { readFileSync } from 'node:fs';

export { gaussianMixture } from '../../bench/projection-data';

/** Bit-for-bit equality of two float arrays (NaN-safe, distinguishes -0). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export const CRANFIELD = '/work/shared/data/cranfield';

/** Raw little-endian float32 rows, as the shared embedding files are stored. */
export function readFloat32File(path: string): Float32Array {
  const bytes = readFileSync(path);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** Squared euclidean distance between rows a and b of a row-major matrix. */
export function rowDistanceSquared(data: Float32Array, dims: number, a: number, b: number): number {
  let sum = 0;
  for (let j = 0; j < dims; j++) sum += (data[a * dims + j] - data[b * dims + j]) ** 2;
  return sum;
}
