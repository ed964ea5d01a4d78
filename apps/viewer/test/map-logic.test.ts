import { describe, expect, it } from 'vitest';
import { decodeQueryOverlay, encodeMapPoints, encodeQueryOverlay } from '../../../libs/retrieval/src/arrow';
import { decodeMapColumns } from '../src/map/columns';
import { toCsv } from '../src/map/csv';
import { densityGrid, densityImage } from '../src/map/density';
import { declutterLabels, labelZoomBucket } from '../src/map/labels';
import { clustersNeverRetrieved, farQueries, outcomeByPoint, parseTrecRun, placedQueries, retrievalCounts, type PlacedQuery } from '../src/map/queries';
import { buildGrid, kNearest, pointsInBox } from '../src/map/spatial';

function randomPoints(n: number, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Float32Array.from({ length: n * 2 }, () => rand() * 100 - 50);
}

describe('label declutter', () => {
  const labels = [
    { id: 0, x: 0, y: 0, text: 'small', size: 5 },
    { id: 1, x: 1, y: 0, text: 'big cluster', size: 50 },
    { id: 2, x: 100, y: 100, text: 'far away', size: 1 },
  ];
  it('keeps bigger clusters first and drops overlapping labels', () => {
    expect(declutterLabels(labels, { scale: 1 }).map((l) => l.id)).toEqual([1, 2]);
  });
  it('lets more labels in as the map zooms in', () => {
    expect(declutterLabels(labels, { scale: 200 }).map((l) => l.id)).toEqual([1, 0, 2]);
  });
  it('caps the count and buckets zoom', () => {
    expect(declutterLabels(labels, { scale: 200, max: 1 })).toHaveLength(1);
    expect(labelZoomBucket(1.3)).toBe(1.5);
    expect(labelZoomBucket(1.2)).toBe(1);
  });
});

