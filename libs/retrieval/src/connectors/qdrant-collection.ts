import { isObject } from './qdrant-errors';
import { VectorStoreError, type Distance, type PayloadFieldType, type VectorFieldInfo } from './types';

const SPARSE_REASON = 'sparse vectors are not supported for maps/search yet';
const MULTIVECTOR_REASON = 'multivectors (several vectors per point, late interaction) are not supported for maps/search yet';

const DISTANCES: Record<string, Distance> = { Cosine: 'cosine', Dot: 'dot', Euclid: 'euclidean', Manhattan: 'manhattan' };

/** Qdrant payload index types in our payload vocabulary. */
const INDEX_TYPES: Record<string, PayloadFieldType> = {
  keyword: 'string',
  text: 'string',
  uuid: 'string',
  integer: 'integer',
  float: 'float',
  bool: 'boolean',
  datetime: 'datetime',
  geo: 'json',
};

/** The parts of collection info the connector relies on, checked rather than trusted. */
export interface CollectionShape {
  vectorFields: VectorFieldInfo[];
  pointsCount: number | undefined;
  /** payload index name (may be a nested path like `meta.page`) → our type */
  indexedFields: Map<string, PayloadFieldType>;
}

/** Reads GET /collections/{name}; returns a description of what is wrong instead of throwing, for the caller's message. */
export function readCollectionInfo(info: unknown): CollectionShape | string {
  if (!isObject(info) || !isObject(info.config) || !isObject(info.config.params)) return 'config.params is missing';
  const params = info.config.params;
  const vectorFields: VectorFieldInfo[] = [];

  if (isObject(params.vectors) && 'size' in params.vectors) {
    const field = denseField('', params.vectors);
    if (typeof field === 'string') return field;
    vectorFields.push(field);
  } else if (isObject(params.vectors)) {
    for (const [name, vectorParams] of Object.entries(params.vectors)) {
      const field = denseField(name, vectorParams);
      if (typeof field === 'string') return field;
      vectorFields.push(field);
    }
  } else if (params.vectors !== undefined && params.vectors !== null) {
    return 'config.params.vectors is neither vector params nor a map of them';
  }

  if (isObject(params.sparse_vectors)) {
    for (const name of Object.keys(params.sparse_vectors)) {
      vectorFields.push({ name, dimension: 0, distance: 'dot', type: 'sparse', supported: false, reason: SPARSE_REASON });
    }
  }
  // Qdrant keeps named vectors in a hash map, so their order varies between calls.
  vectorFields.sort((a, b) => a.name.localeCompare(b.name));

  const pointsCount = info.points_count;
  if (pointsCount !== undefined && pointsCount !== null && !isCount(pointsCount)) return 'points_count is not a count';

  const indexedFields = new Map<string, PayloadFieldType>();
  if (isObject(info.payload_schema)) {
    for (const [name, index] of Object.entries(info.payload_schema)) {
      if (!isObject(index) || typeof index.data_type !== 'string') return `payload_schema.${name} has no data_type`;
      indexedFields.set(name, INDEX_TYPES[index.data_type] ?? 'mixed');
    }
  }
  return { vectorFields, pointsCount: typeof pointsCount === 'number' ? pointsCount : undefined, indexedFields };
}

function denseField(name: string, params: unknown): VectorFieldInfo | string {
  const label = name === '' ? 'the default vector' : `vector "${name}"`;
  if (!isObject(params) || !isCount(params.size) || typeof params.distance !== 'string') {
    return `${label} has no size and distance`;
  }
  const base = { name, dimension: params.size, distance: DISTANCES[params.distance] ?? 'unknown' } as const;
  if (isObject(params.multivector_config)) {
    return { ...base, type: 'multi', supported: false, reason: MULTIVECTOR_REASON };
  }
  // float16 and uint8 storage still travel as JSON numbers, so every dense datatype streams alike.
  return { ...base, type: 'dense', supported: true };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The vector field a stream, fetch or search uses: the one asked for, or the only usable one.
 * Asking for a field that does not exist lists the ones that do.
 */
export function chooseVectorField(fields: VectorFieldInfo[], collection: string, requested: string | undefined): VectorFieldInfo {
  const available = fields.map((field) => field.name);
  if (requested !== undefined) {
    const field = fields.find((candidate) => candidate.name === requested);
    if (!field) {
      const shown = available.map((name) => (name === '' ? "'' (the default vector)" : `'${name}'`)).join(', ') || 'none';
      throw new VectorStoreError('invalid', `collection "${collection}" has no vector field '${requested}'; available: ${shown}`, {
        collection,
        vectorField: requested,
        available,
      });
    }
    if (!field.supported) {
      throw new VectorStoreError('unsupported', `vector field '${requested}' of "${collection}": ${field.reason}`, {
        collection,
        vectorField: requested,
        type: field.type,
      });
    }
    return field;
  }
  const usable = fields.filter((field) => field.supported);
  if (usable.length === 1) return usable[0];
  if (usable.length === 0) {
    throw new VectorStoreError('unsupported', `collection "${collection}" has no dense vector field that can be used`, { collection, available });
  }
  throw new VectorStoreError('invalid', `collection "${collection}" has several vector fields; choose one with vectorField`, {
    collection,
    available: usable.map((field) => field.name),
  });
}
