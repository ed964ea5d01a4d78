import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVectorStore, MilvusStore } from '../../src';
import { collect, rejection } from './stream-support';
import { createCollection, floatVector, int64Key, randomVectors, row, varcharKey } from './milvus-fixtures';

const address = inject('milvusAddress');
const BIG_IDS = ['9223372036854775807', '9007199254740993', '9007199254740992', '-9223372036854775808', '-5', '0', '42'];
const DIM = 8;
const INT64 = 'connector_int64';
const VARCHAR = 'connector_varchar';
const TWO_VECTORS = 'connector_two_vectors';
const EMPTY = 'connector_empty';
const VARCHAR_IDS = ['plain', 'with "quotes"', 'back\\slash', "it's", 'ünïcödé', '日本語', 'emoji 🙂', ''.padEnd(100, 'z')];

const int64Vectors = randomVectors(BIG_IDS.length, DIM, 1);
const varcharVectors = randomVectors(VARCHAR_IDS.length, DIM, 2);
const titleVectors = randomVectors(50, 4, 3);
const bodyVectors = randomVectors(50, 6, 4);

let client: MilvusClient;
let store: MilvusStore;

beforeAll(async () => {
  client = new MilvusClient({ address, logLevel: 'warn' });
  await createCollection(client, INT64, {
    fields: [
      int64Key('id'),
      floatVector('embedding', DIM),
      { name: 'text', data_type: DataType.VarChar, max_length: 512 },
      { name: 'year', data_type: DataType.Int64 },
      { name: 'rating', data_type: DataType.Double },
      { name: 'tags', data_type: DataType.Array, element_type: DataType.VarChar, max_capacity: 4, max_length: 16 },
    ],
    dynamic: true,
    indexes: [{ field: 'embedding', metric: 'COSINE' }],
    count: BIG_IDS.length,
    rows: (start, end) =>
      BIG_IDS.slice(start, end).map((id, offset) => {
        const i = start + offset;
        return {
          id,
          embedding: row(int64Vectors, DIM, i),
          text: `chunk number ${i} of a document about int64 keys`,
          year: i === 0 ? '9007199254740993' : String(2000 + i),
          rating: i + 0.5,
          tags: ['a', `t${i}`],
          // dynamic fields: lang everywhere, a free-text note on some points
          lang: i % 2 ? 'en' : 'fr',
          ...(i % 3 === 0 ? { note: 'short' } : {}),
        };
      }),
  });
  await createCollection(client, VARCHAR, {
    fields: [varcharKey('doc'), floatVector('vec', DIM), { name: 'summary', data_type: DataType.VarChar, max_length: 256 }, { name: 'title', data_type: DataType.VarChar, max_length: 64 }],
    indexes: [{ field: 'vec', metric: 'L2' }],
    count: VARCHAR_IDS.length,
    rows: (start, end) =>
      VARCHAR_IDS.slice(start, end).map((doc, offset) => ({
        doc,
        vec: row(varcharVectors, DIM, start + offset),
        title: `t${start + offset}`,
        summary: `a much longer summary of document ${start + offset}, longer than any title`,
      })),
  });
  await createCollection(client, TWO_VECTORS, {
    fields: [int64Key('pk'), floatVector('title_vec', 4), floatVector('body_vec', 6), { name: 'half', data_type: DataType.Float16Vector, dim: 4 }],
    indexes: [
      { field: 'title_vec', metric: 'IP' },
      { field: 'body_vec', metric: 'L2' },
      { field: 'half', metric: 'L2' },
    ],
    count: 50,
    rows: (start, end) =>
      Array.from({ length: end - start }, (_, offset) => {
        const i = start + offset;
        return { pk: String(i * 10), title_vec: row(titleVectors, 4, i), body_vec: row(bodyVectors, 6, i), half: [0.5, 0.25, -1, 2] };
      }),
  });
  await createCollection(client, EMPTY, { fields: [int64Key(), floatVector('v', DIM)], indexes: [{ field: 'v', metric: 'COSINE' }], count: 0, rows: () => [] });
  store = new MilvusStore({ kind: 'milvus', url: address });
});

afterAll(async () => {
  await store?.close();
  await client?.closeConnection();
});

