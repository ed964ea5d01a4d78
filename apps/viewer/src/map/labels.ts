/** A cluster label to place: where (map units), what, and how big the cluster is. */
export interface LabelCandidate {
  id: number;
  x: number;
  y: number;
  text: string;
  size: number;
}

export interface DeclutterOptions {
  /** pixels per map unit (OrthographicView: 2 ** zoom) */
  scale: number;
  /** approximate width of one character in pixels */
  charWidth?: number;
  /** line height in pixels */
  lineHeight?: number;
  /** extra space around each label, pixels */
  padding?: number;
  /** at most this many labels */
  max?: number;
}

/**
 * Labels that fit at a zoom level without overlapping: biggest clusters first, each kept only
 * when its box (in screen pixels, centred on the centroid) clears every box kept before it.
 * Screen size = map distance × scale, so zooming in spreads centroids apart and lets more in.
 */
export function declutterLabels(candidates: readonly LabelCandidate[], options: DeclutterOptions): LabelCandidate[] {
  const charWidth = options.charWidth ?? 7;
  const lineHeight = options.lineHeight ?? 16;
  const padding = options.padding ?? 4;
  const max = options.max ?? 200;
  const order = [...candidates].sort((a, b) => b.size - a.size || a.id - b.id);
  const kept: Array<{ label: LabelCandidate; x0: number; x1: number; y0: number; y1: number }> = [];
  for (const label of order) {
    if (kept.length >= max) break;
    const cx = label.x * options.scale;
    const cy = label.y * options.scale;
    const halfW = (label.text.length * charWidth) / 2 + padding;
    const halfH = lineHeight / 2 + padding;
    const box = { label, x0: cx - halfW, x1: cx + halfW, y0: cy - halfH, y1: cy + halfH };
    if (kept.every((k) => box.x1 <= k.x0 || box.x0 >= k.x1 || box.y1 <= k.y0 || box.y0 >= k.y1)) kept.push(box);
  }
  return kept.map((k) => k.label);
}

/** Zoom rounded to half steps, so labels are recomputed a few times per zoom gesture, not every frame. */
export function labelZoomBucket(zoom: number): number {
  return Math.round(zoom * 2) / 2;
}
