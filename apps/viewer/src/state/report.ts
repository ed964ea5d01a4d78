import type { ReportQueryRow } from '../api/types';

/** Equal-width bins over [0, 1] (IR measures), or over the values' own range when they leave it. */
export function histogram(values: readonly number[], bins = 10): Array<{ x0: number; x1: number; count: number }> {
  let lo = 0;
  let hi = 1;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = (hi - lo) / bins || 1;
  const out = Array.from({ length: bins }, (_, i) => ({ x0: lo + i * width, x1: lo + (i + 1) * width, count: 0 }));
  for (const v of values) out[Math.min(bins - 1, Math.floor((v - lo) / width))].count++;
  return out;
}

export type SortKey = { column: 'queryId' | 'firstRelevantRank' | 'relevant' | 'failing' } | { column: 'measure'; measure: string };

/** Rows sorted by a column or a measure; ties by query id (numeric ids in number order). */
export function sortRows(rows: readonly ReportQueryRow[], key: SortKey, descending: boolean): ReportQueryRow[] {
  const collator = new Intl.Collator('en', { numeric: true });
  const value = (r: ReportQueryRow): number | string => {
    switch (key.column) {
      case 'queryId':
        return r.queryId;
      case 'firstRelevantRank':
        return r.firstRelevantRank ?? Number.POSITIVE_INFINITY;
      case 'relevant':
        return r.relevant;
      case 'failing':
        return r.failing ? 1 : 0;
      case 'measure':
        return r.values[key.measure] ?? Number.NaN;
    }
  };
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const primary = typeof va === 'string' || typeof vb === 'string' ? collator.compare(String(va), String(vb)) : va === vb ? 0 : Number.isNaN(va) ? 1 : Number.isNaN(vb) ? -1 : va < vb ? -1 : 1;
    return primary * sign || collator.compare(a.queryId, b.queryId);
  });
}

export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}
