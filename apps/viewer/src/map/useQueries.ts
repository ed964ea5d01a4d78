import { useEffect, useState } from 'react';
import { getJson, getText, sendJson } from '../api/client';
import { pool } from '../api/payloads';
import type { EvaluationReport, EventPage, Projection, RetrievalEventDetail } from '../api/types';
import type { MapColumns } from './columns';
import { decodeFloat32, encodeFloat32, parseTrecRun, type PlacedQuery } from './queries';

/** Where query markers come from: retrieval events (OTLP spans) or an evaluation's queries. */
export type QuerySource = { kind: 'events'; from?: string; to?: string } | { kind: 'eval'; evaluationId: string };

export function parseQuerySource(text: string | undefined, from?: string, to?: string): QuerySource | null {
  if (text === 'events') return { kind: 'events', ...(from ? { from } : {}), ...(to ? { to } : {}) };
  if (text?.startsWith('eval:') && text.length > 5) return { kind: 'eval', evaluationId: text.slice(5) };
  return null;
}

const MAX_EVENTS = 300;

export interface QueriesState {
  queries: PlacedQuery[];
  status: string | null;
  error: unknown;
  /** how the queries were placed, in words */
  note: string | null;
}

/**
 * Places queries on the map. Events: their stored query vectors, fetched per event and placed
 * with one POST /transform. Evaluation queries: the api does not hand out the eval set's query
 * vectors, so they are placed from their texts when an embedder is configured, else at the mean
 * position of their top 3 documents (said so in the note).
 */
export function useQueries(source: QuerySource | null, projection: Projection | null, columns: MapColumns | null, rowOf: () => Map<string, number>): QueriesState {
  const [state, setState] = useState<QueriesState>({ queries: [], status: null, error: null, note: null });
  const key = source ? JSON.stringify(source) : '';
  useEffect(() => {
    if (!source || !projection || !columns) {
      setState({ queries: [], status: null, error: null, note: null });
      return;
    }
    let live = true;
    const report = (status: string) => live && setState((s) => ({ ...s, status }));
    setState({ queries: [], status: 'loading queries…', error: null, note: null });
    const run = source.kind === 'events' ? eventQueries(source, projection, rowOf(), report) : evalQueries(source.evaluationId, projection, columns, rowOf(), report);
    run.then(
      ({ queries, note }) => live && setState({ queries, status: null, error: null, note }),
      (error) => live && setState({ queries: [], status: null, error, note: null }),
    );
    return () => {
      live = false;
    };
  }, [key, projection?.id, columns]);
  return state;
}

async function eventQueries(source: { from?: string; to?: string }, projection: Projection, rowOf: Map<string, number>, report: (s: string) => void) {
  const params = new URLSearchParams({ collection: projection.collection, limit: '200' });
  if (source.from) params.set('from', new Date(source.from).toISOString());
  if (source.to) params.set('to', new Date(source.to).toISOString());
  const summaries = [];
  let cursor: string | null = null;
  do {
    if (cursor) params.set('cursor', cursor);
    const page: EventPage = await getJson<EventPage>(`/api/events?${params}`);
    summaries.push(...page.items.filter((e) => e.queryDimension === projection.dimension));
    cursor = page.nextCursor;
  } while (cursor && summaries.length < MAX_EVENTS);
  const chosen = summaries.slice(0, MAX_EVENTS);
  report(`reading ${chosen.length} query vectors…`);
  const details = await pool(chosen, 6, (e) => getJson<RetrievalEventDetail>(`/api/events/${e.id}`));
  const withVectors = details.filter((d) => d.queryVector);
  if (!withVectors.length) return { queries: [], note: `no retrieval events of ${projection.collection} carry a ${projection.dimension}-dimensional query vector` };
  const dimension = projection.dimension ?? 0;
  const vectors = new Float32Array(withVectors.length * dimension);
  withVectors.forEach((d, i) => vectors.set(decodeFloat32(d.queryVector!).subarray(0, dimension), i * dimension));
  report('placing queries on the map…');
  const placed = await sendJson<{ points: Array<{ x: number; y: number; z?: number }> }>('POST', `/api/projections/${projection.id}/transform`, { vectors: encodeFloat32(vectors) });
  const queries: PlacedQuery[] = withVectors.map((d, i) => ({
    key: `event:${d.id}`,
    kind: 'event',
    text: d.queryText ?? '(no query text)',
    ...placed.points[i],
    startedAt: d.startedAt,
    docs: d.documents.filter((doc) => doc.id !== null).map((doc) => ({ id: doc.id!, row: rowOf.get(doc.id!) ?? -1, rank: doc.rank, score: doc.score })),
    failing: d.status === 'error' || d.documents.length === 0,
  }));
  return { queries, note: `${queries.length} retrieval events placed from their query vectors` };
}

async function evalQueries(evaluationId: string, projection: Projection, columns: MapColumns, rowOf: Map<string, number>, report: (s: string) => void) {
  const [runText, evaluation] = await Promise.all([getText(`/api/evaluations/${evaluationId}/export?format=trec`), getJson<EvaluationReport>(`/api/evaluations/${evaluationId}/report`)]);
  const run = parseTrecRun(runText);
  const rows = evaluation.perQuery;
  report(`placing ${rows.length} queries…`);
  let positions: Array<{ x: number; y: number; z?: number }> | null = null;
  const texts = rows.map((r) => r.text ?? '');
  if (texts.every((t) => t)) {
    try {
      positions = (await sendJson<{ points: Array<{ x: number; y: number; z?: number }> }>('POST', `/api/projections/${projection.id}/transform`, { texts })).points;
    } catch {
      positions = null; // no embedder configured: fall back below
    }
  }
  const dims = columns.dims;
  const queries: PlacedQuery[] = [];
  rows.forEach((row, i) => {
    const list = run.get(row.queryId) ?? [];
    const docs = list.map((e) => ({ id: e.docId, row: rowOf.get(e.docId) ?? -1, rank: e.rank, score: e.score, relevant: row.firstRelevantRank === e.rank }));
    let place = positions?.[i];
    if (!place) {
      const top = docs.filter((d) => d.row >= 0).slice(0, 3);
      if (!top.length) return;
      const mean = [0, 0, 0];
      for (const d of top) for (let k = 0; k < dims; k++) mean[k] += columns.positions[d.row * dims + k] / top.length;
      place = { x: mean[0], y: mean[1], ...(dims === 3 ? { z: mean[2] } : {}) };
    }
    queries.push({ key: `eval:${row.queryId}`, kind: 'eval', text: row.text ?? row.queryId, ...place, docs, failing: row.failing });
  });
  return {
    queries,
    note: positions
      ? `${queries.length} evaluation queries placed from their texts (embedder)`
      : `${queries.length} evaluation queries placed at the mean of their top-3 documents (no embedder configured and the api does not serve the eval set's query vectors)`,
  };
}
