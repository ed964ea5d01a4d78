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
  const overlay = {
    ids: ['e1', 'e2', 'e3', 'e4'],
    queries: ['wing flutter', '', 'shock waves', 'no results'],
    x: new Float32Array([1, 2, 3, 4]),
    y: new Float32Array([-1, -2, -3, -4]),
    startedAt: new Float64Array([Date.UTC(2026, 10, 28, 12, 0, 0, 123), 0, 1.5e12, Number.NaN]),
    failed: new Uint8Array([0, 0, 1, 0]),
    offsets: new Int32Array([0, 3, 3, 6, 6]),
    retrieved: new Int32Array([10, -1, 4, 7, -1, -1]),
    scores: new Float32Array([0.9, 0.8, 0.7, NaN, 0.5, 0.4]),
    missing: new Int32Array([1, 0, 2, 0]),
    missingIds: ['gone-ü', '', '9223372036854775807'],
  };

  it('round-trips queries with their retrieved map indices, scores, times, failures and the ids not on the map', () => {
    const decoded = decodeQueryOverlay(encodeQueryOverlay(overlay));
    expect(decoded.ids).toEqual(overlay.ids);
    expect(decoded.queries).toEqual(overlay.queries);
    expect(decoded.offsets).toEqual(overlay.offsets);
    expect(decoded.retrieved).toEqual(overlay.retrieved);
    expect(Array.from(decoded.scores)).toEqual(Array.from(overlay.scores));
    expect(Array.from(decoded.startedAt)).toEqual(Array.from(overlay.startedAt));
    expect(decoded.failed).toEqual(overlay.failed);
    expect(decoded.missing).toEqual(overlay.missing);
    expect(decoded.missingIds).toEqual(overlay.missingIds);
    expect(decoded.z).toBeUndefined();
    expect(tableFromIPC(encodeQueryOverlay(overlay)).schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'id:Utf8', 'query:Utf8', 'x:Float32', 'y:Float32', 'started_at:Float64', 'failed:Uint8', 'retrieved:List<Int32>', 'scores:List<Float32>', 'missing:Int32', 'missing_ids:List<Utf8>',
    ]);
  });

  it('carries z on 3-D maps and refuses missing ids that do not add up', () => {
    const z = new Float32Array([0.5, 0.25, -1, 8]);
    expect(decodeQueryOverlay(encodeQueryOverlay({ ...overlay, z })).z).toEqual(z);
    expect(() => encodeQueryOverlay({ ...overlay, missingIds: ['only one'] })).toThrow(/missing counts 3 documents but missingIds holds 1/);
  });
});
