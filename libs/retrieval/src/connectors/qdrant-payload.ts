import type { Payload, PayloadFieldInfo, PayloadFieldType } from './types';

/**
 * Payload field inference from a sample of points, and the guess of which field holds the chunk
 * text. Nothing here is Qdrant-specific; the lead may move it to connectors/shared.ts.
 */

/** RFC 3339 / ISO 8601 date-times, the form Qdrant's datetime index accepts. */
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** Names that, in RAG pipelines (LangChain, LlamaIndex, Haystack…), hold the chunk text; earlier wins. */
const TEXT_FIELD_NAMES = ['text', 'content', 'chunk', 'document', 'page_content', 'body'];

export function valueType(value: unknown): PayloadFieldType {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return DATETIME.test(value) ? 'datetime' : 'string';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  return 'json';
}

function mergeTypes(a: PayloadFieldType | undefined, b: PayloadFieldType): PayloadFieldType {
  if (a === undefined || a === 'null') return b;
  if (b === 'null' || a === b) return a;
  if ((a === 'integer' && b === 'float') || (a === 'float' && b === 'integer')) return 'float';
  // A field with some date-like strings and some other strings is a string field.
  if ((a === 'datetime' && b === 'string') || (a === 'string' && b === 'datetime')) return 'string';
  return 'mixed';
}

/** The value at a dotted path (`meta.page`), as Qdrant's payload keys address nested objects. */
function valueAtPath(payload: Payload, path: string): unknown {
  let current: unknown = payload;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Top-level fields seen in the sample, plus indexed (possibly nested) fields, sorted by name.
 * `indexed` maps an index's key to its declared type, which wins over the sample when the sample has no value.
 */
export function inferPayloadFields(payloads: Payload[], indexed: Map<string, PayloadFieldType> = new Map()): PayloadFieldInfo[] {
  const fields = new Map<string, { type?: PayloadFieldType; present: number }>();
  for (const payload of payloads) {
    for (const [name, value] of Object.entries(payload)) {
      const field = fields.get(name) ?? { present: 0 };
      field.type = mergeTypes(field.type, valueType(value));
      field.present += 1;
      fields.set(name, field);
    }
  }
  for (const path of indexed.keys()) {
    if (fields.has(path)) continue;
    const field: { type?: PayloadFieldType; present: number } = { present: 0 };
    for (const payload of payloads) {
      const value = valueAtPath(payload, path);
      if (value === undefined) continue;
      field.type = mergeTypes(field.type, valueType(value));
      field.present += 1;
    }
    fields.set(path, field);
  }
  return [...fields.entries()]
    .map(([name, field]): PayloadFieldInfo => {
      const type = field.type === undefined || (field.type === 'null' && indexed.has(name)) ? (indexed.get(name) ?? 'null') : field.type;
      return { name, type, present: field.present, indexed: indexed.has(name) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The field most likely to hold the chunk text: a string field with a conventional name, else one
 * whose name contains such a word (`chunk_text`, `pageContent`), else the string field with the
 * longest average length in the sample.
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
  let best: { name: string; length: number } | undefined;
  for (const field of strings) {
    const lengths = payloads.map((payload) => payload[field.name]).filter((value): value is string => typeof value === 'string');
    const average = lengths.reduce((sum, value) => sum + value.length, 0) / Math.max(lengths.length, 1);
    if (!best || average > best.length) best = { name: field.name, length: average };
  }
  return best?.name;
}

/** `chunk_text` → [chunk, text]; `pageContent` → [page, content, page_content]. */
function nameWords(name: string): string[] {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return [...words, words.join('_')];
}
