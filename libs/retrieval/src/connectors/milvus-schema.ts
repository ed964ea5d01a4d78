/**
 * What ragscope needs to know about a Milvus collection's schema, read once from
 * describeCollection: the primary key (and how to write it in a filter expression), the
 * vector fields and the scalar fields with our payload types.
 */
import { VectorStoreError, type Distance, type PayloadFieldType, type VectorFieldInfo } from './types';

export interface PrimaryKey {
  name: string;
  type: 'int64' | 'varchar';
}

export interface ScalarField {
  name: string;
  type: PayloadFieldType;
  /** int64 values arrive as strings (the SDK decodes longs as String); we keep them exact. */
  dataType: string;
}

export interface MilvusSchema {
  collection: string;
  primaryKey: PrimaryKey;
  /** every vector field; `distance` is filled in from the indexes by the caller */
  vectorFields: VectorFieldInfo[];
  scalarFields: ScalarField[];
  /** dynamic fields live in the hidden `$meta` JSON field */
  dynamic: boolean;
}

/** The subset of the SDK's FieldSchema we read; the SDK flattens type_params (dim) onto the field. */
export interface DescribedField {
  name: string;
  data_type: string;
  is_primary_key?: boolean;
  is_dynamic?: boolean;
  dim?: string | number;
  element_type?: string;
}

export const DYNAMIC_FIELD = '$meta';

const UNSUPPORTED_VECTORS: Record<string, { type: VectorFieldInfo['type']; reason: string }> = {
  Float16Vector: { type: 'float16', reason: 'float16 vectors are not read yet: ragscope maps and searches float32 vectors (FloatVector fields)' },
  BFloat16Vector: { type: 'bfloat16', reason: 'bfloat16 vectors are not read yet: ragscope maps and searches float32 vectors (FloatVector fields)' },
  BinaryVector: { type: 'binary', reason: 'binary vectors have no meaningful float embedding to map; use a FloatVector field' },
  SparseFloatVector: { type: 'sparse', reason: 'sparse vectors (e.g. BM25 or SPLADE) have no fixed dimension to map; use a FloatVector field' },
  Int8Vector: { type: 'int8', reason: 'int8 vectors are not read yet: ragscope maps and searches float32 vectors (FloatVector fields)' },
  ArrayOfVector: { type: 'multi', reason: 'embedding lists (several vectors per entity) cannot be mapped one point per entity' },
};

const SCALAR_TYPES: Record<string, PayloadFieldType> = {
  Bool: 'boolean',
  Int8: 'integer',
  Int16: 'integer',
  Int32: 'integer',
  Int64: 'integer',
  Float: 'float',
  Double: 'float',
  VarChar: 'string',
  String: 'string',
  Text: 'string',
  JSON: 'json',
  Array: 'array',
  Geometry: 'string',
  Timestamptz: 'datetime',
};

export function parseSchema(collection: string, fields: DescribedField[], enableDynamicField: boolean): MilvusSchema {
  let primaryKey: PrimaryKey | undefined;
  const vectorFields: VectorFieldInfo[] = [];
  const scalarFields: ScalarField[] = [];
  for (const field of fields) {
    if (field.is_primary_key) {
      if (field.data_type !== 'Int64' && field.data_type !== 'VarChar') {
        throw new VectorStoreError('unsupported', `collection "${collection}" has a ${field.data_type} primary key; Milvus keys are Int64 or VarChar`);
      }
      primaryKey = { name: field.name, type: field.data_type === 'Int64' ? 'int64' : 'varchar' };
    } else if (field.data_type === 'FloatVector') {
      vectorFields.push({ name: field.name, dimension: Number(field.dim ?? 0), distance: 'unknown', type: 'dense', supported: true });
    } else if (UNSUPPORTED_VECTORS[field.data_type]) {
      const { type, reason } = UNSUPPORTED_VECTORS[field.data_type];
      vectorFields.push({ name: field.name, dimension: Number(field.dim ?? 0), distance: 'unknown', type, supported: false, reason });
    } else if (!field.is_dynamic) {
      scalarFields.push({ name: field.name, type: SCALAR_TYPES[field.data_type] ?? 'mixed', dataType: field.data_type });
    }
  }
  if (!primaryKey) throw new VectorStoreError('internal', `collection "${collection}" reports no primary key field`);
  return { collection, primaryKey, vectorFields, scalarFields, dynamic: enableDynamicField };
}

/** Milvus metric names (index params `metric_type`) in our words. */
export function distanceFromMetric(metric: string | undefined): Distance {
  switch ((metric ?? '').toUpperCase()) {
    case 'COSINE':
      return 'cosine';
    case 'IP':
      return 'dot';
    case 'L2':
      return 'euclidean';
    case 'HAMMING':
      return 'hamming';
    case 'JACCARD':
      return 'jaccard';
    default:
      return 'unknown';
  }
}

/**
 * The float vector field a request means: the named one, or the first FloatVector field in
 * schema order. A wrong name is 'invalid' with the fields that exist, so a person can pick one.
 */
export function resolveVectorField(schema: MilvusSchema, requested: string | undefined): VectorFieldInfo {
  const available = schema.vectorFields.map((field) => field.name);
  if (requested === undefined || requested === '') {
    const first = schema.vectorFields.find((field) => field.supported);
    if (!first) {
      throw new VectorStoreError('unsupported', `collection "${schema.collection}" has no FloatVector field ragscope can read`, {
        vectorFields: schema.vectorFields.map(({ name, type, reason }) => ({ name, type, reason })),
      });
    }
    return first;
  }
  const field = schema.vectorFields.find((candidate) => candidate.name === requested);
  if (!field) {
    throw new VectorStoreError('invalid', `collection "${schema.collection}" has no vector field "${requested}"; available: ${available.join(', ') || 'none'}`, {
      field: requested,
      available,
    });
  }
  if (!field.supported) {
    throw new VectorStoreError('unsupported', `vector field "${requested}" of "${schema.collection}" cannot be read: ${field.reason}`, {
      field: requested,
      available,
    });
  }
  return field;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A primary key value as a literal in a Milvus boolean expression. Int64 keys stay decimal
 * strings end to end (never a JS number); varchar keys are quoted with JSON escaping, which the
 * expression parser's string literals accept.
 */
export function primaryKeyLiteral(primaryKey: PrimaryKey, id: string): string {
  if (primaryKey.type === 'varchar') return JSON.stringify(id);
  if (!/^-?\d{1,19}$/.test(id)) {
    throw new VectorStoreError('invalid', `"${id}" is not an int64 id (primary key "${primaryKey.name}" is Int64)`, { id });
  }
  const value = BigInt(id);
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new VectorStoreError('invalid', `"${id}" is outside the int64 range of primary key "${primaryKey.name}"`, { id });
  }
  return value.toString();
}

/** Compares keys the way Milvus orders them: int64 numerically, varchar by UTF-8 bytes. */
export function comparePrimaryKeys(primaryKey: PrimaryKey, a: string, b: string): number {
  if (primaryKey.type === 'int64') {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