describe('MilvusStore against Milvus Lite: connection', () => {
  it('pings and lists collections (Milvus Lite reports no version)', async () => {
    const pong = await store.ping();
    expect(pong.version === undefined || typeof pong.version === 'string').toBe(true);
    const names = (await store.listCollections()).map((collection) => collection.name);
    expect(names).toEqual(expect.arrayContaining([INT64, VARCHAR, TWO_VECTORS, EMPTY]));
    expect(names).toEqual([...names].sort());
  });

  it('is what the factory builds for kind milvus, and accepts an http:// url', async () => {
    const built = createVectorStore({ kind: 'milvus', url: `http://${address}` });
    try {
      expect(built).toBeInstanceOf(MilvusStore);
      expect(built.kind).toBe('milvus');
      expect((await built.listCollections()).length).toBeGreaterThan(0);
    } finally {
      await built.close();
    }
  });

  it('reports an unreachable address as unreachable, naming host:port and the cause', async () => {
    const dead = new MilvusStore({ kind: 'milvus', url: '127.0.0.1:1', timeoutMs: 3_000 });
    try {
      const error = await rejection(dead.ping());
      expect(error.code).toBe('unreachable');
      expect(error.message).toContain('127.0.0.1:1');
      expect(error.details?.address).toBe('127.0.0.1:1');
      expect(error.cause).toBeDefined();
    } finally {
      await dead.close();
    }
  });
  it('reports a request that outlives timeoutMs as timeout', async () => {
    const hasty = new MilvusStore({ kind: 'milvus', url: address, timeoutMs: 1 });
    try {
      const error = await rejection(hasty.search(INT64, new Float32Array(DIM), 5));
      expect(error.code).toBe('timeout');
      expect(error.message).toContain(address);
    } finally {
      await hasty.close();
    }
  });
});

describe('MilvusStore against Milvus Lite: describe', () => {
  it('describes an int64 collection with scalar, array and dynamic fields', async () => {
    const info = await store.describe(INT64);
    expect(info).toMatchObject({ name: INT64, pointCount: BIG_IDS.length, pointCountExact: true, idType: 'integer', sampled: BIG_IDS.length, textField: 'text' });
    expect(info.vectorFields).toEqual([{ name: 'embedding', dimension: DIM, distance: 'cosine', type: 'dense', supported: true }]);
    const byName = Object.fromEntries(info.payloadFields.map((field) => [field.name, field]));
    expect(byName.text).toMatchObject({ type: 'string', present: BIG_IDS.length, indexed: false });
    expect(byName.year).toMatchObject({ type: 'integer', present: BIG_IDS.length });
    expect(byName.rating).toMatchObject({ type: 'float' });
    expect(byName.tags).toMatchObject({ type: 'array' });
    expect(byName.lang).toEqual({ name: 'lang', type: 'string', present: BIG_IDS.length });
    expect(byName.note).toEqual({ name: 'note', type: 'string', present: 3 });
    expect(byName.id).toBeUndefined();
    expect(byName.embedding).toBeUndefined();
    expect(byName.$meta).toBeUndefined();
  });

  it('lists every vector field with its own metric and marks float16 unsupported with a reason', async () => {
    const info = await store.describe(TWO_VECTORS);
    expect(info.vectorFields.map(({ name, dimension, distance, type, supported }) => ({ name, dimension, distance, type, supported }))).toEqual([
      { name: 'title_vec', dimension: 4, distance: 'dot', type: 'dense', supported: true },
      { name: 'body_vec', dimension: 6, distance: 'euclidean', type: 'dense', supported: true },
      { name: 'half', dimension: 4, distance: 'euclidean', type: 'float16', supported: false },
    ]);
    expect(info.vectorFields[2].reason).toMatch(/float16/);
    expect(info.payloadFields).toEqual([]);
    expect(info.textField).toBeUndefined();
  });

  it('guesses the longest string field as text when no field has a well-known name', async () => {
    const info = await store.describe(VARCHAR);
    expect(info.idType).toBe('string');
    expect(info.textField).toBe('summary');
    expect(info.vectorFields[0]).toMatchObject({ name: 'vec', distance: 'euclidean' });
  });

  it('describes an empty collection', async () => {
    const info = await store.describe(EMPTY);
    expect(info).toMatchObject({ pointCount: 0, pointCountExact: true, sampled: 0, payloadFields: [] });
  });

  it('answers not_found for an unknown collection, everywhere', async () => {
    // one at a time: a call started early could reject before anything listens to it
    for (const attempt of [
      () => store.describe('no_such_collection'),
      () => store.fetch('no_such_collection', ['1']),
      () => store.search('no_such_collection', new Float32Array(DIM), 3),
      () => collect(store.stream('no_such_collection')),
    ]) {
      const error = await rejection(attempt());
      expect(error.code).toBe('not_found');
      expect(error.message).toContain('no_such_collection');
    }
  });
});

