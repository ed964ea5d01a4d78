import type { Layer } from '@deck.gl/core';
import { BitmapLayer, LineLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { MapColumns } from './columns';
import { rankColor, type RGB } from './colors';
import type { LabelCandidate } from './labels';
import { PointsLayer } from './PointsLayer';
import type { PlacedQuery } from './queries';

/**
 * Drawing only: turns what the map state holds into deck.gl layers. Points travel as binary
 * attributes; `pointData` must keep its identity across renders (pan and zoom re-use it), so a
 * new colour array is the only thing that makes deck.gl upload colours again.
 */
export interface PointData {
  length: number;
  attributes: {
    getPosition: { value: Float32Array; size: number };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
  };
}

export function pointData(columns: MapColumns, colors: Uint8Array): PointData {
  return {
    length: columns.length,
    attributes: {
      getPosition: { value: columns.positions, size: columns.dims },
      getFillColor: { value: colors, size: 4, normalized: true },
    },
  };
}

/** A few rows drawn on top of the points (selection, neighbours, hover): their own small typed arrays. */
export function subsetPositions(columns: MapColumns, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * columns.dims);
  for (let j = 0; j < rows.length; j++) {
    for (let d = 0; d < columns.dims; d++) out[j * columns.dims + d] = columns.positions[rows[j] * columns.dims + d];
  }
  return out;
}

export interface LayerInput {
  columns: MapColumns;
  points: PointData;
  /** changes exactly when the colours do */
  colorKey: string;
  pointRadius: number;
  /** points faded under the density image */
  density: { image: ImageData | { width: number; height: number; data: Uint8ClampedArray }; extent: [number, number, number, number] } | null;
  labels: LabelCandidate[];
  selectedRow: number;
  neighbourRows: number[];
  boxRows: Int32Array | null;
  hoverRow: number;
  marker: { x: number; y: number; z?: number; label: string } | null;
  queries: PlacedQuery[];
  selectedQuery: PlacedQuery | null;
}

const HIGHLIGHT: [number, number, number, number] = [255, 255, 255, 255];
const OUTLINE: [number, number, number, number] = [20, 20, 20, 255];