describe('grid index', () => {
  it('finds the same k nearest as brute force', () => {
    const n = 5_000;
    const positions = randomPoints(n);
    const grid = buildGrid(positions, 2, n);
    for (const [qx, qy] of [[0, 0], [49, -49], [-80, 10], [12.5, 3.25]]) {
      const expected = Array.from({ length: n }, (_, i) => ({ i, d: Math.hypot(positions[2 * i] - qx, positions[2 * i + 1] - qy) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 10)
        .map((e) => e.i);
      expect(kNearest(grid, qx, qy, 10).map((r) => r.index)).toEqual(expected);
    }
  });

  it('leaves the point itself out, and copes with fewer points than k', () => {
    const positions = Float32Array.from([0, 0, 1, 0, 5, 5]);
    const grid = buildGrid(positions, 2, 3);
    expect(kNearest(grid, 0, 0, 5, 0).map((r) => r.index)).toEqual([1, 2]);
  });

  it('selects the points in a box, corners in any order', () => {
    const positions = Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(Array.from(pointsInBox(positions, 2, 4, { x0: 2.5, y0: 2.5, x1: 0.5, y1: 0.5 }))).toEqual([1, 2]);
    const three = Float32Array.from([0, 0, 9, 1, 1, 9]);
    expect(Array.from(pointsInBox(three, 3, 2, { x0: -1, y0: -1, x1: 1, y1: 1.5 }))).toEqual([0, 1]);
  });
});

describe('density grid', () => {
  it('bins every point once and draws empty cells transparent', () => {
    const positions = randomPoints(1_000);
    const grid = densityGrid(positions, 2, 1_000, { minX: -50, maxX: 50, minY: -50, maxY: 50, minZ: 0, maxZ: 0 }, 32, 32);
    expect(grid.max).toBeGreaterThan(0);
    const image = densityImage({ ...grid, counts: grid.counts.map((v, i) => (i === 0 ? 0 : v)) });
    expect(image.width).toBe(32);
    expect(image.data[(31 * 32 + 0) * 4 + 3]).toBe(0);
  });
});

describe('queries on the map', () => {
  const run = parseTrecRun('1 Q0 d2 2 0.5 r\n1 Q0 d1 1 0.9 r\n2 Q0 d3 1 0.7 r\nbad line\n');
  const rowOf = new Map([['d1', 0], ['d2', 1], ['d3', 2], ['d4', 3]]);

  it('reads TREC runs in rank order', () => {
    expect(run.get('1')!.map((e) => e.docId)).toEqual(['d1', 'd2']);
    expect(run.size).toBe(2);
  });

  it('marks points by the outcome of the queries that retrieved them', () => {
    expect(Array.from(outcomeByPoint(run, new Set(['2']), rowOf, 4))).toEqual([1, 1, 2, 0]);
  });

  it('counts retrievals and finds clusters never retrieved', () => {
    const counts = retrievalCounts([[{ id: 'd1' }, { id: null }], [{ id: 'd1' }, { id: 'dx' }]], rowOf, 4);
    expect(Array.from(counts)).toEqual([2, 0, 0, 0]);
    expect(clustersNeverRetrieved(counts, Int32Array.from([0, 1, 1, -1]))).toEqual([{ clusterId: 1, size: 2 }]);
  });

  it('ranks queries by how far they land from what they retrieved', () => {
    const positions = Float32Array.from([0, 0, 10, 0]);
    const query = (key: string, x: number, rows: number[]): PlacedQuery => ({ key, kind: 'event', text: key, x, y: 0, docs: rows.map((row, i) => ({ id: String(row), row, rank: i + 1, score: null })) });
    const far = farQueries([query('near', 1, [0]), query('far', 5, [0, 1]), query('off', 0, [-1])], positions, 2, 10);
    expect(far.map((f) => [f.query.key, f.nearest])).toEqual([
      ['far', 0.5],
      ['near', 0.1],
    ]);
  });

  it("turns the api's query overlay into markers, naming documents by the map's ids or the overlay's missing ids", () => {
    const map = decodeMapColumns(encodeMapPoints({ ids: ['d0', 'd1', 'd2'], x: new Float32Array(3), y: new Float32Array(3), cluster: new Int32Array(3) }));
    const bytes = encodeQueryOverlay({
      ids: ['e1', 'e2', 'e3'],
      queries: ['wing flutter', '', 'boom'],
      x: Float32Array.from([1, 2, 3]),
      y: Float32Array.from([4, 5, 6]),
      startedAt: Float64Array.from([Date.UTC(2026, 10, 28), 0, Date.UTC(2026, 10, 27)]),
      failed: Uint8Array.from([0, 0, 1]),
      offsets: Int32Array.from([0, 4, 4, 5]),
      retrieved: Int32Array.from([2, -1, 0, -1, 1]),
      scores: Float32Array.from([0.9, 0.8, NaN, 0.6, 0.5]),
      missing: Int32Array.from([2, 0, 0]),
      missingIds: ['gone', ''],
    });
    const [first, second, third] = placedQueries(decodeQueryOverlay(bytes), map.ids, 'event');
    expect(first).toEqual({
      key: 'event:e1',
      kind: 'event',
      text: 'wing flutter',
      x: 1,
      y: 4,
      startedAt: '2026-11-28T00:00:00.000Z',
      docs: [
        { id: 'd2', row: 2, rank: 1, score: Math.fround(0.9) },
        { id: 'gone', row: -1, rank: 2, score: Math.fround(0.8) },
        { id: 'd0', row: 0, rank: 3, score: null },
      ],
      failing: false,
    });
    expect(second).toMatchObject({ text: '(no query text)', docs: [], failing: true });
    expect(second.startedAt).toBeUndefined();
    expect(third).toMatchObject({ failing: true, docs: [{ id: 'd1', row: 1, rank: 1 }] });
  });
});

describe('csv', () => {
  it('quotes what needs quoting', () => {
    expect(toCsv(['id', 'text'], [['1', 'a,b'], ['2', 'say "hi"\nbye'], ['3', null], ['4', { k: 1 }]])).toBe(
      'id,text\r\n1,"a,b"\r\n2,"say ""hi""\nbye"\r\n3,\r\n4,"{""k"":1}"\r\n',
    );
  });
});
