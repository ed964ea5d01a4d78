/**
 * Our query coding against the SDK's: on the wire (a reply encoded with Milvus's unmodified
 * protocol description decodes to the same floats, nullable fields the same nulls) and against
 * Milvus Lite (every scalar type it has and dynamic fields come out of MilvusStore exactly as the
 * SDK's query() returns them; Milvus Lite refuses nullable fields).
 */
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import milvusDescriptor from '@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MilvusStore } from '../../src';
import { decodeQueryReply, encodeQueryRequest, queryReplyColumns } from '../../src/connectors/milvus-query-reply';
import { collect } from './stream-support';
import { createCollection, floatVector, int64Key, randomVectors, row } from './milvus-fixtures';

describe('query reply coding (no server)', () => {
  const sdkRoot = protobuf.Root.fromJSON(milvusDescriptor as unknown as protobuf.INamespace);
  const SdkReply = sdkRoot.lookupType('milvus.proto.milvus.QueryResults');
  const SdkRequest = sdkRoot.lookupType('milvus.proto.milvus.QueryRequest');

  it('reads a packed float vector as the SDK encodes it, bit for bit, with the other fields as the SDK decodes them', () => {
    const floats = [0.1, -2.5, 3.4028234663852886e38, 1.401298464324817e-45, -0, 7, 8, Number.NaN].map(Math.fround);
    const reply = {
      status: { code: 0, reason: '' },
      fields_data: [
        { type: 5, field_name: 'id', field_id: 100, scalars: { long_data: { data: ['9223372036854775807', '-3'] } } },
        { type: 101, field_name: 'vec', field_id: 101, vectors: { dim: 4, float_vector: { data: floats } } },
        { type: 21, field_name: 'text', field_id: 102, scalars: { string_data: { data: ['a', 'b'] } } },
        { type: 11, field_name: 'maybe', field_id: 103, scalars: { double_data: { data: [0, 2.5] } }, valid_data: [false, true] },
      ],
      output_fields: ['id', 'vec', 'text'],
    };
    const bytes = Buffer.from(SdkReply.encode(SdkReply.fromObject(reply)).finish());
    const page = queryReplyColumns(decodeQueryReply(bytes));
    expect(page.rowCount).toBe(2);
    expect(page.columns.get('id')).toEqual(['9223372036854775807', '-3']);
    expect(page.columns.get('text')).toEqual(['a', 'b']);
    expect(page.columns.get('maybe')).toEqual([null, 2.5]);
    const vectors = page.floatVectors.get('vec');
    expect(vectors?.dimension).toBe(4);
    expect(Array.from(new Uint32Array(vectors?.values.buffer ?? new ArrayBuffer(0)))).toEqual(Array.from(new Uint32Array(new Float32Array(floats).buffer)));
  });

  it('encodes a request the SDK reads back unchanged', () => {
    const bytes = encodeQueryRequest({ collection_name: 'c', expr: 'id > 5', output_fields: ['id', 'vec'], limit: 1000 });
    const decoded = SdkRequest.toObject(SdkRequest.decode(bytes)) as Record<string, unknown>;
    expect(decoded).toMatchObject({ collection_name: 'c', expr: 'id > 5', output_fields: ['id', 'vec'], query_params: [{ key: 'limit', value: '1000' }] });
  });
});

const address = inject('milvusAddress');
const EVERY_TYPE = 'query_reply_every_type';
const DIM = 16;
const N = 300;
const vectors = randomVectors(N, DIM, 11);

let client: MilvusClient;
let store: MilvusStore;

