import { describe, expect, it } from 'vitest';
import { RecordBatch, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { encodeMapPoints } from '../../../libs/retrieval/src/arrow/map-points';
import { decodeMapColumns, findId, idAt, idIndex } from '../src/map/columns';

describe('map columns from Arrow IPC', () => {
  it('interleaves positions, keeps clusters and ids as buffers, and measures bounds', () => {
    const bytes = encodeMapPoints({
      ids: ['a', 'bb', 'ccc', 'é'],
      x: Float32Array.from([0, 1, -2, 3]),
      y: Float32Array.from([5, 6, 7, -8]),
      cluster: Int32Array.from([0, -1, 1, 1]),
    });
    const columns = decodeMapColumns(bytes);
    expect(columns.length).toBe(4);
    expect(columns.dims).toBe(2);
    expect(Array.from(columns.positions)).toEqual([0, 5, 1, 6, -2, 7, 3, -8]);
    expect(Array.from(columns.cluster)).toEqual([0, -1, 1, 1]);
    expect([0, 1, 2, 3].map((i) => idAt(columns.ids, i))).toEqual(['a', 'bb', 'ccc', 'é']);
    expect(columns.bounds).toMatchObject({ minX: -2, maxX: 3, minY: -8, maxY: 7 });
    expect(findId(columns.ids, 'ccc')).toBe(2);
    expect(findId(columns.ids, 'é')).toBe(3);
    expect(findId(columns.ids, 'cc')).toBe(-1);
    expect(idIndex(columns.ids).get('bb')).toBe(1);
  });

  it('reads 3-D maps', () => {
    const bytes = encodeMapPoints({ ids: ['1', '2'], x: Float32Array.from([1, 2]), y: Float32Array.from([3, 4]), z: Float32Array.from([5, 6]), cluster: Int32Array.from([0, 0]) });
    const columns = decodeMapColumns(bytes);
    expect(columns.dims).toBe(3);
    expect(Array.from(columns.positions)).toEqual([1, 3, 5, 2, 4, 6]);
    expect(columns.bounds).toMatchObject({ minZ: 5, maxZ: 6 });
  });

  it('joins ids spread over several record batches', () => {
    const part = (ids: string[], x0: number) =>
      tableFromIPC(encodeMapPoints({ ids, x: Float32Array.from(ids.map((_, i) => x0 + i)), y: new Float32Array(ids.length), cluster: new Int32Array(ids.length) }));
    const a = part(['p', 'qq'], 0);
    const b = part(['rrr'], 10);
    const table = new Table([...a.batches, ...b.batches] as RecordBatch[]);
    expect(table.batches.length).toBe(2);
    const columns = decodeMapColumns(tableToIPC(table, 'stream'));
    expect([0, 1, 2].map((i) => idAt(columns.ids, i))).toEqual(['p', 'qq', 'rrr']);
    expect(Array.from(columns.positions.filter((_, i) => i % 2 === 0))).toEqual([0, 1, 10]);
    expect(tableFromIPC(tableToIPC(table, 'stream')).numRows).toBe(3);
  });
});
