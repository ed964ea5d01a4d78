import { makeData, makeVector, Utf8 } from 'apache-arrow';

/** Builds the utf8 column from one buffer and an offsets array: no per-string Arrow objects. */
export function utf8Vector(values: string[]) {
  const encoder = new TextEncoder();
  const offsets = new Int32Array(values.length + 1);
  const chunks: Uint8Array[] = new Array(values.length);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    chunks[i] = encoder.encode(values[i]);
    total += chunks[i].length;
    offsets[i + 1] = total;
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < chunks.length; i++) bytes.set(chunks[i], offsets[i]);
  return makeVector(makeData({ type: new Utf8(), length: values.length, nullCount: 0, valueOffsets: offsets, data: bytes }));
}
