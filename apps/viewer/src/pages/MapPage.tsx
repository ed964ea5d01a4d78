import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { endpointExists, getJson, sendJson } from '../api/client';
import type { Evaluation } from '../api/types';
import { ErrorBox, formatCount, formatNumber, ProgressBar } from '../components/common';
import { findId, idAt } from '../map/columns';
import { densityGrid, densityImage } from '../map/density';
import { buildLayers, pointData } from '../map/layers';
import { declutterLabels, labelZoomBucket, type LabelCandidate } from '../map/labels';
import { fitCamera, MapCanvas, type Camera, type Camera3D } from '../map/MapCanvas';
import { ClusterList, DetailsPanel, LegendView, QueryTooltip, SelectionTable, Tooltip } from '../map/panels';
import { clustersNeverRetrieved, farQueries, retrievalCounts, type PlacedQuery } from '../map/queries';
import { kNearest, pointsInBox } from '../map/spatial';
import { formatColorMode, parseColorMode, useColoring, type ColorMode } from '../map/useColoring';
import { useLazyIndexes, useMapData } from '../map/useMapData';
import { parseQuerySource, useQueries } from '../map/useQueries';
import { formatCamera, parseCamera, withParams } from '../state/route';
import type { PageProps } from '../state/types';

const NEIGHBOURS = 10;

