import { describe, expect, it } from 'vitest';
import { welcomePoints } from '../src/map/welcome-points';

describe('welcome points', () => {
  it('are columnar, deterministic and inside the drawn extent', () => {
    const a = welcomePoints(500);
    const b = welcomePoints(500);
    expect(a.positions).toBeInstanceOf(Float32Array);
    expect(a.positions.length).toBe(1000);
    expect(a.colors.length).toBe(2000);
    expect(a.positions).toEqual(b.positions);
    for (const v of a.positions) expect(Math.abs(v)).toBeLessThanOrEqual(200);
    expect(new Set(Array.from({ length: 500 }, (_, i) => a.colors[4 * i])).size).toBeGreaterThan(1);
  });
});
