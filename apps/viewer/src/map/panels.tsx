import { useEffect, useState } from 'react';
import { fetchPayload, payloadText, pool } from '../api/payloads';
import type { ClusterSummary, PointView, Projection } from '../api/types';
import { idAt, type MapColumns } from './columns';
import { cssColor, type Legend } from './colors';
import { toCsv, downloadText } from './csv';
import type { PlacedQuery } from './queries';

export function LegendView({ legend, onPick }: { legend: Legend; onPick?: (label: string) => void }) {
  if (legend.kind === 'ramp') {
    const gradient = `linear-gradient(to right, ${legend.stops.map((c) => cssColor(c)).join(', ')})`;
    return (
      <div className="legend" data-testid="legend">
        <div className="legend-title">{legend.label}</div>
        <div className="legend-ramp" style={{ background: gradient }} />
        <div className="legend-ends">
          <span>{formatValue(legend.min)}</span>
          {legend.log && <span>log scale</span>}
          <span>{formatValue(legend.max)}</span>
        </div>
      </div>
    );
  }
  return (
    <ul className="legend legend-list" data-testid="legend">
      {legend.items.slice(0, 40).map((item) => (
        <li key={item.label}>
          <button className="legend-item" onClick={() => onPick?.(item.label)} title={item.label}>
            <span className="swatch" style={{ background: cssColor(item.color) }} />
            <span className="legend-label">{item.label}</span>
            <span className="legend-count">{item.count.toLocaleString('en-US')}</span>
          </button>
        </li>
      ))}
      {legend.items.length > 40 && <li className="hint">…and {legend.items.length - 40} more</li>}
    </ul>
  );
}

const formatValue = (v: number) => (Math.abs(v) >= 1000 || Number.isInteger(v) ? v.toLocaleString('en-US') : v.toPrecision(3));

function usePayload(projection: Projection, id: string | null): { point: PointView | null; error: unknown } {
  const [state, setState] = useState<{ id: string | null; point: PointView | null; error: unknown }>({ id: null, point: null, error: null });
  useEffect(() => {
    if (id === null) return;
    let live = true;
    fetchPayload(projection.connectionId, projection.collection, id).then(
      (point) => live && setState({ id, point, error: null }),
      (error) => live && setState({ id, point: null, error }),
    );
    return () => {
      live = false;
    };
  }, [projection.connectionId, projection.collection, id]);
  return state.id === id ? state : { point: null, error: null };
}

export function Tooltip({ projection, id, x, y, cluster }: { projection: Projection; id: string; x: number; y: number; cluster: string }) {
  const { point, error } = usePayload(projection, id);
  const text = payloadText(point?.payload, projection.textField);
  return (
    <div className="tooltip" data-testid="tooltip" style={{ left: x + 14, top: y + 14 }}>
      <div className="tooltip-id">
        <span className="mono">{id}</span> · {cluster}
      </div>
      <div className="tooltip-text" data-testid="tooltip-text">
        {error ? <span className="error-inline">{(error as Error).message}</span> : point ? text.slice(0, 400) || '(no text)' : 'loading…'}
      </div>
    </div>
  );
}

export function QueryTooltip({ query, x, y }: { query: PlacedQuery; x: number; y: number }) {
  return (
    <div className="tooltip" data-testid="query-tooltip" style={{ left: x + 14, top: y + 14 }}>
      <div className="tooltip-id">{query.kind === 'eval' ? 'evaluation query' : 'retrieval event'}{query.failing ? ' · failing' : ''}</div>
      <div className="tooltip-text">{query.text.slice(0, 300)}</div>
    </div>
  );
}