export function MapPage({ route, navigate }: PageProps) {
  const projectionId = route.id!;
  const data = useMapData(projectionId);
  const { projection, columns, clusters, collection } = data;
  const indexes = useLazyIndexes(columns);
  const p = route.params;
  const setParams = useCallback((changes: Record<string, string | number | undefined | null>) => navigate(withParams(route, changes), { replace: true }), [navigate, route]);

  // ---- state named by the URL
  const colorMode = parseColorMode(p.color);
  const threeD = p.view === '3d' && columns?.dims === 3;
  const density = p.density === '1';
  const querySource = parseQuerySource(p.queries, p.from, p.to);

  // ---- colours (recomputed only when the mode or the data change)
  const coloring = useColoring(colorMode, columns, clusters, projection, indexes.rowOf);
  const points = useMemo(() => (columns && coloring.coloring ? pointData(columns, coloring.coloring.colors) : null), [columns, coloring.coloring]);

  // ---- camera: local while moving, written to the URL when it rests
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 1000, height: 700 });
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth || 1000, height: element.clientHeight || 700 }));
    observer.observe(element);
    return () => observer.disconnect();
  }, [columns]);
  const [camera, setCamera] = useState<Camera | null>(null);
  const cameraKey = `${columns ? 'data' : 'none'}:${threeD}`;
  const lastKey = useRef('');
  /** the cam parameter this page wrote itself; any other value came from outside (a pasted link) */
  const writtenCam = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!columns) return;
    const external = p.cam !== undefined && p.cam !== writtenCam.current;
    if (lastKey.current === cameraKey && !external) return;
    lastKey.current = cameraKey;
    writtenCam.current = p.cam;
    const fromUrl = parseCamera(p.cam, threeD ? 6 : 3);
    if (fromUrl && threeD) setCamera({ target: [fromUrl[0], fromUrl[1], fromUrl[2]], zoom: fromUrl[3], rotationX: fromUrl[4], rotationOrbit: fromUrl[5] });
    else if (fromUrl) setCamera({ target: [fromUrl[0], fromUrl[1], 0], zoom: fromUrl[2] });
    else setCamera(fitCamera(columns.bounds, size.width, size.height, threeD));
  }, [columns, cameraKey, threeD, p.cam, size.width, size.height]);
  const camTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onCamera = useCallback(
    (next: Camera, interacting: boolean) => {
      setCamera(next);
      clearTimeout(camTimer.current);
      if (interacting) return;
      camTimer.current = setTimeout(() => {
        const c = next as Camera3D;
        const cam = formatCamera(threeD ? [...c.target, c.zoom, c.rotationX, c.rotationOrbit] : [c.target[0], c.target[1], c.zoom]);
        writtenCam.current = cam;
        setParams({ cam });
      }, 500);
    },
    [setParams, threeD],
  );

  // ---- selection, neighbours, hover
  const selectedRow = useMemo(() => (columns && p.sel ? findId(columns.ids, p.sel) : -1), [columns, p.sel]);
  const neighbours = useMemo(() => {
    if (!columns || selectedRow < 0) return [];
    const grid = indexes.grid();
    const d = columns.dims;
    return grid ? kNearest(grid, columns.positions[selectedRow * d], columns.positions[selectedRow * d + 1], NEIGHBOURS, selectedRow) : [];
  }, [columns, selectedRow, indexes]);
  const [hover, setHover] = useState<{ row: number; query: PlacedQuery | null; x: number; y: number } | null>(null);
  const [boxRows, setBoxRows] = useState<Int32Array | null>(null);
  const [boxMode, setBoxMode] = useState(false);
  const selectRow = useCallback((row: number) => columns && setParams({ sel: idAt(columns.ids, row) }), [columns, setParams]);

  // ---- cluster labels, decluttered per half zoom step
  const clusterName = useCallback(
    (c: number) => (c < 0 ? 'noise' : (clusters.find((s) => s.clusterId === c)?.label ?? `cluster ${c}`)),
    [clusters],
  );
  const candidates = useMemo<LabelCandidate[]>(() => clusters.filter((c) => c.size > 0).map((c) => ({ id: c.clusterId, x: c.centroidX, y: c.centroidY, text: c.label, size: c.size })), [clusters]);
  const zoomBucket = camera ? labelZoomBucket(camera.zoom) : 0;
  const labels = useMemo(
    () => (p.labels === '0' ? [] : threeD ? [...candidates].sort((a, b) => b.size - a.size).slice(0, 12) : declutterLabels(candidates, { scale: 2 ** zoomBucket })),
    [candidates, zoomBucket, threeD, p.labels],
  );

  // ---- density (a binned image, computed once per map)
  const densityLayer = useMemo(() => {
    if (!density || !columns) return null;
    const grid = densityGrid(columns.positions, columns.dims, columns.length, columns.bounds, 384, 384);
    return { image: densityImage(grid), extent: grid.extent };
  }, [density, columns]);

  // ---- search: an id, else a semantic query placed with /transform
  const [marker, setMarker] = useState<{ x: number; y: number; z?: number; label: string } | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const onSearch = async (event: FormEvent) => {
    event.preventDefault();
    setSearchError(null);
    const text = search.trim();
    if (!text || !columns || !projection) return;
    const row = findId(columns.ids, text);
    if (row >= 0) {
      setMarker(null);
      selectRow(row);
      focus(row);
      return;
    }
    try {
      const placed = await sendJson<{ points: Array<{ x: number; y: number; z?: number }> }>('POST', `/api/projections/${projection.id}/transform`, { texts: [text] });
      const point = placed.points[0];
      setMarker({ ...point, label: text });
      if (camera) setCamera({ ...camera, target: [point.x, point.y, point.z ?? 0] });
    } catch (error) {
      setSearchError(error);
    }
  };
  const focus = (row: number) => {
    if (!columns || !camera) return;
    const d = columns.dims;
    setCamera({ ...camera, target: [columns.positions[row * d], columns.positions[row * d + 1], d === 3 ? columns.positions[row * d + 2] : 0] });
  };

  // ---- queries on the map
  const queriesState = useQueries(querySource, projection, columns, indexes.rowOf);
  const filteredQueries = useMemo(() => {
    let list = queriesState.queries;
    if (p.failing === '1') list = list.filter((q) => q.failing);
    if (p.qcluster !== undefined && columns) {
      const c = Number(p.qcluster);
      list = list.filter((q) => q.docs.some((d) => d.row >= 0 && columns.cluster[d.row] === c));
    }
    return list;
  }, [queriesState.queries, p.failing, p.qcluster, columns]);
  const selectedQuery = useMemo(() => queriesState.queries.find((q) => q.key === p.q) ?? null, [queriesState.queries, p.q]);

  // ---- layers (drawing)
  const layers = useMemo(() => {
    if (!columns || !points) return [];
    return buildLayers({
      columns,
      points,
      colorKey: coloring.key,
      pointRadius: columns.length > 200_000 ? 1.5 : columns.length > 20_000 ? 2.5 : 4,
      density: densityLayer,
      labels,
      selectedRow,
      neighbourRows: neighbours.map((n) => n.index),
      boxRows,
      hoverRow: hover?.row ?? -1,
      marker,
      queries: filteredQueries,
      selectedQuery,
    });
  }, [columns, points, coloring.key, densityLayer, labels, selectedRow, neighbours, boxRows, hover?.row, marker, filteredQueries, selectedQuery]);

  // ---- evaluations of this collection (outcome colours, eval queries); whether events exist
  const [evaluations, setEvaluations] = useState<Evaluation[]>([]);
  const [eventsAvailable, setEventsAvailable] = useState(false);
  useEffect(() => {
    if (!projection) return;
    getJson<Evaluation[]>('/api/evaluations?status=succeeded')
      .then((list) => setEvaluations(list.filter((e) => e.connectionId === projection.connectionId && e.collection === projection.collection)))
      .catch(() => setEvaluations([]));
    endpointExists('/api/events?limit=1').then(setEventsAvailable);
  }, [projection]);

  const onHover = useCallback((info: PickingInfo | null) => {
    if (!info || info.index < 0) return setHover(null);
    if (info.layer?.id === 'points') setHover({ row: info.index, query: null, x: info.x, y: info.y });
    else if (info.layer?.id === 'queries') setHover({ row: -1, query: info.object as PlacedQuery, x: info.x, y: info.y });
    else setHover(null);
  }, []);
  const onClick = useCallback(
    (info: PickingInfo) => {
      if (info.layer?.id === 'points' && info.index >= 0) selectRow(info.index);
      else if (info.layer?.id === 'queries' && info.object) setParams({ q: (info.object as PlacedQuery).key });
    },
    [selectRow, setParams],
  );

  if (data.error) return <div className="page"><ErrorBox error={data.error} title="Could not load the map" /></div>;
  if (!projection) return <div className="page"><p className="hint">Loading…</p></div>;
  if (projection.status !== 'succeeded') {
    const job = data.job ?? projection;
    return (
      <div className="page">
        <section className="panel" data-testid="map-progress">
          <header className="panel-head">
            <h2>Mapping {projection.collection}</h2>
            {(job.status === 'running' || job.status === 'queued') && (
              <button className="danger" onClick={() => sendJson('DELETE', `/api/projections/${projection.id}`).catch(() => undefined)}>
                Cancel
              </button>
            )}
          </header>
          <ProgressBar progress={job.progress} stage={job.stage} status={job.status} />
          {job.error && <ErrorBox error={new Error(job.error)} title="The projection failed" />}
        </section>
      </div>
    );
  }

  const legend = coloring.coloring?.legend;
  const colorOptions: Array<{ value: string; label: string }> = [
    { value: 'cluster', label: 'Cluster' },
    ...(collection?.payloadFields ?? []).filter((f) => ['string', 'integer', 'float', 'boolean'].includes(f.type)).map((f) => ({ value: `field:${f.name}`, label: `Payload: ${f.name}` })),
    ...(eventsAvailable ? [{ value: 'frequency', label: 'Retrieval frequency (events)' }] : []),
    ...evaluations.map((e) => ({ value: `outcome:${e.id}`, label: `Evaluation outcome: ${e.name}` })),
  ];
  if (!colorOptions.some((o) => o.value === formatColorMode(colorMode))) colorOptions.push({ value: formatColorMode(colorMode), label: formatColorMode(colorMode) });
  const queryOptions = [
    { value: '', label: 'none' },
    ...(eventsAvailable ? [{ value: 'events', label: 'Retrieval events' }] : []),
    ...evaluations.map((e) => ({ value: `eval:${e.id}`, label: `Evaluation: ${e.name}` })),
  ];
  const counts = queriesState.queries.length && columns ? retrievalCounts(queriesState.queries.map((q) => q.docs), indexes.rowOf(), columns.length) : null;
  const never = counts && columns ? clustersNeverRetrieved(counts, columns.cluster) : [];
  const far = columns && queriesState.queries.length ? farQueries(queriesState.queries, columns.positions, columns.dims, Math.hypot(columns.bounds.maxX - columns.bounds.minX, columns.bounds.maxY - columns.bounds.minY)).slice(0, 10) : [];

  return (
    <div className="map-page">
      <div className="map-toolbar" role="toolbar" aria-label="map controls">
        <strong className="map-title" title={projection.id}>
          {projection.collection}
        </strong>
        <span className="hint" data-testid="map-facts">
          {formatCount(projection.pointCount)} points · {projection.nComponents}-D · trustworthiness {formatNumber(projection.trustworthiness, 3)}
        </span>
        <label>
          Colour
          <select aria-label="colour by" value={formatColorMode(colorMode)} onChange={(e) => setParams({ color: e.target.value === 'cluster' ? undefined : e.target.value })}>
            {colorOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {columns?.dims === 3 && (
          <button aria-pressed={threeD} onClick={() => setParams({ view: threeD ? undefined : '3d', cam: undefined })}>
            {threeD ? '3-D orbit' : '2-D'}
          </button>
        )}
        <button aria-pressed={density} onClick={() => setParams({ density: density ? undefined : '1' })}>
          Density
        </button>
        <button aria-pressed={p.labels !== '0'} onClick={() => setParams({ labels: p.labels === '0' ? undefined : '0' })}>
          Labels
        </button>
        <button aria-pressed={boxMode} onClick={() => setBoxMode(!boxMode)} title="or hold Shift and drag" disabled={threeD}>
          Box select
        </button>
        <button onClick={() => columns && setCamera(fitCamera(columns.bounds, size.width, size.height, threeD))}>Fit</button>
        <form className="search" role="search" onSubmit={onSearch}>
          <input
            aria-label="search by id or text"
            placeholder="id, or text (semantic)"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setSearchError(null);
            }}
          />
          <button type="submit">Search</button>
        </form>
        <label>
          Queries
          <select aria-label="queries on the map" value={p.queries ?? ''} onChange={(e) => setParams({ queries: e.target.value || undefined, q: undefined })}>
            {queryOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox error={searchError} title="Search" />
      <ErrorBox error={coloring.error} title="Could not colour the map" />
      <ErrorBox error={queriesState.error} title="Could not place queries" />
      <div className="map-body">
        <aside className="map-side" aria-label="legend and clusters">
          {coloring.status && <p className="hint">{coloring.status}</p>}
          {legend && <LegendView legend={legend} />}
          {projection.warnings.length > 0 && (
            <details className="warnings">
              <summary>{projection.warnings.length} warning(s)</summary>
              <ul>
                {projection.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </details>
          )}
          {clusters.length > 0 && colorMode.kind !== 'cluster' && (
            <details>
              <summary>Clusters ({clusters.length})</summary>
              <ClusterList clusters={clusters} onPick={(c) => camera && setCamera({ ...camera, target: [c.centroidX, c.centroidY, 0], zoom: Math.max(camera.zoom, (camera.zoom ?? 0) + 1) })} />
            </details>
          )}
          {querySource && (
            <QueriesSide
              note={queriesState.note}
              status={queriesState.status}
              queries={filteredQueries}
              total={queriesState.queries.length}
              selected={selectedQuery}
              params={p}
              setParams={setParams}
              clusterName={clusterName}
              clusterIds={clusters.map((c) => c.clusterId)}
              never={never}
              far={far}
              eventsFilter={querySource.kind === 'events'}
            />
          )}
        </aside>
        <div className="map-area" ref={box}>
          {!columns && <p className="hint overlay-hint">Loading {formatCount(projection.pointCount)} points…</p>}
          {columns && camera && (
            <MapCanvas
              layers={layers}
              threeD={threeD}
              camera={camera}
              onCamera={onCamera}
              onHover={onHover}
              onClick={onClick}
              boxMode={boxMode}
              onBox={(corners) => {
                setBoxRows(pointsInBox(columns.positions, columns.dims, columns.length, corners));
                setBoxMode(false);
              }}
              paintKey={`${projection.id}:${columns.length}`}
            />
          )}
          {hover && hover.row >= 0 && columns && (
            <Tooltip projection={projection} id={idAt(columns.ids, hover.row)} x={hover.x} y={hover.y} cluster={clusterName(columns.cluster[hover.row])} />
          )}
          {hover?.query && <QueryTooltip query={hover.query} x={hover.x} y={hover.y} />}
          {marker && (
            <div className="marker-note" data-testid="search-marker">
              Marker: “{marker.label.slice(0, 60)}” <button className="link" onClick={() => setMarker(null)}>remove</button>
            </div>
          )}
        </div>
        {columns && selectedRow >= 0 && (
          <DetailsPanel
            projection={projection}
            columns={columns}
            row={selectedRow}
            clusterName={clusterName}
            neighbours={neighbours}
            onSelect={(row) => {
              selectRow(row);
              focus(row);
            }}
            onClose={() => setParams({ sel: undefined })}
          />
        )}
        {selectedQuery && <QueryPanel query={selectedQuery} projectionTextField={projection.textField} onClose={() => setParams({ q: undefined })} onSelectRow={(row) => { selectRow(row); focus(row); }} />}
      </div>
      {columns && boxRows && boxRows.length > 0 && (
        <SelectionTable projection={projection} columns={columns} rows={boxRows} clusterName={clusterName} onSelect={(row) => { selectRow(row); focus(row); }} onClear={() => setBoxRows(null)} />
      )}
    </div>
  );
}

