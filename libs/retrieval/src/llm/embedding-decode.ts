import { LlmError } from './errors';

/**
 * Reads one embedding as the server sent it: a base64 string of little-endian float32 (what we ask
 * for) or a plain number array (servers that ignore encoding_format). Rejects anything non-finite,
 * because one NaN silently poisons every distance computed from it.
 */
export function decodeEmbedding(raw: unknown, where: string): Float32Array {
  const vector = typeof raw === 'string' ? decodeBase64Float32(raw, where) : decodeNumberArray(raw, where);
  if (vector.length === 0) throw new LlmError('bad_response', `${where}: empty embedding`);
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) throw new LlmError('bad_response', `${where}: component ${i} is ${vector[i]}, not a finite number`);
  }
  return vector;
}

function decodeBase64Float32(text: string, where: string): Float32Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new LlmError('bad_response', `${where}: embedding is a string but not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new LlmError('bad_response', `${where}: base64 embedding has ${bytes.length} bytes, not a whole number of float32s`);
  // DataView, not a Float32Array view: the Buffer may be unaligned, and the wire format is little-endian whatever the host is
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const vector = new Float32Array(bytes.length / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

function decodeNumberArray(raw: unknown, where: string): Float32Array {
  if (!Array.isArray(raw)) throw new LlmError('bad_response', `${where}: embedding is neither a base64 string nor an array`);
  const vector = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const value: unknown = raw[i];
    if (typeof value !== 'number') throw new LlmError('bad_response', `${where}: component ${i} is ${JSON.stringify(value)}, not a number`);
    vector[i] = value;
  }
  return vector;
}
