import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decodeMapPoints, decodeQueryOverlay, encodeMapPoints, encodeQueryOverlay } from '../../src/arrow';

describe('map points as Arrow IPC', () => {
  it('round-trips ids (unicode and int64 beyond 2^53), coordinates, clusters and extra columns exactly', () => {
    const points = {
      ids: ['1', '9223372036854775807', 'doc-ü-✓', ''],
      x: new Float32Array([0.5, -1.25, 3.4028234663852886e38, Math.fround(0.1)]),
      y: new Float32Array([1, 2, 3, 4]),
      cluster: new Int32Array([0, -1, 2, 0]),
      extra: { hits: new Int32Array([3, 0, 1, 7]) },
    };
    const decoded = decodeMapPoints(encodeMapPoints(points));
    expect(decoded.ids).toEqual(points.ids);
    expect(decoded.x).toEqual(points.x);
    expect(decoded.y).toEqual(points.y);
    expect(decoded.cluster).toEqual(points.cluster);
    expect(decoded.extra?.hits).toEqual(points.extra.hits);
    expect(decoded.z).toBeUndefined();
  });

  it('writes the documented schema any Arrow reader understands', () => {
    const bytes = encodeMapPoints({ ids: ['a'], x: new Float32Array([1]), y: new Float32Array([2]), z: new Float32Array([3]), cluster: new Int32Array([5]) });
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['id:Utf8', 'x:Float32', 'y:Float32', 'z:Float32', 'cluster:Int32']);
  });

  it('refuses columns of unequal length', () => {
    expect(() => encodeMapPoints({ ids: ['a', 'b'], x: new Float32Array(2), y: new Float32Array(1), cluster: new Int32Array(2) })).toThrow(/column y has 1 values for 2 ids/);
  });

  it('costs about 12 bytes per point plus the id text', () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => String(i));
    const bytes = encodeMapPoints({ ids, x: new Float32Array(n), y: new Float32Array(n), cluster: new Int32Array(n) });
    const idBytes = ids.reduce((sum, id) => sum + id.length, 0) + 4 * (n + 1);
    expect(bytes.length).toBeLessThan(12 * n + idBytes + 4096);
  });
});

describe('query overlay as Arrow IPC', () => {
  it('round-trips queries with their retrieved map indices and scores', () => {
    const overlay = {
      ids: ['e1', 'e2', 'e3', 'e4'],
      queries: ['wing flutter', '', 'shock waves', 'no results'],
      x: new Float32Array([1, 2, 3, 4]),
      y: new Float32Array([-1, -2, -3, -4]),
      offsets: new Int32Array([0, 3, 3, 5, 5]),
      retrieved: new Int32Array([10, -1, 4, 7, 8]),
      scores: new Float32Array([0.9, 0.8, 0.7, NaN, 0.5]),
      missing: new Int32Array([1, 0, 0, 0]),
    };
    const decoded = decodeQueryOverlay(encodeQueryOverlay(overlay));
    expect(decoded.ids).toEqual(overlay.ids);
    expect(decoded.queries).toEqual(overlay.queries);
    expect(decoded.offsets).toEqual(overlay.offsets);
    expect(decoded.retrieved).toEqual(overlay.retrieved);
    expect(Array.from(decoded.scores)).toEqual(Array.from(overlay.scores));
    expect(decoded.missing).toEqual(overlay.missing);
    expect(tableFromIPC(encodeQueryOverlay(overlay)).schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'id:Utf8', 'query:Utf8', 'x:Float32', 'y:Float32', 'retrieved:List<Int32>', 'scores:List<Float32>', 'missing:Int32',
    ]);
  });
});
