/**
 * Helpers every connector needs and none should write twice: seeded sampling, payload field
 * inference from a sample of points, the chunk-text field guess and opaque resume cursors.
 */
import { VectorStoreError, type Payload, type PayloadFieldInfo, type PayloadFieldType } from './types';

export { randomSeed, sampleIndices, seededRandom } from '../random';

/** RFC 3339 / ISO 8601 dates and date-times, as Qdrant's datetime index and Milvus JSON fields carry them. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The type one value would have as a payload field. */
export function valueType(value: unknown): PayloadFieldType {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'string') return ISO_DATETIME.test(value) ? 'datetime' : 'string';
  if (Array.isArray(value)) return 'array';
  return 'json';
}

/** Two observed types folded into one: integers widen to floats, datetimes fall back to strings. */
function widen(a: PayloadFieldType, b: PayloadFieldType): PayloadFieldType {
  if (a === b || b === 'null') return a;
  if (a === 'null') return b;
  const pair = new Set([a, b]);
  if (pair.has('integer') && pair.has('float')) return 'float';
  if (pair.has('datetime') && pair.has('string')) return 'string';
  return 'mixed';
}

/** The value at a dotted path (`meta.page`), as Qdrant's payload indexes address nested objects. */
function valueAtPath(payload: Payload, path: string): unknown {
  let current: unknown = payload;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export interface DeclaredField {
  /** a top-level key, or a dotted path into nested objects */
  name: string;
  /** the type a schema or an index states; undefined lets the sample decide */
  type?: PayloadFieldType;
  indexed?: boolean;
}

/**
 * Payload fields as seen in a sample. `declared` carries what the database states (Milvus scalar
 * fields, Qdrant payload indexes — possibly nested paths); a declared type wins over inference,
 * which fills in schemaless keys (Qdrant payloads, Milvus dynamic fields). `present` counts the
 * sampled points with a non-null value. Declared fields come first, then by how often they occur.
 */
export function inferPayloadFields(payloads: Payload[], declared: ReadonlyArray<DeclaredField> = []): PayloadFieldInfo[] {
  const observed = new Map<string, { type: PayloadFieldType; present: number }>();
  const observe = (name: string, value: unknown) => {
    const seen = observed.get(name) ?? { type: 'null' as PayloadFieldType, present: 0 };
    seen.type = widen(seen.type, valueType(value));
    if (value !== null && value !== undefined) seen.present++;
    observed.set(name, seen);
  };
  for (const payload of payloads) {
    for (const [name, value] of Object.entries(payload)) observe(name, value);
    for (const field of declared) {
      if (field.name.includes('.') && !(field.name in payload)) {
        const value = valueAtPath(payload, field.name);
        if (value !== undefined) observe(field.name, value);
      }
    }
  }
  const fields: PayloadFieldInfo[] = declared.map((field) => ({
    name: field.name,
    type: field.type ?? observed.get(field.name)?.type ?? 'null',
    present: observed.get(field.name)?.present ?? 0,
    ...(field.indexed === undefined ? {} : { indexed: field.indexed }),
  }));
  const declaredNames = new Set(declared.map((field) => field.name));
  const inferred = [...observed.entries()]
    .filter(([name]) => !declaredNames.has(name))
    .sort((a, b) => b[1].present - a[1].present || a[0].localeCompare(b[0]))
    .map(([name, seen]) => ({ name, type: seen.type, present: seen.present }));
  return [...fields, ...inferred];
}

/** Names that, in the RAG frameworks we meet (LangChain, LlamaIndex, Haystack, …), hold the chunk text; earlier wins. */
export const TEXT_FIELD_NAMES = ['text', 'content', 'chunk', 'document', 'page_content', 'body'];

/**
 * The field most likely to hold the chunk text: a top-level string field with a conventional
 * name, else one whose name contains such a word (`chunk_text`, `pageContent`), else the string
 * field with the longest average length in the sample. undefined when the sample has no strings.
 */
export function guessTextField(fields: PayloadFieldInfo[], payloads: Payload[]): string | undefined {
  const strings = fields.filter((field) => field.type === 'string' && !field.name.includes('.'));
  for (const name of TEXT_FIELD_NAMES) {
    const exact = strings.find((field) => field.name.toLowerCase() === name);
    if (exact) return exact.name;
  }
  for (const name of TEXT_FIELD_NAMES) {
    const partial = strings.find((field) => nameWords(field.name).includes(name));
    if (partial) return partial.name;
  }
  let best: { name: string; averageLength: number } | undefined;
  for (const field of strings) {
    let total = 0;
    let count = 0;
    for (const payload of payloads) {
      const value = payload[field.name];
      if (typeof value === 'string') {
        total += value.length;
        count++;
      }
    }
    const averageLength = count ? total / count : 0;
    if (averageLength > 0 && (!best || averageLength > best.averageLength)) best = { name: field.name, averageLength };
  }
  return best?.name;
}

/** `chunk_text` → [chunk, text, chunk_text]; `pageContent` → [page, content, page_content]. */
function nameWords(name: string): string[] {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return [...words, words.join('_')];
}

/** Cursors are opaque to callers: versioned JSON in base64url, so a change of shape is detected, not misread. */
export function encodeCursor(kind: string, state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ v: 1, kind, ...state }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, kind: string): Record<string, unknown> {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new VectorStoreError('invalid', 'the cursor is not one this connector produced', { cursor }, { cause });
  }
  if (typeof state !== 'object' || state === null || (state as { v?: unknown }).v !== 1 || (state as { kind?: unknown }).kind !== kind) {
    throw new VectorStoreError('invalid', `the cursor is not a ${kind} cursor of this connector`, { cursor });
  }
  return state as Record<string, unknown>;
}
