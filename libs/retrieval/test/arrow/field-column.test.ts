import { describe, expect, it } from 'vitest';
import { decodeFieldColumn, encodeFieldColumn, fieldColumn, MAX_CATEGORIES, OTHER_VALUE } from '../../src/arrow';

const roundTrip = (values: unknown[]) => decodeFieldColumn(encodeFieldColumn(fieldColumn(values)));

describe('a payload field as an Arrow column', () => {
  it('sends numbers as float64 with NaN where a point has no value', () => {
    const column = roundTrip([1.5, null, -2, undefined, 2 ** 53 + 2]);
    expect(column.kind).toBe('numbers');
    if (column.kind !== 'numbers') return;
    expect(Array.from(column.values)).toEqual([1.5, NaN, -2, NaN, 2 ** 53 + 2]);
  });

  it('sends anything else as codes into categories, most frequent first, objects as JSON, -1 for no value', () => {
    const column = roundTrip(['en', 'fr', 'en', null, true, { a: [1] }, 3, 'en', 'fr', '']);
    expect(column).toEqual({ kind: 'categories', codes: Int32Array.from([0, 1, 0, -1, 4, 5, 3, 0, 1, 2]), names: ['en', 'fr', '(empty)', '3', 'true', '{"a":[1]}'], otherValues: 0 });
  });

  it('keeps the categories bounded: the rarest values are all coded as other, long names are cut', () => {
    const values = Array.from({ length: 5_000 }, (_, i) => (i < 10 ? 'common' : `${'x'.repeat(200)} ${i}`));
    const column = roundTrip(values);
    if (column.kind !== 'categories') throw new Error('expected categories');
    expect(column.names).toHaveLength(MAX_CATEGORIES);
    expect(column.names[0]).toBe('common');
    expect(column.otherValues).toBe(4_990 - (MAX_CATEGORIES - 1));
    expect(Math.max(...column.names.map((name) => name.length))).toBeLessThanOrEqual(120);
    expect(column.codes.filter((code) => code === OTHER_VALUE)).toHaveLength(column.otherValues);
    expect(column.codes.slice(0, 10).every((code) => code === 0)).toBe(true);
  });

  it('reads an empty map and a field no point has', () => {
    expect(roundTrip([])).toEqual({ kind: 'categories', codes: new Int32Array(0), names: [], otherValues: 0 });
    expect(roundTrip([null, undefined])).toEqual({ kind: 'categories', codes: Int32Array.from([-1, -1]), names: [], otherValues: 0 });
  });
});
