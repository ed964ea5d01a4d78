import { VectorStoreError } from './types';

/** Qdrant's integer ids are u64. */
const MAX_U64 = (1n << 64n) - 1n;
const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const DIGITS = /^\d+$/;

export type WireId = number | bigint | string;

/** A point id from a response as our string id; undefined when it is neither a u64 nor a string. */
export function idFromWire(id: unknown): string | undefined {
  if (typeof id === 'string') return id;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
  if (typeof id === 'bigint' && id >= 0n && id <= MAX_U64) return id.toString();
  return undefined;
}

/** Our string id as Qdrant expects it: digits are an integer id (exact beyond 2^53), anything else a UUID. */
export function idToWire(id: string): WireId {
  if (DIGITS.test(id)) {
    const value = BigInt(id);
    if (value > MAX_U64) throw new VectorStoreError('invalid', `point id ${id} is larger than Qdrant's u64 ids allow`, { id });
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (UUID.test(id)) return id;
  throw new VectorStoreError('invalid', `"${id}" is not a Qdrant point id (an unsigned integer or a UUID)`, { id });
}

export function isUuidId(id: string): boolean {
  return UUID.test(id);
}

/**
 * A stream cursor is the id of the first point of the next page (Qdrant's `next_page_offset`)
 * written as our string id; scroll order is by id, so passing it back as `offset` resumes exactly.
 */
export function cursorFromOffset(offset: unknown): string | undefined {
  if (offset === null || offset === undefined) return undefined;
  return idFromWire(offset);
}

export function offsetFromCursor(cursor: string): WireId {
  try {
    return idToWire(cursor);
  } catch {
    throw new VectorStoreError('invalid', `"${cursor}" is not a Qdrant stream cursor (a point id from a previous batch)`, { cursor });
  }
}
