import { describe, expect, it } from 'vitest';
import { categoricalPalette, categoryColoring, clusterColoring, NOISE, numericColoring, outcomeColoring, rankColor, toRgb } from '../src/map/colors';

const rgbaAt = (colors: Uint8Array, i: number) => Array.from(colors.subarray(i * 4, i * 4 + 4));

describe('colour scales', () => {
  it('parses d3 colour strings', () => {
    expect(toRgb('#4e79a7')).toEqual([78, 121, 167]);
    expect(toRgb('rgb(68, 1, 84)')).toEqual([68, 1, 84]);
    expect(() => toRgb('blue')).toThrow();
  });

  it('gives distinct categorical colours, beyond the fixed schemes too', () => {
    const palette = categoricalPalette(60);
    expect(palette).toHaveLength(60);
    expect(new Set(palette.map((c) => c.join())).size).toBeGreaterThan(55);
  });

  it('colours clusters, noise grey and faint, legend biggest first with labels', () => {
    const { colors, legend } = clusterColoring(Int32Array.from([0, 1, 1, -1]), new Map([[1, 'wings']]));
    expect(rgbaAt(colors, 3)).toEqual([...NOISE, 110]);
    expect(rgbaAt(colors, 1)).toEqual(rgbaAt(colors, 2));
    expect(rgbaAt(colors, 0)).not.toEqual(rgbaAt(colors, 1));
    expect(legend.kind === 'categories' && legend.items.map((i) => [i.label, i.count])).toEqual([
      ['wings', 2],
      ['cluster 0', 1],
      ['noise', 1],
    ]);
  });

  it('puts rare categories under "other" and missing values apart', () => {
    const codes = Int32Array.from([0, 0, 0, 1, 1, 2, -1]);
    const { colors, legend } = categoryColoring(codes, ['en', 'fr', 'de'], { maxCategories: 2 });
    expect(legend.kind === 'categories' && legend.items.map((i) => [i.label, i.count])).toEqual([
      ['en', 3],
      ['fr', 2],
      ['other (1 values)', 1],
      ['no value', 1],
    ]);
    expect(rgbaAt(colors, 0)).toEqual(rgbaAt(colors, 2));
  });

  it('counts the values the api grouped as rare (code -2) under "other" too', () => {
    const codes = Int32Array.from([0, 0, 1, -2, -2, -2, -1]);
    const { colors, legend } = categoryColoring(codes, ['en', 'fr'], { maxCategories: 1, otherValues: 40 });
    expect(legend.kind === 'categories' && legend.items.map((i) => [i.label, i.count])).toEqual([
      ['en', 2],
      ['other (41 values)', 4],
      ['no value', 1],
    ]);
    expect(rgbaAt(colors, 2)).toEqual(rgbaAt(colors, 3));
    expect(rgbaAt(colors, 6)[3]).toBe(90);
  });

  it('maps numbers onto a ramp with their range, NaN as missing', () => {
    const { colors, legend } = numericColoring(Float32Array.from([0, 5, 10, NaN]), 'year');
    expect(legend).toMatchObject({ kind: 'ramp', min: 0, max: 10, label: 'year' });
    expect(rgbaAt(colors, 0)).not.toEqual(rgbaAt(colors, 2));
    expect(rgbaAt(colors, 3)[3]).toBe(90);
    const flat = numericColoring([3, 3], 'x');
    expect(rgbaAt(flat.colors, 0)).toEqual(rgbaAt(flat.colors, 1));
  });

  it('colours evaluation outcomes and ranks', () => {
    const { legend } = outcomeColoring(Uint8Array.from([0, 1, 2, 3, 3]));
    expect(legend.kind === 'categories' && legend.items.map((i) => i.count)).toEqual([1, 1, 1, 2]);
    expect(rankColor(1, 10)).not.toEqual(rankColor(10, 10));
  });
});