describe('MilvusStore against Milvus Lite: ids', () => {
  it('streams int64 ids beyond 2^53 exactly, in key order, with their vectors and payloads', async () => {
    const batches = await collect(store.stream(INT64, { batchSize: 3 }));
    expect(batches.map((batch) => batch.ids.length)).toEqual([3, 3, 1]);
    const ids = batches.flatMap((batch) => batch.ids);
    const expected = [...BIG_IDS].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(ids).toEqual(expected);
    for (const batch of batches) {
      expect(batch.dimension).toBe(DIM);
      expect(batch.vectors).toBeInstanceOf(Float32Array);
      batch.ids.forEach((id, i) => {
        const source = BIG_IDS.indexOf(id);
        expect(Array.from(batch.vectors.subarray(i * DIM, (i + 1) * DIM))).toEqual(row(int64Vectors, DIM, source));
        expect(batch.payloads?.[i]).toMatchObject({ text: `chunk number ${source} of a document about int64 keys`, lang: source % 2 ? 'en' : 'fr' });
      });
    }
    // an int64 scalar beyond 2^53 stays exact too
    const first = batches.flatMap((batch) => batch.payloads ?? []).find((payload) => payload.rating === 0.5);
    expect(first?.year).toBe('9007199254740993');
  });

  it('fetches by int64 id exactly, in the order asked, leaving out unknown ids', async () => {
    const points = await store.fetch(INT64, ['9007199254740993', '123456', '9223372036854775807', '9007199254740992']);
    expect(points.map((point) => point.id)).toEqual(['9007199254740993', '9223372036854775807', '9007199254740992']);
    expect(Array.from(points[0].vector ?? [])).toEqual(row(int64Vectors, DIM, 1));
    expect(Array.from(points[1].vector ?? [])).toEqual(row(int64Vectors, DIM, 0));
    expect(points[0].payload).toMatchObject({ lang: 'en', tags: ['a', 't1'] });
    const noVectors = await store.fetch(INT64, ['42'], { withVectors: false });
    expect(noVectors[0].vector).toBeUndefined();
  });

  it('refuses ids that are not int64', async () => {
    for (const id of ['abc', '9223372036854775808', '1.5']) {
      expect((await rejection(store.fetch(INT64, [id]))).code).toBe('invalid');
    }
  });

  it('searches with int64 ids exactly', async () => {
    const hits = await store.search(INT64, int64Vectors.slice(DIM, 2 * DIM), 3);
    expect(hits).toHaveLength(1);
    expect(hits[0][0].id).toBe('9007199254740993');
    expect(hits[0][0].score).toBeCloseTo(1, 5);
  });

  it('round-trips varchar ids with quotes, backslashes and non-ASCII through stream, cursor and fetch', async () => {
    const all = (await collect(store.stream(VARCHAR, { batchSize: 2 }))).flatMap((batch) => batch.ids);
    expect([...all].sort()).toEqual([...VARCHAR_IDS].sort());
    expect(new Set(all).size).toBe(VARCHAR_IDS.length);
    // resume after each possible batch: the rest is exactly what follows
    const batches = await collect(store.stream(VARCHAR, { batchSize: 3 }));
    for (let b = 0; b < batches.length - 1; b++) {
      const rest = (await collect(store.stream(VARCHAR, { batchSize: 3, cursor: batches[b].cursor }))).flatMap((batch) => batch.ids);
      expect(rest).toEqual(batches.slice(b + 1).flatMap((batch) => batch.ids));
    }
    const points = await store.fetch(VARCHAR, ['with "quotes"', 'back\\slash', "it's", 'emoji 🙂', 'missing']);
    expect(points.map((point) => point.id)).toEqual(['with "quotes"', 'back\\slash', "it's", 'emoji 🙂']);
    expect(Array.from(points[0].vector ?? [])).toEqual(row(varcharVectors, DIM, 1));
  });
});

