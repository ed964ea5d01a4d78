import { useEffect, useState } from 'react';
import { decodeQueryOverlay } from '@ragscope/retrieval/arrow';
import { fetchBytes, getJson, getText, sendJson } from '../api/client';
import type { EvaluationReport, Projection } from '../api/types';
import type { MapColumns } from './columns';
import { parseTrecRun, placedEvents, type PlacedQuery } from './queries';

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
 * Places queries on the map. Events: the api's query overlay, one Arrow stream with every event
 * already placed by the map's model (texts embedded there when spans sent no vector). Evaluation queries: the api does not hand out the eval set's query
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
  const queries = placedEvents(decodeQueryOverlay(bytes), columns.ids);
  const skipped = Number(headers.get('x-ragscope-skipped') ?? 0);
  const embedded = Number(headers.get('x-ragscope-embedded') ?? 0);
  const skippedNote = skipped ? `; ${skipped} skipped (a query vector of another dimension, or only a query text and no embedder configured)` : '';
  if (!queries.length) return { queries, note: `no retrieval events of ${projection.collection} could be placed on this ${projection.dimension}-dimensional map${skippedNote}` };
  const embeddedNote = embedded ? `, ${embedded} of them embedded from their query text` : '';
  return { queries, note: `${queries.length} retrieval events placed from their query vectors${embeddedNote}${skippedNote}` };
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
