import { makeTable, Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';

/**
 * One payload field's values for every point of a map, in map order, as the viewer colours by
 * them: one Arrow IPC stream with a single column.
 * - numbers (every value a number or absent): `value` float64, NaN where a point has no value;
 * - anything else: `code` int32 naming one of the categories in the schema metadata
 *   `ragscope.categories` (a JSON array of labels), -1 where a point has no value. Values are
 *   compared as text (objects as JSON). The MAX_CATEGORIES most frequent keep a code of their
 *   own; the rarer ones all get -2, and `ragscope.other` says how many distinct values that is,
 *   so the column stays small when every point has its own value (a text field).
 */
export type FieldColumn = { kind: 'numbers'; values: Float64Array } | { kind: 'categories'; codes: Int32Array; names: string[]; otherValues: number };

export const NO_VALUE = -1;
export const OTHER_VALUE = -2;

export const MAX_CATEGORIES = 1_000;
/** category names are labels in a legend, not the values themselves */
const MAX_NAME_LENGTH = 120;
const CATEGORIES_KEY = 'ragscope.categories';
const OTHER_KEY = 'ragscope.other';

const absent = (value: unknown) => value === undefined || value === null;

export function fieldColumn(values: readonly unknown[]): FieldColumn {
  if (values.every((v) => absent(v) || typeof v === 'number') && values.some((v) => typeof v === 'number')) {
    return { kind: 'numbers', values: Float64Array.from(values, (v) => (typeof v === 'number' ? v : Number.NaN)) };
  }
  const texts = values.map((v) => (absent(v) ? null : typeof v === 'object' ? JSON.stringify(v) : String(v)));
  const counts = new Map<string, number>();
  for (const text of texts) if (text !== null) counts.set(text, (counts.get(text) ?? 0) + 1);
  const byCount = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  const own = byCount.slice(0, MAX_CATEGORIES);
  const codeOf = new Map(own.map((text, code) => [text, code]));
  const names = own.map((text) => (text === '' ? '(empty)' : text.length > MAX_NAME_LENGTH ? `${text.slice(0, MAX_NAME_LENGTH - 1)}…` : text));
  const codes = Int32Array.from(texts, (text) => (text === null ? NO_VALUE : (codeOf.get(text) ?? OTHER_VALUE)));
  return { kind: 'categories', codes, names, otherValues: byCount.length - own.length };
}

export function encodeFieldColumn(column: FieldColumn): Uint8Array {
  if (column.kind === 'numbers') return tableToIPC(makeTable({ value: column.values }), 'stream');
  const table = makeTable({ code: column.codes });
  const metadata = new Map([
    [CATEGORIES_KEY, JSON.stringify(column.names)],
    [OTHER_KEY, String(column.otherValues)],
  ]);
  const withNames = new Table(new Schema(table.schema.fields, metadata), table.batches);
  return tableToIPC(withNames, 'stream');
}

export function decodeFieldColumn(bytes: Uint8Array): FieldColumn {
  const table: Table = tableFromIPC(bytes);
  const value = table.getChild('value');
  if (value) return { kind: 'numbers', values: value.toArray() as Float64Array };
  const code = table.getChild('code');
  const names: unknown = JSON.parse(table.schema.metadata.get(CATEGORIES_KEY) ?? 'null');
  if (!code || !Array.isArray(names)) throw new Error('a field column has a float64 "value" column, or an int32 "code" column with its categories');
  return { kind: 'categories', codes: code.toArray() as Int32Array, names: names.map(String), otherValues: Number(table.schema.metadata.get(OTHER_KEY) ?? 0) };
}
