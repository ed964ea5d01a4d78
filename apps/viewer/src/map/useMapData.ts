import { useEffect, useMemo, useState } from 'react';
import { getBytes, getJson } from '../api/client';
import type { ClusterSummary, CollectionInfo, Job, Projection } from '../api/types';
import { useJobEvents } from '../components/common';
import { decodeMapColumns, idIndex, type MapColumns } from './columns';
import { buildGrid, type GridIndex } from './spatial';

export interface MapData {
  projection: Projection | null;
  job: Job | null;
  columns: MapColumns | null;
  clusters: ClusterSummary[];
  collection: CollectionInfo | null;
  error: unknown;
  /** ms from the request for points to decoded columns */
  loadMs: number | null;
}

/** The projection, then (once it has succeeded) its points, clusters and collection description. */
export function useMapData(projectionId: string): MapData {
  const [projection, setProjection] = useState<Projection | null>(null);
  const [columns, setColumns] = useState<MapColumns | null>(null);
  const [clusters, setClusters] = useState<ClusterSummary[]>([]);
  const [collection, setCollection] = useState<CollectionInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadMs, setLoadMs] = useState<number | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let live = true;
    getJson<Projection>(`/api/projections/${projectionId}`).then((p) => live && setProjection(p), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [projectionId, refresh]);

  const running = projection && (projection.status === 'queued' || projection.status === 'running');
  const job = useJobEvents(running ? `/api/projections/${projectionId}/events` : null, () => setRefresh((r) => r + 1));

  const ready = projection?.status === 'succeeded';
  useEffect(() => {
    if (!ready || !projection) return;
    const controller = new AbortController();
    const started = performance.now();
    performance.mark('ragscope:points-request');
    getBytes(`/api/projections/${projectionId}/points`, controller.signal)
      .then((bytes) => {
        performance.mark('ragscope:points-arrived');
        const decoded = decodeMapColumns(bytes);
        performance.mark('ragscope:points-decoded');
        setLoadMs(performance.now() - started);
        setColumns(decoded);
      })
      .catch((e) => {
        if (!controller.signal.aborted) setError(e);
      });
    getJson<ClusterSummary[]>(`/api/projections/${projectionId}/clusters`).then(setClusters, () => setClusters([]));
    getJson<CollectionInfo>(`/api/connections/${projection.connectionId}/collections/${encodeURIComponent(projection.collection)}`).then(setCollection, () => setCollection(null));
    return () => controller.abort();
  }, [ready, projectionId]);

  return { projection, job, columns, clusters, collection, error, loadMs };
}

/** Built lazily, once per map: the grid for neighbours, the id → row map for look-ups by id. */
export function useLazyIndexes(columns: MapColumns | null) {
  return useMemo(() => {
    let grid: GridIndex | null = null;
    let rows: Map<string, number> | null = null;
    return {
      grid(): GridIndex | null {
        if (!columns) return null;
        grid ??= buildGrid(columns.positions, columns.dims, columns.length);
        return grid;
      },
      rowOf(): Map<string, number> {
        if (!columns) return new Map();
        rows ??= idIndex(columns.ids);
        return rows;
      },
    };
  }, [columns]);
}