describe('MilvusStore reads what the SDK reads, against Milvus Lite', () => {
  beforeAll(async () => {
    client = new MilvusClient({ address, logLevel: 'warn' });
    await createCollection(client, EVERY_TYPE, {
      dynamic: true,
      fields: [
        int64Key('pk'),
        floatVector('vec', DIM),
        { name: 'flag', data_type: DataType.Bool },
        { name: 'tiny', data_type: DataType.Int8 },
        { name: 'small', data_type: DataType.Int16 },
        { name: 'medium', data_type: DataType.Int32 },
        { name: 'big', data_type: DataType.Int64 },
        { name: 'single', data_type: DataType.Float },
        { name: 'double', data_type: DataType.Double },
        { name: 'text', data_type: DataType.VarChar, max_length: 64 },
        { name: 'doc', data_type: DataType.JSON },
        { name: 'numbers', data_type: DataType.Array, element_type: DataType.Int64, max_capacity: 8 },
        { name: 'words', data_type: DataType.Array, element_type: DataType.VarChar, max_capacity: 8, max_length: 16 },
      ],
      indexes: [{ field: 'vec', metric: 'COSINE' }],
      count: N,
      rows: (start, end) =>
        Array.from({ length: end - start }, (_, offset) => {
          const i = start + offset;
          return {
            pk: String(9_007_199_254_740_000 + i * 7),
            vec: row(vectors, DIM, i),
            flag: i % 3 === 0,
            tiny: (i % 256) - 128,
            small: i * 100 - 15_000,
            medium: i * 1_000_003,
            big: String(-9_007_199_254_740_993n - BigInt(i)),
            single: i / 7,
            double: i / 3,
            text: `text ${i} ü`,
            doc: { i, nested: { even: i % 2 === 0 }, list: [i, `${i}`] },
            numbers: Array.from({ length: i % 5 }, (_, k) => i * 10 + k),
            words: i % 4 === 0 ? [] : ['a', `w${i}`],
            // dynamic fields
            lang: i % 2 === 0 ? 'en' : 'fr',
            ...(i % 10 === 0 ? { note: { deep: [1, 2, i] } } : {}),
          };
        }),
    });
    store = new MilvusStore({ kind: 'milvus', url: address });
  });

  afterAll(async () => {
    await store?.close();
    await client?.dropCollection({ collection_name: EVERY_TYPE });
    await client?.closeConnection();
  });

  it('streams the same ids, payloads and float32 vectors as the SDK queries', async () => {
    const batches = await collect(store.stream(EVERY_TYPE, { batchSize: 128 }));
    expect(batches.map((batch) => batch.ids.length)).toEqual([128, 128, 44]);
    const reference = await client.query({ collection_name: EVERY_TYPE, filter: '', output_fields: ['*'], limit: N });
    expect(reference.data).toHaveLength(N);
    const byKey = new Map(reference.data.map((entity) => [String(entity.pk), entity]));
    let i = 0;
    for (const batch of batches) {
      batch.ids.forEach((id, b) => {
        const expected = byKey.get(id);
        expect(expected, id).toBeDefined();
        const { pk: _pk, vec, $meta, ...scalars } = expected as Record<string, unknown>;
        expect(batch.payloads?.[b]).toEqual({ ...(($meta as Record<string, unknown>) ?? {}), ...scalars });
        expect(Array.from(batch.vectors.subarray(b * DIM, (b + 1) * DIM))).toEqual(vec);
        expect(Array.from(batch.vectors.subarray(b * DIM, (b + 1) * DIM))).toEqual(row(vectors, DIM, i));
        i++;
      });
    }
  });

  it('fetches and samples through the same decoding', async () => {
    const ids = [String(9_007_199_254_740_000 + 7 * 299), String(9_007_199_254_740_000)];
    const points = await store.fetch(EVERY_TYPE, ids);
    expect(points.map((point) => point.id)).toEqual(ids);
    expect(Array.from(points[0].vector ?? [])).toEqual(row(vectors, DIM, 299));
    expect(points[1].payload).toMatchObject({ flag: true, lang: 'en', note: { deep: [1, 2, 0] }, words: [], numbers: [] });
    const sample = (await collect(store.stream(EVERY_TYPE, { sample: 50, seed: 3, batchSize: 20, withPayload: ['big', 'lang'] }))).flatMap((batch) => batch.payloads ?? []);
    expect(sample).toHaveLength(50);
    for (const payload of sample) expect(Object.keys(payload).sort()).toEqual(['big', 'lang']);
  });
});
