import { getJson } from './client';
import type { PointView } from './types';

/** Payloads fetched on demand (hover, select), cached for the page's life, at most a few requests at once. */
const cache = new Map<string, Promise<PointView>>();
const MAX_CACHED = 5_000;

export function fetchPayload(connectionId: string, collection: string, id: string): Promise<PointView> {
  const key = `${connectionId}\u0000${collection}\u0000${id}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = getJson<PointView>(`/api/connections/${connectionId}/collections/${encodeURIComponent(collection)}/points/${encodeURIComponent(id)}`);
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

/** The text a person reads for a point: the collection's text field, else the longest string in the payload. */
export function payloadText(payload: Record<string, unknown> | undefined, textField: string | null | undefined): string {
  if (!payload) return '';
  if (textField && typeof payload[textField] === 'string') return payload[textField] as string;
  let best = '';
  for (const value of Object.values(payload)) if (typeof value === 'string' && value.length > best.length) best = value;
  return best;
}

/** Runs tasks with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
