import { NO_VALUE } from '@ragscope/retrieval/arrow';
import { interpolateViridis, interpolateYlOrRd, schemeTableau10, schemeSet3, schemeDark2 } from 'd3-scale-chromatic';

export type RGB = [number, number, number];

export const NOISE: RGB = [150, 150, 150];
export const MISSING: RGB = [200, 200, 200];

/** A legend the map shows beside the points: categories with swatches, or a ramp with its ends. */
export type Legend =
  | { kind: 'categories'; items: Array<{ label: string; color: RGB; count: number }> }
  | { kind: 'ramp'; label: string; min: number; max: number; stops: RGB[]; log?: boolean };

export interface Coloring {
  /** n × 4 RGBA: the getFillColor binary attribute */
  colors: Uint8Array;
  legend: Legend;
}

/** '#rrggbb' (d3's schemes) or 'rgb(r, g, b)' (d3's interpolators) as numbers. */
export function toRgb(css: string): RGB {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/.exec(css);
  if (fn) return [Math.round(+fn[1]), Math.round(+fn[2]), Math.round(+fn[3])];
  throw new Error(`not a colour: ${css}`);
}

const BASE = [...schemeTableau10, ...schemeDark2, ...schemeSet3].map(toRgb);

/** n distinct categorical colours: Tableau 10, Dark2, Set3, then golden-angle hues. */
export function categoricalPalette(n: number): RGB[] {
  const out: RGB[] = BASE.slice(0, n);
  for (let i = out.length; i < n; i++) out.push(hsl((i * 137.508) % 360, 0.55, 0.55));
  return out;
}

function hsl(h: number, s: number, l: number): RGB {
  const a = s * Math.min(l, 1 - l);
  const f = (k: number) => {
    const t = (k + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(t - 3, 9 - t, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** 256 colours sampled from an interpolator: a look-up table, so a million points cost one index each. */
export function ramp(interpolate: (t: number) => string, steps = 256): RGB[] {
  return Array.from({ length: steps }, (_, i) => toRgb(interpolate(i / (steps - 1))));
}

const VIRIDIS = ramp(interpolateViridis);
const HEAT = ramp(interpolateYlOrRd);

export function fill(colors: Uint8Array, i: number, c: RGB, alpha: number) {
  colors[i * 4] = c[0];
  colors[i * 4 + 1] = c[1];
  colors[i * 4 + 2] = c[2];
  colors[i * 4 + 3] = alpha;
}

/** Cluster ids (-1 = noise, grey) to colours; legend by cluster size, labels when given. */
export function clusterColoring(cluster: Int32Array, labels: Map<number, string> = new Map(), alpha = 200): Coloring {
  let max = -1;
  for (let i = 0; i < cluster.length; i++) if (cluster[i] > max) max = cluster[i];
  const palette = categoricalPalette(max + 1);
  const counts = new Int32Array(max + 2);
  const colors = new Uint8Array(cluster.length * 4);
  for (let i = 0; i < cluster.length; i++) {
    const c = cluster[i];
    counts[c + 1]++;
    fill(colors, i, c < 0 ? NOISE : palette[c], c < 0 ? 110 : alpha);
  }
  const items = palette.map((color, c) => ({ label: labels.get(c) ?? `cluster ${c}`, color, count: counts[c + 1] }));
  items.sort((a, b) => b.count - a.count);
  if (counts[0] > 0) items.push({ label: 'noise', color: NOISE, count: counts[0] });
  return { colors, legend: { kind: 'categories', items } };
}

/**
 * Category codes to colours: the most frequent `maxCategories` get their own colour; the rest,
 * and OTHER_VALUE (values the api already grouped as rare: otherValues distinct ones), share
 * "other"; NO_VALUE is no value.
 */
export function categoryColoring(codes: Int32Array, names: string[], options: { maxCategories?: number; alpha?: number; otherValues?: number } = {}): Coloring {
  const { maxCategories = 12, alpha = 210, otherValues = 0 } = options;
  const counts = new Int32Array(names.length);
  let missing = 0;
  let grouped = 0;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] === NO_VALUE) missing++;
    else if (codes[i] < 0) grouped++;
    else counts[codes[i]]++;
  }
  const order = names.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || names[a].localeCompare(names[b]));
  const shown = order.slice(0, maxCategories);
  const palette = categoricalPalette(shown.length);
  const OTHER: RGB = [120, 120, 120];
  const colorOf: RGB[] = names.map(() => OTHER);
  shown.forEach((code, rank) => (colorOf[code] = palette[rank]));
  const colors = new Uint8Array(codes.length * 4);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === NO_VALUE) fill(colors, i, MISSING, 90);
    else fill(colors, i, code < 0 ? OTHER : colorOf[code], alpha);
  }
  const items = shown.map((code, rank) => ({ label: names[code], color: palette[rank], count: counts[code] }));
  const other = order.slice(maxCategories).reduce((sum, code) => sum + counts[code], grouped);
  if (other) items.push({ label: `other (${(names.length - shown.length + otherValues).toLocaleString('en-US')} values)`, color: OTHER, count: other });
  if (missing) items.push({ label: 'no value', color: MISSING, count: missing });
  return { colors, legend: { kind: 'categories', items } };
}

