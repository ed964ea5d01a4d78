/**
 * Helpers every connector needs and none should write twice: seeded sampling, payload field
 * inference from a sample of points, the chunk-text field guess and opaque resume cursors.
 */
import { VectorStoreError, type Payload, type PayloadFieldInfo, type PayloadFieldType } from './types';

export { randomSeed, sampleIndices, seededRandom } from '../random';

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

/**
 * Payload fields as seen in a sample. `declared` carries the types a schema states (Milvus scalar
 * fields); they win over inference, which fills in schemaless keys (Qdrant payloads, Milvus
 * dynamic fields). Fields are listed declared first, then by how often they occur.
 */
export function inferPayloadFields(
  payloads: Payload[],
  declared: ReadonlyArray<{ name: string; type: PayloadFieldType; indexed?: boolean }> = [],
): PayloadFieldInfo[] {
  const observed = new Map<string, { type: PayloadFieldType; present: number }>();
  for (const payload of payloads) {
    for (const [name, value] of Object.entries(payload)) {
      const seen = observed.get(name) ?? { type: 'null' as PayloadFieldType, present: 0 };
      seen.type = widen(seen.type, valueType(value));
      if (value !== null && value !== undefined) seen.present++;
      observed.set(name, seen);
    }
  }
  const fields: PayloadFieldInfo[] = declared.map((field) => ({
    name: field.name,
    type: field.type,
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

/** Names that, in the RAG frameworks we meet (LangChain, LlamaIndex, Haystack, …), hold the chunk text. */
export const TEXT_FIELD_NAMES = ['text', 'content', 'chunk', 'document', 'page_content', 'body'];

/**
 * The string field most likely to hold the chunk text: a well-known name first (in the order of
 * TEXT_FIELD_NAMES, case-insensitive), else the string field with the longest average length in
 * the sample. undefined when the sample holds no strings at all.
 */
export function guessTextField(fields: PayloadFieldInfo[], payloads: Payload[]): string | undefined {
  const stringFields = fields.filter((field) => field.type === 'string');
  for (const wanted of TEXT_FIELD_NAMES) {
    const match = stringFields.find((field) => field.name.toLowerCase() === wanted);
    if (match) return match.name;
  }
  let best: { name: string; averageLength: number } | undefined;
  for (const field of stringFields) {
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