export function DetailsPanel({
  projection,
  columns,
  row,
  clusterName,
  neighbours,
  onSelect,
  onClose,
}: {
  projection: Projection;
  columns: MapColumns;
  row: number;
  clusterName: (c: number) => string;
  neighbours: Array<{ index: number; distance: number }>;
  onSelect: (row: number) => void;
  onClose: () => void;
}) {
  const id = idAt(columns.ids, row);
  const { point, error } = usePayload(projection, id);
  const d = columns.dims;
  return (
    <aside className="details" aria-label="point details" data-testid="details">
      <header className="panel-head">
        <h2>Point</h2>
        <button onClick={onClose} aria-label="close details">
          ×
        </button>
      </header>
      <dl className="facts">
        <dt>id</dt>
        <dd className="mono" data-testid="details-id">{id}</dd>
        <dt>cluster</dt>
        <dd>{clusterName(columns.cluster[row])}</dd>
        <dt>position</dt>
        <dd className="mono">{Array.from(columns.positions.subarray(row * d, row * d + d), (v) => v.toFixed(3)).join(', ')}</dd>
      </dl>
      <h3>Payload</h3>
      {error ? <div className="error-inline">{(error as Error).message}</div> : null}
      {!point && !error && <p className="hint">loading…</p>}
      {point && (
        <dl className="payload" data-testid="payload">
          {Object.entries(point.payload ?? {}).map(([key, value]) => (
            <div key={key} className="payload-row">
              <dt>{key}</dt>
              <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3>Nearest on the map</h3>
      <ol className="neighbours" data-testid="neighbours">
        {neighbours.map((n) => (
          <li key={n.index}>
            <button className="link" onClick={() => onSelect(n.index)}>
              <span className="mono">{idAt(columns.ids, n.index)}</span>
            </button>{' '}
            <span className="hint">{n.distance.toFixed(3)} · {clusterName(columns.cluster[n.index])}</span>
            <NeighbourText projection={projection} id={idAt(columns.ids, n.index)} />
          </li>
        ))}
      </ol>
    </aside>
  );
}

function NeighbourText({ projection, id }: { projection: Projection; id: string }) {
  const { point } = usePayload(projection, id);
  const text = payloadText(point?.payload, projection.textField);
  return text ? <div className="snippet">{text.slice(0, 140)}</div> : null;
}

const TABLE_ROWS = 200;
const TEXT_ROWS = 50;
const CSV_TEXT_LIMIT = 500;

export function SelectionTable({
  projection,
  columns,
  rows,
  clusterName,
  onSelect,
  onClear,
}: {
  projection: Projection;
  columns: MapColumns;
  rows: Int32Array;
  clusterName: (c: number) => string;
  onSelect: (row: number) => void;
  onClear: () => void;
}) {
  const [texts, setTexts] = useState<Map<number, string>>(new Map());
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    let live = true;
    const first = Array.from(rows.subarray(0, TEXT_ROWS));
    pool(first, 6, async (row) => {
      const point = await fetchPayload(projection.connectionId, projection.collection, idAt(columns.ids, row)).catch(() => null);
      if (live) setTexts((t) => new Map(t).set(row, payloadText(point?.payload, projection.textField)));
    });
    return () => {
      live = false;
    };
  }, [rows, columns, projection]);

  const exportCsv = async () => {
    setExporting(true);
    const d = columns.dims;
    const all = Array.from(rows);
    const withText = all.length <= CSV_TEXT_LIMIT;
    const textOf = new Map(texts);
    if (withText) {
      await pool(all, 8, async (row) => {
        if (textOf.has(row)) return;
        const point = await fetchPayload(projection.connectionId, projection.collection, idAt(columns.ids, row)).catch(() => null);
        textOf.set(row, payloadText(point?.payload, projection.textField));
      });
    }
    const header = ['id', 'x', 'y', ...(d === 3 ? ['z'] : []), 'cluster', 'cluster_label', ...(withText ? ['text'] : [])];
    const body = all.map((row) => [
      idAt(columns.ids, row),
      ...Array.from(columns.positions.subarray(row * d, row * d + d)),
      columns.cluster[row],
      clusterName(columns.cluster[row]),
      ...(withText ? [textOf.get(row) ?? ''] : []),
    ]);
    downloadText(`${projection.collection}-selection-${all.length}.csv`, toCsv(header, body));
    setExporting(false);
  };

  return (
    <section className="selection" aria-label="selected points" data-testid="selection">
      <header className="panel-head">
        <h2>{rows.length.toLocaleString('en-US')} points selected</h2>
        <div className="panel-actions">
          <button className="primary" onClick={exportCsv} disabled={exporting} data-testid="export-csv">
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
          <button onClick={onClear}>Clear</button>
        </div>
      </header>
      <div className="selection-scroll">
        <table className="table compact">
          <thead>
            <tr>
              <th>id</th>
              <th>cluster</th>
              <th className="num">x</th>
              <th className="num">y</th>
              <th>text</th>
            </tr>
          </thead>
          <tbody>
            {Array.from(rows.subarray(0, TABLE_ROWS), (row, j) => (
              <tr key={row}>
                <td>
                  <button className="link mono" onClick={() => onSelect(row)}>
                    {idAt(columns.ids, row)}
                  </button>
                </td>
                <td>{clusterName(columns.cluster[row])}</td>
                <td className="num">{columns.positions[row * columns.dims].toFixed(2)}</td>
                <td className="num">{columns.positions[row * columns.dims + 1].toFixed(2)}</td>
                <td className="snippet">{texts.get(row)?.slice(0, 160) ?? (j < TEXT_ROWS ? '…' : '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length > TABLE_ROWS && <p className="hint">Showing the first {TABLE_ROWS}; the CSV holds all {rows.length.toLocaleString('en-US')}.</p>}
      </div>
    </section>
  );
}

export function ClusterList({ clusters, onPick }: { clusters: ClusterSummary[]; onPick: (c: ClusterSummary) => void }) {
  const sorted = [...clusters].sort((a, b) => b.size - a.size);
  return (
    <ul className="cluster-list">
      {sorted.slice(0, 60).map((c) => (
        <li key={c.clusterId}>
          <button className="link" onClick={() => onPick(c)} title={c.terms.join(', ')}>
            {c.label}
          </button>{' '}
          <span className="hint">{c.size.toLocaleString('en-US')}</span>
        </li>
      ))}
    </ul>
  );
}
