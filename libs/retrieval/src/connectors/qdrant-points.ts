import { isObject } from './qdrant-errors';
import { idFromWire } from './qdrant-ids';
import type { FetchedPoint, Payload, PointBatch, SearchHit, VectorFieldInfo } from './types';

/** A point from scroll, retrieve or query, with its id already in our string form. */
export interface WirePoint {
  id: string;
  /** absent when vectors were not asked for */
  vector?: unknown;
  /** raw payload values: integers beyond 2^53 are still bigints here */
  payload?: Payload;
  score?: number;
}

/** Thrown by the readers below; the caller turns it into a VectorStoreError naming the request. */
export class MalformedResponse extends Error {}

export function readPoints(list: unknown, where: string, scored = false): WirePoint[] {
  if (!Array.isArray(list)) throw new MalformedResponse(`${where} is not a list of points`);
  return list.map((point, index) => readPoint(point, `${where}[${index}]`, scored));
}

function readPoint(point: unknown, where: string, scored: boolean): WirePoint {
  if (!isObject(point)) throw new MalformedResponse(`${where} is not an object`);
  const id = idFromWire(point.id);
  if (id === undefined) throw new MalformedResponse(`${where}.id is neither an unsigned integer nor a UUID`);
  if (point.payload !== undefined && point.payload !== null && !isObject(point.payload)) {
    throw new MalformedResponse(`${where}.payload is not an object`);
  }
  if (scored && (typeof point.score !== 'number' || Number.isNaN(point.score))) throw new MalformedResponse(`${where}.score is not a number`);
  return {
    id,
    vector: point.vector ?? undefined,
    payload: isObject(point.payload) ? point.payload : undefined,
    score: typeof point.score === 'number' ? point.score : undefined,
  };
}

/**
 * The point's vector for `field`, checked against its dimension. Undefined when the point has no
 * vector under that name: Qdrant lets each point carry any subset of the named vectors.
 */
export function vectorFor(point: WirePoint, field: VectorFieldInfo): number[] | undefined {
  const stored = point.vector;
  let vector: unknown;
  if (Array.isArray(stored)) vector = field.name === '' ? stored : undefined;
  else if (isObject(stored)) vector = stored[field.name];
  if (vector === undefined) return undefined;
  if (!Array.isArray(vector) || vector.length !== field.dimension || !vector.every((value) => typeof value === 'number')) {
    const label = field.name === '' ? 'vector' : `vector "${field.name}"`;
    throw new MalformedResponse(`point ${point.id} has a ${label} that is not ${field.dimension} numbers`);
  }
  return vector as number[];
}

/** Payload values safe for JSON.stringify downstream: integers beyond 2^53 become their exact decimal string. */
export function jsonSafePayload(payload: Payload): Payload {
  return jsonSafe(payload) as Payload;
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item)]));
  return value;
}

export interface BatchRequest {
  field: VectorFieldInfo;
  withVectors: boolean;
  withPayload: boolean;
}

/**
 * Points as a columnar batch. Points without the requested vector cannot be placed on a map and
 * are left out when vectors are requested (their ids are not in the batch).
 */
export function toBatch(points: WirePoint[], request: BatchRequest, cursor: string | undefined): PointBatch {
  const { field, withVectors, withPayload } = request;
  const kept: Array<{ point: WirePoint; vector?: number[] }> = [];
  for (const point of points) {
    if (!withVectors) {
      kept.push({ point });
      continue;
    }
    const vector = vectorFor(point, field);
    if (vector) kept.push({ point, vector });
  }
  const vectors = new Float32Array(withVectors ? kept.length * field.dimension : 0);
  if (withVectors) kept.forEach(({ vector }, row) => vectors.set(vector as number[], row * field.dimension));
  return {
    ids: kept.map(({ point }) => point.id),
    vectors,
    dimension: field.dimension,
    ...(withPayload ? { payloads: kept.map(({ point }) => jsonSafePayload(point.payload ?? {})) } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  };
}

export function toFetchedPoint(point: WirePoint, field: VectorFieldInfo | undefined): FetchedPoint {
  const vector = field ? vectorFor(point, field) : undefined;
  return {
    id: point.id,
    ...(vector ? { vector: Float32Array.from(vector) } : {}),
    ...(point.payload ? { payload: jsonSafePayload(point.payload) } : {}),
  };
}

export function toSearchHit(point: WirePoint): SearchHit {
  return { id: point.id, score: point.score as number, ...(point.payload ? { payload: jsonSafePayload(point.payload) } : {}) };
}
