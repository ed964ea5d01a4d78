import type { ClusterLabel, ClusterSummary } from '@ragscope/retrieval';

const TOP_VALUES = 3;
/** a field with more distinct values than this is an identifier, not a category */
const MAX_DISTINCT = 1_000;

/** Size, centre, label and the most frequent payload values of each cluster (noise, -1, is left out). */
export function summarizeClusters(
  coordinates: Float32Array,
  nComponents: number,
  clusters: Int32Array,
  labels: ClusterLabel[],
  fields: Record<string, Array<string | null>>,
): ClusterSummary[] {
  const count = clusters.reduce((max, c) => Math.max(max, c + 1), 0);
  const sums = new Float64Array(count * 2);
  const sizes = new Int32Array(count);
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i];
    if (c < 0) continue;
    sizes[c]++;
    sums[2 * c] += coordinates[i * nComponents];
    sums[2 * c + 1] += coordinates[i * nComponents + 1];
  }
  const byCluster = new Map(labels.map((l) => [l.cluster, l]));
  const topValues = topValuesPerCluster(clusters, count, fields);
  return Array.from({ length: count }, (_, c) => ({
    clusterId: c,
    label: byCluster.get(c)?.label || `cluster ${c}`,
    terms: byCluster.get(c)?.terms ?? [],
    size: sizes[c],
    centroidX: sizes[c] ? sums[2 * c] / sizes[c] : 0,
    centroidY: sizes[c] ? sums[2 * c + 1] / sizes[c] : 0,
    topValues: topValues[c],
  }));
}

function topValuesPerCluster(clusters: Int32Array, count: number, fields: Record<string, Array<string | null>>) {
  const result: Array<Record<string, Array<{ value: string; count: number }>>> = Array.from({ length: count }, () => ({}));
  for (const [field, values] of Object.entries(fields)) {
    if (new Set(values).size > MAX_DISTINCT) continue;
    const counts: Array<Map<string, number>> = Array.from({ length: count }, () => new Map());
    values.forEach((value, i) => {
      const c = clusters[i];
      if (c >= 0 && value !== null) counts[c].set(value, (counts[c].get(value) ?? 0) + 1);
    });
    counts.forEach((map, c) => {
      if (!map.size) return;
      result[c][field] = [...map.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, TOP_VALUES)
        .map(([value, n]) => ({ value, count: n }));
    });
  }
  return result;
}