describe('MilvusStore against Milvus Lite: fields, filters, options', () => {
  it('streams either vector field of a two-vector collection', async () => {
    const title = (await collect(store.stream(TWO_VECTORS, { vectorField: 'title_vec', batchSize: 20 })))[0];
    const body = (await collect(store.stream(TWO_VECTORS, { vectorField: 'body_vec', batchSize: 20 })))[0];
    expect(title.dimension).toBe(4);
    expect(body.dimension).toBe(6);
    expect(title.ids.slice(0, 3)).toEqual(['0', '10', '20']);
    expect(Array.from(title.vectors.subarray(4, 8))).toEqual(row(titleVectors, 4, 1));
    expect(Array.from(body.vectors.subarray(6, 12))).toEqual(row(bodyVectors, 6, 1));
    // without a name, the first float vector field
    const first = (await collect(store.stream(TWO_VECTORS, { batchSize: 5, limit: 5 })))[0];
    expect(first.dimension).toBe(4);
  });

  it('rejects a wrong vector field as invalid, listing the fields there are', async () => {
    const error = await rejection(collect(store.stream(TWO_VECTORS, { vectorField: 'nope' })));
    expect(error.code).toBe('invalid');
    expect(error.details?.available).toEqual(['title_vec', 'body_vec', 'half']);
    expect(error.message).toContain('title_vec, body_vec, half');
    expect((await rejection(store.search(TWO_VECTORS, new Float32Array(4), 1, { vectorField: 'nope' }))).code).toBe('invalid');
    expect((await rejection(collect(store.stream(TWO_VECTORS, { vectorField: 'half' })))).code).toBe('unsupported');
  });

  it('filters with a Milvus expression, on schema and dynamic fields', async () => {
    const english = (await collect(store.stream(INT64, { filter: 'lang == "en"', batchSize: 2 }))).flatMap((batch) => batch.ids);
    expect(english.sort()).toEqual(BIG_IDS.filter((_, i) => i % 2).sort());
    const recent = (await collect(store.stream(INT64, { filter: 'rating > 3', withVectors: false }))).flatMap((batch) => batch.ids);
    expect(recent).toHaveLength(4);
    const hits = await store.search(INT64, int64Vectors.slice(0, DIM), 10, { filter: 'lang == "fr"' });
    expect(hits[0].map((hit) => hit.id).sort()).toEqual(BIG_IDS.filter((_, i) => i % 2 === 0).sort());
  });

  it('reports a malformed filter as invalid', async () => {
    const error = await rejection(collect(store.stream(INT64, { filter: 'year >' })));
    expect(error.code).toBe('invalid');
    expect((await rejection(collect(store.stream(INT64, { filter: { must: [] } })))).code).toBe('invalid');
  });

  it('returns only what was asked: named payload fields, no vectors', async () => {
    const [batch] = await collect(store.stream(INT64, { withPayload: ['text', 'lang'], withVectors: false, batchSize: 10 }));
    expect(batch.vectors).toHaveLength(0);
    expect(batch.dimension).toBe(0);
    for (const payload of batch.payloads ?? []) expect(Object.keys(payload).sort()).toEqual(['lang', 'text']);
    const [bare] = await collect(store.stream(INT64, { withPayload: false, batchSize: 10 }));
    expect(bare.payloads).toBeUndefined();
    expect(bare.vectors).toHaveLength(BIG_IDS.length * DIM);
    const hits = await store.search(INT64, int64Vectors.slice(0, DIM), 2, { withPayload: ['year'] });
    expect(Object.keys(hits[0][0].payload ?? {})).toEqual(['year']);
    const unnamed = await rejection(collect(store.stream(VARCHAR, { withPayload: ['nope'] })));
    expect(unnamed.code).toBe('invalid');
  });

  it('honours limit and rejects bad batch sizes', async () => {
    const limited = await collect(store.stream(INT64, { limit: 4, batchSize: 3 }));
    expect(limited.map((batch) => batch.ids.length)).toEqual([3, 1]);
    expect((await rejection(collect(store.stream(INT64, { batchSize: 0 })))).code).toBe('invalid');
    expect((await rejection(collect(store.stream(INT64, { batchSize: 20_000 })))).code).toBe('invalid');
    expect((await rejection(collect(store.stream(INT64, { cursor: 'not-a-cursor' })))).code).toBe('invalid');
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const batch of store.stream(INT64, { batchSize: 2, signal: controller.signal })) {
        seen.push(...batch.ids);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow();
    expect(seen).toHaveLength(2);
  });

  it('keeps working after someone releases the collection (loads it again)', async () => {
    await client.releaseCollection({ collection_name: VARCHAR });
    const hits = await store.search(VARCHAR, varcharVectors.slice(0, DIM), 1);
    expect(hits[0][0].id).toBe(VARCHAR_IDS[0]);
    expect((await collect(store.stream(VARCHAR, { withVectors: false }))).flatMap((batch) => batch.ids)).toHaveLength(VARCHAR_IDS.length);
  });

  it('streams nothing from an empty collection', async () => {
    expect(await collect(store.stream(EMPTY))).toEqual([]);
    expect(await collect(store.stream(EMPTY, { sample: 5 }))).toEqual([]);
  });
});
