import { describe, expect, it } from 'vitest';
import { formatCamera, formatRoute, parseCamera, parseHash, withParams } from '../src/state/route';

describe('hash routes', () => {
  it('parses pages, ids and parameters', () => {
    expect(parseHash('')).toEqual({ page: 'connections', params: {} });
    expect(parseHash('#/jobs')).toEqual({ page: 'jobs', params: {} });
    expect(parseHash('#/map/abc-1?color=cluster&sel=42')).toEqual({ page: 'map', id: 'abc-1', params: { color: 'cluster', sel: '42' } });
    expect(parseHash('#/report/e1')).toEqual({ page: 'report', id: 'e1', params: {} });
    expect(parseHash('#/compare?a=1&b=2')).toEqual({ page: 'compare', params: { a: '1', b: '2' } });
  });

  it('falls back for unknown pages and a map without an id', () => {
    expect(parseHash('#/nowhere')).toEqual({ page: 'connections', params: {} });
    expect(parseHash('#/map')).toEqual({ page: 'maps', params: {} });
    expect(parseHash('#/report')).toEqual({ page: 'evaluations', params: {} });
  });

  it('round-trips, with parameters sorted and ids and values encoded', () => {
    const route = { page: 'map' as const, id: 'p/1', params: { sel: 'doc 7&x', color: 'field:lang' } };
    const hash = formatRoute(route);
    expect(hash).toBe('#/map/p%2F1?color=field%3Alang&sel=doc+7%26x');
    expect(parseHash(hash)).toEqual(route);
  });

  it('sets and removes parameters', () => {
    const route = parseHash('#/map/x?color=cluster&sel=3');
    expect(withParams(route, { sel: undefined, density: 1 }).params).toEqual({ color: 'cluster', density: '1' });
    expect(withParams(route, { color: '' }).params).toEqual({ sel: '3' });
  });

  it('keeps cameras short and refuses malformed ones', () => {
    expect(formatCamera([1.23456, -2, 3.5])).toBe('1.235,-2,3.5');
    expect(parseCamera('1.235,-2,3.5', 3)).toEqual([1.235, -2, 3.5]);
    expect(parseCamera('1,2', 3)).toBeNull();
    expect(parseCamera('1,x,3', 3)).toBeNull();
    expect(parseCamera(undefined, 3)).toBeNull();
  });
});