/** Numbers (NaN = no value) on a sequential ramp between their min and max (log1p when asked). */
export function numericColoring(values: ArrayLike<number>, label: string, options: { log?: boolean; heat?: boolean; alpha?: number } = {}): Coloring {
  const table = options.heat ? HEAT : VIRIDIS;
  const alpha = options.alpha ?? 210;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) {
    min = 0;
    max = 0;
  }
  const f = options.log ? (v: number) => Math.log1p(Math.max(0, v)) : (v: number) => v;
  const lo = f(min);
  const span = f(max) - lo || 1;
  const colors = new Uint8Array(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) fill(colors, i, MISSING, 90);
    else fill(colors, i, table[Math.min(255, Math.max(0, Math.round(((f(v) - lo) / span) * 255)))], alpha);
  }
  const stops = [0, 64, 128, 192, 255].map((i) => table[i]);
  return { colors, legend: { kind: 'ramp', label, min, max, stops, ...(options.log ? { log: true } : {}) } };
}

export const OUTCOME_COLORS: Record<string, RGB> = {
  'retrieved, all queries pass': [26, 152, 80],
  'retrieved by failing queries': [215, 48, 39],
  'retrieved by passing and failing': [253, 174, 97],
  'never retrieved': [190, 190, 190],
};

/** Evaluation outcome per point: 0 never retrieved, 1 passing only, 2 failing only, 3 both. */
export function outcomeColoring(outcome: Uint8Array): Coloring {
  const keys: Array<keyof typeof OUTCOME_COLORS> = ['never retrieved', 'retrieved, all queries pass', 'retrieved by failing queries', 'retrieved by passing and failing'];
  const counts = [0, 0, 0, 0];
  const colors = new Uint8Array(outcome.length * 4);
  for (let i = 0; i < outcome.length; i++) {
    const o = outcome[i];
    counts[o]++;
    fill(colors, i, OUTCOME_COLORS[keys[o]], o === 0 ? 70 : 230);
  }
  return { colors, legend: { kind: 'categories', items: keys.map((label, o) => ({ label, color: OUTCOME_COLORS[label], count: counts[o] })) } };
}

/** Rank r of k (1-based) along a heat ramp: rank 1 darkest. */
export function rankColor(rank: number, k: number): RGB {
  const t = k <= 1 ? 1 : 1 - (rank - 1) / (k - 1);
  return HEAT[Math.round(64 + t * 191)];
}

export function cssColor(c: RGB, alpha = 1): string {
  return alpha === 1 ? `rgb(${c[0]},${c[1]},${c[2]})` : `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
}
