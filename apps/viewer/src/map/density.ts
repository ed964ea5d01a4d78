import type { Bounds } from './columns';
import { interpolateInferno } from 'd3-scale-chromatic';
import { ramp } from './colors';

export interface DensityGrid {
  width: number;
  height: number;
  counts: Float32Array;
  max: number;
  /** map-unit rectangle the grid covers: [left, bottom, right, top] */
  extent: [number, number, number, number];
}

/** Points binned into a width × height grid over the bounds (padded by one cell), then blurred 3×3. */
export function densityGrid(positions: Float32Array, stride: number, length: number, bounds: Bounds, width = 256, height = 256): DensityGrid {
  const padX = (bounds.maxX - bounds.minX || 1) / width;
  const padY = (bounds.maxY - bounds.minY || 1) / height;
  const left = bounds.minX - padX;
  const bottom = bounds.minY - padY;
  const w = bounds.maxX + padX - left;
  const h = bounds.maxY + padY - bottom;
  const raw = new Float32Array(width * height);
  for (let i = 0; i < length; i++) {
    const gx = Math.min(width - 1, Math.floor(((positions[i * stride] - left) / w) * width));
    const gy = Math.min(height - 1, Math.floor(((positions[i * stride + 1] - bottom) / h) * height));
    raw[gy * width + gx]++;
  }
  const counts = new Float32Array(width * height);
  let max = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let weight = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const wgt = dx === 0 && dy === 0 ? 4 : dx === 0 || dy === 0 ? 2 : 1;
          sum += raw[ny * width + nx] * wgt;
          weight += wgt;
        }
      }
      const v = sum / weight;
      counts[y * width + x] = v;
      if (v > max) max = v;
    }
  }
  return { width, height, counts, max, extent: [left, bottom, left + w, bottom + h] };
}

const INFERNO = ramp(interpolateInferno);

/** RGBA pixels (top row first, as images are) on a log scale; empty cells transparent. */
export function densityImage(grid: DensityGrid): ImageData | { width: number; height: number; data: Uint8ClampedArray } {
  const { width, height, counts, max } = grid;
  const data = new Uint8ClampedArray(width * height * 4);
  const top = Math.log1p(max) || 1;
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      const v = counts[y * width + x];
      const o = (row * width + x) * 4;
      if (v <= 0) continue;
      const t = Math.log1p(v) / top;
      const c = INFERNO[Math.min(255, Math.round(40 + t * 215))];
      data[o] = c[0];
      data[o + 1] = c[1];
      data[o + 2] = c[2];
      data[o + 3] = Math.round(60 + t * 195);
    }
  }
  return typeof ImageData !== 'undefined' ? new ImageData(data, width, height) : { width, height, data };
}