export function buildLayers(input: LayerInput): Layer[] {
  const { columns } = input;
  const layers: Layer[] = [];
  if (input.density) {
    layers.push(
      new BitmapLayer({
        id: 'density',
        image: input.density.image as ImageData,
        bounds: input.density.extent,
        pickable: false,
      }),
    );
  }
  layers.push(
    new PointsLayer({
      id: 'points',
      data: input.points,
      pointSize: input.pointRadius * 2,
      opacity: input.density ? 0.35 : 1,
      pickable: true,
      updateTriggers: { getFillColor: input.colorKey },
    }),
  );
  if (input.boxRows && input.boxRows.length) {
    layers.push(
      new ScatterplotLayer({
        id: 'box-selection',
        data: { length: input.boxRows.length, attributes: { getPosition: { value: subsetPositions(columns, input.boxRows), size: columns.dims } } },
        radiusUnits: 'pixels',
        getRadius: input.pointRadius + 1.5,
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        getLineColor: [255, 200, 0, 255],
        pickable: false,
      }),
    );
  }
  const selectedQuery = input.selectedQuery;
  if (selectedQuery) {
    const docs = selectedQuery.docs.filter((d) => d.row >= 0);
    const k = Math.max(1, ...selectedQuery.docs.map((d) => d.rank));
    layers.push(
      new LineLayer({
        id: 'query-lines',
        data: docs,
        getSourcePosition: () => [selectedQuery.x, selectedQuery.y, selectedQuery.z ?? 0],
        getTargetPosition: (d: PlacedQuery['docs'][number]) => Array.from(columns.positions.subarray(d.row * columns.dims, d.row * columns.dims + columns.dims)) as [number, number],
        getColor: (d: PlacedQuery['docs'][number]) => (d.relevant ? ([26, 152, 80, 255] as [number, number, number, number]) : ([...rankColor(d.rank, k), 230] as [number, number, number, number])),
        getWidth: (d: PlacedQuery['docs'][number]) => (d.relevant ? 3.5 : 2),
        widthUnits: 'pixels',
        updateTriggers: { getSourcePosition: selectedQuery.key, getTargetPosition: selectedQuery.key, getColor: selectedQuery.key },
      }),
      new ScatterplotLayer({
        id: 'query-docs',
        data: docs,
        getPosition: (d: PlacedQuery['docs'][number]) => Array.from(columns.positions.subarray(d.row * columns.dims, d.row * columns.dims + columns.dims)) as [number, number],
        radiusUnits: 'pixels',
        getRadius: input.pointRadius + 2.5,
        getFillColor: (d: PlacedQuery['docs'][number]) => [...rankColor(d.rank, k), 255] as [number, number, number, number],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        getLineColor: OUTLINE,
        updateTriggers: { getPosition: selectedQuery.key, getFillColor: selectedQuery.key },
      }),
    );
  }
  if (input.queries.length) {
    layers.push(
      new ScatterplotLayer<PlacedQuery>({
        id: 'queries',
        data: input.queries,
        getPosition: (q) => [q.x, q.y, q.z ?? 0],
        radiusUnits: 'pixels',
        getRadius: (q) => (q.key === selectedQuery?.key ? 9 : 6),
        getFillColor: (q) => (q.failing ? [215, 48, 39, 255] : q.kind === 'eval' ? [255, 0, 200, 255] : [0, 220, 255, 255]),
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: (q) => (q.key === selectedQuery?.key ? 3 : 1.5),
        getLineColor: OUTLINE,
        pickable: true,
        updateTriggers: { getRadius: selectedQuery?.key, getLineWidth: selectedQuery?.key },
      }),
    );
  }
  const rows = [...input.neighbourRows];
  if (rows.length) {
    layers.push(
      new ScatterplotLayer({
        id: 'neighbours',
        data: { length: rows.length, attributes: { getPosition: { value: subsetPositions(columns, rows), size: columns.dims } } },
        radiusUnits: 'pixels',
        getRadius: input.pointRadius + 2,
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        getLineColor: [0, 200, 255, 255],
      }),
    );
  }
  for (const [id, row, color] of [
    ['hovered', input.hoverRow, [255, 255, 255, 200]],
    ['selected', input.selectedRow, HIGHLIGHT],
  ] as Array<[string, number, [number, number, number, number]]>) {
    if (row < 0) continue;
    layers.push(
      new ScatterplotLayer({
        id,
        data: { length: 1, attributes: { getPosition: { value: subsetPositions(columns, [row]), size: columns.dims } } },
        radiusUnits: 'pixels',
        getRadius: input.pointRadius + 4,
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
        getLineColor: color,
      }),
    );
  }
  if (input.marker) {
    const m = input.marker;
    layers.push(
      new ScatterplotLayer({
        id: 'search-marker',
        data: [m],
        getPosition: () => [m.x, m.y, m.z ?? 0],
        radiusUnits: 'pixels',
        getRadius: 10,
        getFillColor: [255, 60, 60, 220],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
        getLineColor: [255, 255, 255, 255],
        updateTriggers: { getPosition: `${m.x},${m.y}` },
      }),
    );
  }
  if (input.labels.length) {
    layers.push(
      new TextLayer<LabelCandidate>({
        id: 'cluster-labels',
        data: input.labels,
        getPosition: (l) => [l.x, l.y, 0],
        getText: (l) => l.text,
        getSize: 13,
        sizeUnits: 'pixels',
        getColor: [240, 240, 240, 255],
        background: true,
        getBackgroundColor: [20, 22, 28, 190],
        backgroundPadding: [4, 2],
        fontFamily: 'system-ui, sans-serif',
        fontWeight: 600,
        characterSet: 'auto',
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'center',
        pickable: false,
      }),
    );
  }
  return layers;
}

export type { RGB };
