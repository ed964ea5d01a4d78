/**
 * The view a URL names. Hash routing (`#/map/<id>?color=cluster&sel=42`) so that the api can
 * serve index.html at / without knowing the viewer's paths, and so a copied link reopens the
 * same projection, colour mode, selection and camera.
 */
export type Page = 'connections' | 'maps' | 'map' | 'jobs' | 'evaluations' | 'report' | 'compare' | 'events';

export interface Route {
  page: Page;
  /** projection id (map), evaluation id (report) */
  id?: string;
  /** everything else, as given in the query string */
  params: Record<string, string>;
}

const PAGES: Page[] = ['connections', 'maps', 'map', 'jobs', 'evaluations', 'report', 'compare', 'events'];
const WITH_ID = new Set<Page>(['map', 'report']);

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const [path, query = ''] = text.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const page = (PAGES as string[]).includes(parts[0] ?? '') ? (parts[0] as Page) : 'connections';
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) params[key] = value;
  if (WITH_ID.has(page) && parts[1]) return { page, id: parts[1], params };
  if (WITH_ID.has(page)) return { page: page === 'map' ? 'maps' : 'evaluations', params };
  return { page, params };
}

export function formatRoute(route: Route): string {
  const path = `#/${route.page}${route.id !== undefined ? `/${encodeURIComponent(route.id)}` : ''}`;
  const entries = Object.entries(route.params).filter(([, v]) => v !== undefined && v !== '');
  entries.sort(([a], [b]) => a.localeCompare(b));
  const query = new URLSearchParams(entries).toString();
  return query ? `${path}?${query}` : path;
}

/** The same route with some parameters set (a value of undefined or '' removes the parameter). */
export function withParams(route: Route, changes: Record<string, string | number | undefined | null>): Route {
  const params = { ...route.params };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === null || value === '') delete params[key];
    else params[key] = String(value);
  }
  return { ...route, params };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A camera in the URL: "x,y,zoom" (2-D) or "x,y,z,zoom,rotX,rotOrbit" (3-D), numbers rounded. */
export function formatCamera(values: number[]): string {
  return values.map((v) => String(Math.round(v * 1000) / 1000)).join(',');
}

export function parseCamera(text: string | undefined, length: number): number[] | null {
  if (!text) return null;
  const values = text.split(',').map(Number);
  return values.length === length && values.every(Number.isFinite) ? values : null;
}
