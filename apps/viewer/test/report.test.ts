import { describe, expect, it } from 'vitest';
import type { ReportQueryRow } from '../src/api/types';
import { formatP, histogram, sortRows } from '../src/state/report';
import { formatColorMode, parseColorMode } from '../src/map/useColoring';
import { parseQuerySource } from '../src/map/useQueries';

const row = (queryId: string, ndcg: number, firstRelevantRank: number | null = 1): ReportQueryRow => ({
  queryId,
  values: { ndcg_cut_10: ndcg },
  firstRelevantRank,
  failing: firstRelevantRank === null,
  relevant: 3,
  missing: false,
});

describe('report helpers', () => {
  it('bins measures over [0, 1], the top edge in the last bin', () => {
    const bins = histogram([0, 0.05, 0.5, 1, 1], 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(histogram([0, 4], 2).map((b) => [b.x0, b.x1, b.count])).toEqual([[0, 2, 1], [2, 4, 1]]);
  });

  it('sorts by a measure either way, ties by numeric query id', () => {
    const rows = [row('10', 0.5), row('2', 0.5), row('1', 0.9), row('3', 0.1)];
    expect(sortRows(rows, { column: 'measure', measure: 'ndcg_cut_10' }, false).map((r) => r.queryId)).toEqual(['3', '2', '10', '1']);
    expect(sortRows(rows, { column: 'measure', measure: 'ndcg_cut_10' }, true).map((r) => r.queryId)).toEqual(['1', '2', '10', '3']);
    expect(sortRows(rows, { column: 'queryId' }, false).map((r) => r.queryId)).toEqual(['1', '2', '3', '10']);
  });

  it('puts queries without a relevant document last by first relevant rank', () => {
    const rows = [row('a', 0, null), row('b', 1, 3), row('c', 1, 1)];
    expect(sortRows(rows, { column: 'firstRelevantRank' }, false).map((r) => r.queryId)).toEqual(['c', 'b', 'a']);
  });

  it('formats p-values', () => {
    expect(formatP(0.0004)).toBe('< 0.001');
    expect(formatP(0.0421)).toBe('0.042');
  });
});

describe('map modes in the URL', () => {
  it('parses and formats colour modes, defaulting to clusters', () => {
    for (const text of ['cluster', 'frequency', 'field:lang', 'outcome:e1']) expect(formatColorMode(parseColorMode(text))).toBe(text);
    expect(parseColorMode(undefined)).toEqual({ kind: 'cluster' });
    expect(parseColorMode('field:')).toEqual({ kind: 'cluster' });
    expect(parseColorMode('rainbow')).toEqual({ kind: 'cluster' });
    expect(parseColorMode('field:a:b')).toEqual({ kind: 'field', field: 'a:b' });
  });

  it('parses query sources', () => {
    expect(parseQuerySource('events', '2025-01-01T00:00')).toEqual({ kind: 'events', from: '2025-01-01T00:00' });
    expect(parseQuerySource('eval:abc')).toEqual({ kind: 'eval', evaluationId: 'abc' });
    expect(parseQuerySource('eval:')).toBeNull();
    expect(parseQuerySource(undefined)).toBeNull();
  });
});
