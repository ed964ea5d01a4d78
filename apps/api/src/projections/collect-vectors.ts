import { ProjectionError, type VectorStore } from '@ragscope/retrieval';

export interface CollectedVectors {
  ids: string[];
  /** n × dimension, row-major */
  vectors: Float32Array;
  dimension: number;
  texts: Array<string | null>;
  /** values of the categorical payload fields, per point, as strings (null when absent) */
  fields: Record<string, Array<string | null>>;
}

/**
 * Streams a collection's vectors (all of them, or a uniform sample) into one Float32Array, with
 * the text field and a few categorical payload fields. Non-finite vectors stop the job with the
 * offending point ids, because a map drawn from them would be silently wrong.
 */
export async function collectVectors(
  store: VectorStore,
  collection: string,
  options: {
    vectorField: string;
    dimension: number;
    expected: number;
    sample?: number;
    textField?: string;
    categoricalFields: string[];
    signal: AbortSignal;
    onProgress: (done: number) => void;
  },
): Promise<CollectedVectors> {
  const { dimension } = options;
  let vectors = new Float32Array(Math.max(1, options.expected) * dimension);
  const ids: string[] = [];
  const texts: Array<string | null> = [];
  const fields: Record<string, Array<string | null>> = Object.fromEntries(options.categoricalFields.map((f) => [f, []]));
  const payloadFields = [...(options.textField ? [options.textField] : []), ...options.categoricalFields];

  const stream = store.stream(collection, {
    vectorField: options.vectorField,
    batchSize: 1_000,
    withVectors: true,
    withPayload: payloadFields.length ? payloadFields : false,
    ...(options.sample ? { sample: options.sample, seed: 42 } : {}),
    signal: options.signal,
  });
  for await (const batch of stream) {
    if (batch.dimension !== dimension) throw new Error(`the collection returned ${batch.dimension}-d vectors for a ${dimension}-d field`);
    const needed = (ids.length + batch.ids.length) * dimension;
    if (needed > vectors.length) {
      const grown = new Float32Array(Math.max(needed, Math.ceil(vectors.length * 1.5)));
      grown.set(vectors);
      vectors = grown;
    }
    vectors.set(batch.vectors.subarray(0, batch.ids.length * dimension), ids.length * dimension);
    for (let i = 0; i < batch.ids.length; i++) {
      ids.push(batch.ids[i]);
      const payload = batch.payloads?.[i] ?? {};
      texts.push(options.textField ? asText(payload[options.textField]) : null);
      for (const field of options.categoricalFields) fields[field].push(asCategory(payload[field]));
    }
    options.onProgress(ids.length);
    if (options.signal.aborted) break;
  }
  vectors = vectors.subarray(0, ids.length * dimension);
  rejectNonFiniteVectors(vectors, dimension, ids);
  return { ids, vectors, dimension, texts, fields };
}

function rejectNonFiniteVectors(vectors: Float32Array, dimension: number, ids: string[]): void {
  const bad: string[] = [];
  for (let row = 0; row < ids.length; row++) {
    for (let j = row * dimension; j < (row + 1) * dimension; j++) {
      if (!Number.isFinite(vectors[j])) {
        bad.push(ids[row]);
        break;
      }
    }
  }
  if (bad.length) {
    const shown = bad.slice(0, 20).join(', ');
    throw new ProjectionError('non_finite_values', `${bad.length} vector(s) contain NaN or Infinity: ${shown}${bad.length > 20 ? ', …' : ''}`);
  }
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(' ');
  return null;
}

function asCategory(value: unknown): string | null {
  if (typeof value === 'string') return value.length <= 100 ? value : null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
