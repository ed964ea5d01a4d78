import { useEffect, useState } from 'react';
import { decodeQueryOverlay } from '@ragscope/retrieval/arrow';
import { fetchBytes, getJson, getText } from '../api/client';
import type { EvaluationReport, Projection } from '../api/types';
import type { MapColumns } from './columns';
import { parseTrecRun, placedQueries, type PlacedQuery } from './queries';

/** Where query markers come from: retrieval events (OTLP spans) or an evaluation's queries. */
export type QuerySource = { kind: 'events'; from?: string; to?: string } | { kind: 'eval'; evaluationId: string };

export function parseQuerySource(text: string | undefined, from?: string, to?: string): QuerySource | null {
  if (text === 'events') return { kind: 'events', ...(from ? { from } : {}), ...(to ? { to } : {}) };
  if (text?.startsWith('eval:') && text.length > 5) return { kind: 'eval', evaluationId: text.slice(5) };
  return null;
}

/** the most recent events placed at once (the api's default overlay size) */
const MAX_EVENTS = 10_000;

export interface QueriesState {
  queries: PlacedQuery[];
  status: string | null;
  error: unknown;
  /** how the queries were placed, in words */
  note: string | null;
}

/**
 * Places queries on the map through the api's query overlay: one Arrow stream with every query
 * already placed by the map's model — retrieval events with their query vectors, or an
 * evaluation's queries with the eval set's stored vectors (texts embedded by the api when it has
 * an embedder). Evaluation queries it could not place sit at the mean position of their top 3
 * documents, and the note says so.
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
    const run = source.kind === 'events' ? eventQueries(source, projection, columns, report) : evalQueries(source.evaluationId, projection, columns, rowOf(), report);
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

async function eventQueries(source: { from?: string; to?: string }, projection: Projection, columns: MapColumns, report: (s: string) => void) {
  const params = new URLSearchParams({ limit: String(MAX_EVENTS) });
  if (source.from) params.set('from', new Date(source.from).toISOString());
  if (source.to) params.set('to', new Date(source.to).toISOString());
  report('placing retrieval events on the map…');
  const { bytes, headers } = await fetchBytes(`/api/projections/${projection.id}/queries?${params}`);
  const queries = placedQueries(decodeQueryOverlay(bytes), columns.ids, 'event');
  const skipped = Number(headers.get('x-ragscope-skipped') ?? 0);
  const embedded = Number(headers.get('x-ragscope-embedded') ?? 0);
  const skippedNote = skipped ? `; ${skipped} skipped (a query vector of another dimension, or only a query text and no embedder configured)` : '';
  if (!queries.length) return { queries, note: `no retrieval events of ${projection.collection} could be placed on this ${projection.dimension}-dimensional map${skippedNote}` };
  const embeddedNote = embedded ? `, ${embedded} of them embedded from their query text` : '';
  return { queries, note: `${queries.length} retrieval events placed from their query vectors${embeddedNote}${skippedNote}` };
}

async function evalQueries(evaluationId: string, projection: Projection, columns: MapColumns, rowOf: Map<string, number>, report: (s: string) => void) {
  report('placing evaluation queries on the map…');
  const [evaluation, overlay] = await Promise.all([
    getJson<EvaluationReport>(`/api/evaluations/${evaluationId}/report`),
    fetchBytes(`/api/projections/${projection.id}/queries?evaluation=${encodeURIComponent(evaluationId)}`),
  ]);
  const placed = new Map(placedQueries(decodeQueryOverlay(overlay.bytes), columns.ids, 'eval').map((q) => [q.key, q]));
  const embedded = Number(overlay.headers.get('x-ragscope-embedded') ?? 0);
  const unplaced = evaluation.perQuery.filter((row) => !placed.has(`eval:${row.queryId}`));
  // queries without a stored vector, with no embedder on the api to make one, sit at the mean of their top 3 documents
  const run = unplaced.length ? parseTrecRun(await getText(`/api/evaluations/${evaluationId}/export?format=trec`)) : new Map<string, never[]>();
  const dims = columns.dims;
  const queries: PlacedQuery[] = [];
  let approximate = 0;
  for (const row of evaluation.perQuery) {
    const query = placed.get(`eval:${row.queryId}`);
    if (query) {
      queries.push({ ...query, text: row.text ?? row.queryId, failing: row.failing, docs: query.docs.map((d) => ({ ...d, relevant: row.firstRelevantRank === d.rank })) });
      continue;
    }
    const docs = (run.get(row.queryId) ?? []).map((e) => ({ id: e.docId, row: rowOf.get(e.docId) ?? -1, rank: e.rank, score: e.score, relevant: row.firstRelevantRank === e.rank }));
    const top = docs.filter((d) => d.row >= 0).slice(0, 3);
    if (!top.length) continue;
    const mean = [0, 0, 0];
    for (const d of top) for (let k = 0; k < dims; k++) mean[k] += columns.positions[d.row * dims + k] / top.length;
    queries.push({ key: `eval:${row.queryId}`, kind: 'eval', text: row.text ?? row.queryId, x: mean[0], y: mean[1], ...(dims === 3 ? { z: mean[2] } : {}), docs, failing: row.failing });
    approximate++;
  }
  const parts = [`${queries.length - approximate} evaluation queries placed from their query vectors${embedded ? ` (${embedded} embedded from their text)` : ''}`];
  if (approximate) parts.push(`${approximate} without a stored vector placed at the mean of their top-3 documents (no embedder configured)`);
  return { queries, note: parts.join('; ') };
}
