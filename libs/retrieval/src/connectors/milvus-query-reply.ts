/**
 * Query requests and replies encoded and decoded by us instead of by the SDK's query(), so that a
 * page of float vectors goes from the gRPC message straight into one Float32Array.
 *
 * The SDK decodes `FloatArray.data` (packed `repeated float`) into a JS number array (8 bytes a
 * float), splits it into one array per row by push()ing element by element and builds one object
 * per entity; its retry interceptor also JSON.stringify()s every reply for a debug line. A packed
 * repeated float has the same wire encoding as `bytes` (tag, length, little-endian IEEE 754
 * floats), so we decode Milvus's own protocol description (the JSON descriptor the SDK ships) with
 * one change: float vectors are read as a `PackedFloats` message whose field is bytes. protobufjs
 * hands bytes over as a view into the received message, which we copy once into the batch's
 * Float32Array. Every other field is decoded as the SDK decodes it (same protobufjs options) and
 * turned into columns by the SDK's own buildFieldDataMap, so scalar, JSON, array and nullable
 * fields behave exactly as before. Measured in BENCHMARKS.md (export): 1.8× the raw SDK loop.
 */
import { endianness } from 'node:os';
import { buildFieldDataMap } from '@zilliz/milvus2-sdk-node';
import milvusDescriptor from '@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus';
import protobuf from 'protobufjs';
import type { MilvusStatus } from './milvus-errors';
import { VectorStoreError } from './types';

/** The SDK's LOADER_OPTIONS: int64 as decimal strings, enums by name, defaults and oneof names filled in. */
const CONVERSION: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: true };

export const QUERY_METHOD = '/milvus.proto.milvus.MilvusService/Query';

interface Descriptor {
  nested: Record<string, Descriptor & { fields?: Record<string, { type: string; id: number; rule?: string }> }>;
}

function schemaPackage(root: Descriptor): Descriptor['nested'] {
  return root.nested.milvus.nested.proto.nested.schema.nested;
}

function buildTypes(): { request: protobuf.Type; reply: protobuf.Type } {
  const descriptor = structuredClone(milvusDescriptor) as unknown as Descriptor;
  const schema = schemaPackage(descriptor);
  const vectorField = schema.VectorField.fields;
  if (!vectorField?.float_vector || vectorField.float_vector.type !== 'FloatArray' || !schema.FloatArray?.fields?.data) {
    throw new Error('the Milvus protocol description shipped with @zilliz/milvus2-sdk-node has changed: VectorField.float_vector is no longer a FloatArray');
  }
  // FloatArray stays as it is for other messages (e.g. search scores); only vectors are re-typed
  schema.PackedFloats = { nested: {}, fields: { data: { type: 'bytes', id: schema.FloatArray.fields.data.id } } } as unknown as Descriptor['nested'][string];
  vectorField.float_vector = { ...vectorField.float_vector, type: 'PackedFloats' };
  const root = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace);
  return { request: root.lookupType('milvus.proto.milvus.QueryRequest'), reply: root.lookupType('milvus.proto.milvus.QueryResults') };
}

let types: ReturnType<typeof buildTypes> | undefined;
function queryTypes(): ReturnType<typeof buildTypes> {
  types ??= buildTypes();
  return types;
}

export interface QueryRequest {
  collection_name: string;
  expr: string;
  output_fields: string[];
  limit: number;
}

export function encodeQueryRequest(request: QueryRequest): Buffer {
  const { request: type } = queryTypes();
  const message = type.fromObject({
    collection_name: request.collection_name,
    expr: request.expr,
    output_fields: request.output_fields,
    query_params: [{ key: 'limit', value: String(request.limit) }],
  });
  return Buffer.from(type.encode(message).finish());
}

/** One query page as columns: each output field's values in row order, float vectors as one Float32Array. */
export interface QueryColumns {
  rowCount: number;
  columns: Map<string, unknown[]>;
  floatVectors: Map<string, { dimension: number; values: Float32Array<ArrayBuffer> }>;
}

interface DecodedFieldData {
  field_name: string;
  vectors?: { dim: string; data?: string; float_vector?: { data: Uint8Array } };
  valid_data?: boolean[];
  [key: string]: unknown;
}

const littleEndianHost = endianness() === 'LE';

function floatsFromBytes(bytes: Uint8Array): Float32Array<ArrayBuffer> {
  if (bytes.byteLength % 4 !== 0) throw new VectorStoreError('internal', `Milvus sent ${bytes.byteLength} bytes of float vector data, not a whole number of floats`);
  const values = new Float32Array(bytes.byteLength / 4);
  if (littleEndianHost) {
    new Uint8Array(values.buffer).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  }
  return values;
}

export interface DecodedQueryReply {
  status?: MilvusStatus;
  fields_data: DecodedFieldData[];
}

/** grpc-js's deserializer: decoding only, so that a reply whose status is an error still reaches its caller as such. */
export function decodeQueryReply(message: Buffer): DecodedQueryReply {
  const { reply: type } = queryTypes();
  const reply = type.toObject(type.decode(message), CONVERSION) as DecodedQueryReply;
  // The SDK's retry interceptor JSON.stringify()s every reply for a debug line, whatever the log
  // level, and Buffer.toJSON() would turn the page's vector bytes into an array of numbers (~50×
  // the bytes in garbage). It gets this summary instead.
  Object.defineProperty(reply, 'toJSON', { enumerable: false, value: () => ({ status: reply.status, fields: reply.fields_data.map((field) => field.field_name) }) });
  return reply;
}

export function queryReplyColumns(reply: DecodedQueryReply): QueryColumns {
  const floatVectors = new Map<string, { dimension: number; values: Float32Array<ArrayBuffer> }>();
  const others: DecodedFieldData[] = [];
  for (const field of reply.fields_data) {
    if (field.vectors?.data !== 'float_vector' || !field.vectors.float_vector) {
      others.push(field);
      continue;
    }
    if (field.valid_data?.some((valid) => !valid)) {
      throw new VectorStoreError('unsupported', `field "${field.field_name}" holds null vectors; ragscope reads float vectors that every entity has`);
    }
    floatVectors.set(field.field_name, { dimension: Number(field.vectors.dim), values: floatsFromBytes(field.vectors.float_vector.data) });
  }
  const columns = buildFieldDataMap(others) as Map<string, unknown[]>;
  let rowCount = 0;
  for (const values of columns.values()) rowCount = Math.max(rowCount, values?.length ?? 0);
  for (const [name, { dimension, values }] of floatVectors) {
    if (dimension > 0) rowCount = Math.max(rowCount, values.length / dimension);
    else if (values.length > 0) throw new VectorStoreError('internal', `Milvus sent vectors of "${name}" without their dimension`);
  }
  return { rowCount, columns, floatVectors };
}
