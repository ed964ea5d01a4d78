import type { QueryOverlay } from '@ragscope/retrieval';
import { idAt, type IdColumn } from './columns';

/**
 * The api's query overlay (retrieval events, or an evaluation's queries, placed on the map) as the
 * markers the map draws. Documents on the map are named by the map's own id column; the others
 * by the overlay's missing ids (in rank order), and a document the span named no id for is left out.
 */
export function placedQueries(overlay: QueryOverlay, ids: IdColumn, kind: PlacedQuery['kind']): PlacedQuery[] {
  let nextMissing = 0;
  return overlay.ids.map((id, i) => {
    const docs: PlacedQuery['docs'] = [];
    for (let j = overlay.offsets[i]; j < overlay.offsets[i + 1]; j++) {
      const row = overlay.retrieved[j];
      const docId = row >= 0 ? idAt(ids, row) : overlay.missingIds[nextMissing++];
      const score = overlay.scores[j];
      if (docId !== '') docs.push({ id: docId, row, rank: j - overlay.offsets[i] + 1, score: Number.isNaN(score) ? null : score });
    }
    const startedAt = overlay.startedAt[i];
    return {
      key: `${kind}:${id}`,
      kind,
      text: overlay.queries[i] || (kind === 'eval' ? id : '(no query text)'),
      x: overlay.x[i],
      y: overlay.y[i],
      ...(overlay.z ? { z: overlay.z[i] } : {}),
      ...(Number.isFinite(startedAt) && startedAt > 0 ? { startedAt: new Date(startedAt).toISOString() } : {}),
      docs,
      failing: overlay.failed[i] === 1 || overlay.offsets[i + 1] === overlay.offsets[i],
    };
  });
}

/** A query placed on the map with the documents it retrieved (rows of the map, -1 when not on it). */
export interface PlacedQuery {
  key: string;
  kind: 'event' | 'eval';
  text: string;
  x: number;
  y: number;
  z?: number;
  docs: Array<{ id: string; row: number; rank: number; score: number | null; relevant?: boolean }>;
  failing?: boolean;
  startedAt?: string;
}

export interface RunEntry {
  docId: string;
  rank: number;
  score: number;
}

/** A TREC run file ("qid Q0 docid rank score tag") by query, each list in rank order. */
export function parseTrecRun(text: string): Map<string, RunEntry[]> {
  const run = new Map<string, RunEntry[]>();
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 6) continue;
    const [qid, , docId, rank, score] = parts;
    let list = run.get(qid);
    if (!list) run.set(qid, (list = []));
    list.push({ docId, rank: Number(rank), score: Number(score) });
  }
  for (const list of run.values()) list.sort((a, b) => a.rank - b.rank);
  return run;
}

/** Per map point: 0 never retrieved, 1 only by passing queries, 2 only by failing ones, 3 both. */
export function outcomeByPoint(run: Map<string, RunEntry[]>, failing: ReadonlySet<string>, rowOf: ReadonlyMap<string, number>, length: number): Uint8Array {
  const outcome = new Uint8Array(length);
  for (const [qid, list] of run) {
    const bit = failing.has(qid) ? 2 : 1;
    for (const entry of list) {
      const row = rowOf.get(entry.docId);
      if (row !== undefined) outcome[row] |= bit;
    }
  }
  return outcome;
}

/** How often each map point was retrieved across the given result lists. */
export function retrievalCounts(lists: Iterable<Array<{ id: string | null }>>, rowOf: ReadonlyMap<string, number>, length: number): Float32Array {
  const counts = new Float32Array(length);
  for (const list of lists) {
    for (const doc of list) {
      if (doc.id === null) continue;
      const row = rowOf.get(doc.id);
      if (row !== undefined) counts[row]++;
    }
  }
  return counts;
}

/** Clusters none of whose points was retrieved, biggest first. */
export function clustersNeverRetrieved(counts: Float32Array, cluster: Int32Array): Array<{ clusterId: number; size: number }> {
  const size = new Map<number, number>();
  const hit = new Set<number>();
  for (let i = 0; i < cluster.length; i++) {
    const c = cluster[i];
    if (c < 0) continue;
    size.set(c, (size.get(c) ?? 0) + 1);
    if (counts[i] > 0) hit.add(c);
  }
  return [...size.entries()]
    .filter(([c]) => !hit.has(c))
    .map(([clusterId, n]) => ({ clusterId, size: n }))
    .sort((a, b) => b.size - a.size || a.clusterId - b.clusterId);
}

/**
 * Queries whose nearest retrieved document lies far from them on the map, relative to the map's
 * size (the diagonal of its bounds): a sign the map and the search disagree about the query.
 */
export function farQueries(queries: readonly PlacedQuery[], positions: Float32Array, stride: number, diagonal: number): Array<{ query: PlacedQuery; nearest: number }> {
  const out: Array<{ query: PlacedQuery; nearest: number }> = [];
  for (const query of queries) {
    let nearest = Infinity;
    for (const doc of query.docs) {
      if (doc.row < 0) continue;
      const dx = positions[doc.row * stride] - query.x;
      const dy = positions[doc.row * stride + 1] - query.y;
      nearest = Math.min(nearest, Math.sqrt(dx * dx + dy * dy));
    }
    if (nearest < Infinity) out.push({ query, nearest: nearest / (diagonal || 1) });
  }
  return out.sort((a, b) => b.nearest - a.nearest);
}
