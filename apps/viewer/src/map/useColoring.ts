import { useEffect, useMemo, useState } from 'react';
import { decodeFieldColumn } from '@ragscope/retrieval/arrow';
import { fetchBytes, getBytes, getJson, getText } from '../api/client';
import type { ClusterSummary, EvaluationReport, Projection } from '../api/types';
import type { MapColumns } from './columns';
import { categoryColoring, clusterColoring, numericColoring, outcomeColoring, type Coloring } from './colors';
import { outcomeByPoint, parseTrecRun } from './queries';

/** Colour modes a URL can name: cluster, field:<payload field>, frequency, outcome:<evaluation id>. */
export type ColorMode = { kind: 'cluster' } | { kind: 'field'; field: string } | { kind: 'frequency' } | { kind: 'outcome'; evaluationId: string };

export function parseColorMode(text: string | undefined): ColorMode {
  if (!text || text === 'cluster') return { kind: 'cluster' };
  if (text === 'frequency') return { kind: 'frequency' };
  if (text.startsWith('field:') && text.length > 6) return { kind: 'field', field: text.slice(6) };
  if (text.startsWith('outcome:') && text.length > 8) return { kind: 'outcome', evaluationId: text.slice(8) };
  return { kind: 'cluster' };
}

export function formatColorMode(mode: ColorMode): string {
  switch (mode.kind) {
    case 'cluster':
      return 'cluster';
    case 'frequency':
      return 'frequency';
    case 'field':
      return `field:${mode.field}`;
    case 'outcome':
      return `outcome:${mode.evaluationId}`;
  }
}


export interface ColoringState {
  coloring: Coloring | null;
  /** what the colours were computed from, for updateTriggers */
  key: string;
  status: string | null;
  error: unknown;
}

export function useColoring(mode: ColorMode, columns: MapColumns | null, clusters: ClusterSummary[], projection: Projection | null, rowOf: () => Map<string, number>): ColoringState {
  const modeKey = formatColorMode(mode);
  const clusterLabels = useMemo(() => new Map(clusters.map((c) => [c.clusterId, c.label])), [clusters]);
  const clusterColors = useMemo(() => (columns ? clusterColoring(columns.cluster, clusterLabels) : null), [columns, clusterLabels]);
  const [state, setState] = useState<ColoringState>({ coloring: null, key: '', status: null, error: null });

  useEffect(() => {
    if (!columns || !projection || mode.kind === 'cluster') return;
    let live = true;
    const report = (status: string) => live && setState((s) => ({ ...s, status }));
    setState({ coloring: null, key: modeKey, status: 'loading…', error: null });
    (async (): Promise<Coloring> => {
      if (mode.kind === 'field') return fieldColoring(mode.field, projection, report);
      if (mode.kind === 'frequency') {
        report('counting what the retrieval events retrieved…');
        const { bytes, headers } = await fetchBytes(`/api/projections/${projection.id}/retrieval-counts`);
        const counts = decodeFieldColumn(bytes);
        if (counts.kind !== 'numbers') throw new Error('the api sent retrieval counts that are not numbers');
        return numericColoring(counts.values, `times retrieved (${Number(headers.get('x-ragscope-events') ?? 0).toLocaleString('en-US')} events)`, { log: true, heat: true });
      }
      const [runText, evaluationReport] = await Promise.all([
        getText(`/api/evaluations/${mode.evaluationId}/export?format=trec`),
        getJson<EvaluationReport>(`/api/evaluations/${mode.evaluationId}/report`),
      ]);
      const failing = new Set(evaluationReport.failingQueries.map((q) => q.queryId));
      return outcomeColoring(outcomeByPoint(parseTrecRun(runText), failing, rowOf(), columns.length));
    })().then(
      (coloring) => live && setState({ coloring, key: modeKey, status: null, error: null }),
      (error) => live && setState({ coloring: null, key: modeKey, status: null, error }),
    );
    return () => {
      live = false;
    };
  }, [modeKey, columns, projection?.id]);

  if (mode.kind === 'cluster' || !columns) return { coloring: clusterColors, key: `cluster:${clusters.length}`, status: null, error: null };
  if (state.key !== modeKey || !state.coloring) return { coloring: clusterColors, key: `cluster:${clusters.length}`, status: state.status, error: state.error };
  return state;
}

async function fieldColoring(field: string, projection: Projection, report: (s: string) => void): Promise<Coloring> {
  report(`reading ${field} for every point…`);
  const column = decodeFieldColumn(await getBytes(`/api/projections/${projection.id}/fields/${encodeURIComponent(field)}`));
  return column.kind === 'numbers' ? numericColoring(column.values, field) : categoryColoring(column.codes, column.names, { otherValues: column.otherValues });
}