function QueriesSide(props: {
  note: string | null;
  status: string | null;
  queries: PlacedQuery[];
  total: number;
  selected: PlacedQuery | null;
  params: Record<string, string>;
  setParams: (changes: Record<string, string | undefined>) => void;
  clusterName: (c: number) => string;
  clusterIds: number[];
  never: Array<{ clusterId: number; size: number }>;
  far: Array<{ query: PlacedQuery; nearest: number }>;
  eventsFilter: boolean;
}) {
  const { params, setParams } = props;
  return (
    <div className="queries-side" data-testid="queries-side">
      <h3>Queries</h3>
      {props.status && <p className="hint">{props.status}</p>}
      {props.note && (
        <p className="hint" data-testid="queries-note">
          {props.note}
        </p>
      )}
      <div className="filters">
        {props.eventsFilter && (
          <>
            <label>
              From <input type="datetime-local" value={params.from ?? ''} onChange={(e) => setParams({ from: e.target.value || undefined })} />
            </label>
            <label>
              To <input type="datetime-local" value={params.to ?? ''} onChange={(e) => setParams({ to: e.target.value || undefined })} />
            </label>
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={params.failing === '1'} onChange={(e) => setParams({ failing: e.target.checked ? '1' : undefined })} /> failing only
        </label>
        <label>
          Retrieved from
          <select value={params.qcluster ?? ''} onChange={(e) => setParams({ qcluster: e.target.value || undefined })}>
            <option value="">any cluster</option>
            {props.clusterIds.map((c) => (
              <option key={c} value={c}>
                {props.clusterName(c)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">
        {props.queries.length} of {props.total} shown
      </p>
      <ul className="query-list" data-testid="query-list">
        {props.queries.slice(0, 200).map((q) => (
          <li key={q.key} aria-selected={q.key === props.selected?.key}>
            <button className="link" onClick={() => setParams({ q: q.key })} data-query={q.key}>
              {q.failing ? '✗ ' : ''}
              {q.text.slice(0, 80)}
            </button>
          </li>
        ))}
      </ul>
      <details open={props.never.length > 0}>
        <summary>Clusters never retrieved ({props.never.length})</summary>
        <ul data-testid="never-retrieved">
          {props.never.slice(0, 30).map((c) => (
            <li key={c.clusterId}>
              {props.clusterName(c.clusterId)} <span className="hint">{c.size}</span>
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>Queries far from what they retrieved</summary>
        <ul data-testid="far-queries">
          {props.far.map((f) => (
            <li key={f.query.key}>
              <button className="link" onClick={() => setParams({ q: f.query.key })}>
                {f.query.text.slice(0, 60)}
              </button>{' '}
              <span className="hint">{(f.nearest * 100).toFixed(1)}% of the map</span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function QueryPanel({ query, onClose, onSelectRow }: { query: PlacedQuery; projectionTextField: string | null; onClose: () => void; onSelectRow: (row: number) => void }) {
  return (
    <aside className="details" aria-label="query" data-testid="query-panel">
      <header className="panel-head">
        <h2>{query.kind === 'eval' ? 'Evaluation query' : 'Retrieval event'}</h2>
        <button onClick={onClose} aria-label="close query">
          ×
        </button>
      </header>
      <p className="query-text">{query.text}</p>
      {query.failing && <p className="error-inline">{query.kind === 'eval' ? 'no relevant document in the top k' : 'failed or returned nothing'}</p>}
      {query.startedAt && <p className="hint">{new Date(query.startedAt).toLocaleString()}</p>}
      <table className="table compact" data-testid="query-docs">
        <thead>
          <tr>
            <th>rank</th>
            <th>id</th>
            <th className="num">score</th>
            <th>on map</th>
          </tr>
        </thead>
        <tbody>
          {query.docs.map((d) => (
            <tr key={`${d.rank}:${d.id}`} className={d.relevant ? 'relevant' : undefined}>
              <td>{d.rank}</td>
              <td>
                {d.row >= 0 ? (
                  <button className="link mono" onClick={() => onSelectRow(d.row)}>
                    {d.id}
                  </button>
                ) : (
                  <span className="mono">{d.id}</span>
                )}
                {d.relevant ? ' ✓ relevant' : ''}
              </td>
              <td className="num">{d.score === null ? '—' : d.score.toFixed(4)}</td>
              <td>{d.row >= 0 ? 'yes' : 'not on map'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}

export type { ColorMode };
