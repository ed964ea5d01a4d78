import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { MilvusStore } from '../../src';
import { MilvusSession } from '../../src/connectors/milvus-session';
import { collect } from './stream-support';
import { bruteForce, createCollection, floatVector, int64Key, randomVectors, row, varcharKey } from './milvus-fixtures';

const address = inject('milvusAddress');
const N = 20_000;
const DIM = 64;
const COSINE = 'stream_20k_cosine';
const L2 = 'stream_2k_l2';
const L2_N = 2_000;

// int64 keys spread over the whole range, many beyond 2^53, none repeated
const STEP = 2n ** 64n / BigInt(N);
const keys = Array.from({ length: N }, (_, i) => (-(2n ** 63n) + BigInt(i) * STEP + BigInt(i % 7)).toString());
const vectors = randomVectors(N, DIM, 20_000);
const keyIndex = new Map(keys.map((key, i) => [key, i]));
const l2Ids = Array.from({ length: L2_N }, (_, i) => `doc-${(i * 7919) % L2_N}`);
const l2Vectors = randomVectors(L2_N, DIM, 7);

let client: MilvusClient;
let store: MilvusStore;

beforeAll(async () => {
  client = new MilvusClient({ address, logLevel: 'warn' });
  await createCollection(client, COSINE, {
    fields: [int64Key('id'), floatVector('embedding', DIM)],
    indexes: [{ field: 'embedding', metric: 'COSINE' }],
    count: N,
    rows: (start, end) => keys.slice(start, end).map((id, offset) => ({ id, embedding: row(vectors, DIM, start + offset) })),
  });
  await createCollection(client, L2, {
    fields: [varcharKey('doc'), floatVector('v', DIM)],
    indexes: [{ field: 'v', metric: 'L2' }],
    count: L2_N,
    rows: (start, end) => l2Ids.slice(start, end).map((doc, offset) => ({ doc, v: row(l2Vectors, DIM, start + offset) })),
  });
  store = new MilvusStore({ kind: 'milvus', url: address });
}, 300_000);

afterAll(async () => {
  await store?.close();
  await client?.closeConnection();
});

describe('MilvusStore.stream over 20,000 points', () => {
  it('reads every point exactly once, with its exact vector', async () => {
    const info = await store.describe(COSINE);
    expect(info).toMatchObject({ pointCount: N, pointCountExact: true });
    const seen = new Set<string>();
    let batches = 0;
    for await (const batch of store.stream(COSINE, { batchSize: 1_500, withPayload: false })) {
      batches++;
      expect(batch.vectors.length).toBe(batch.ids.length * DIM);
      batch.ids.forEach((id, i) => {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
        const source = keyIndex.get(id);
        expect(source).toBeDefined();
        expect(batch.vectors.subarray(i * DIM, (i + 1) * DIM)).toEqual(vectors.subarray(source! * DIM, (source! + 1) * DIM));
      });
    }
    expect(seen.size).toBe(N);
    expect(batches).toBe(Math.ceil(N / 1_500));
  });

  it('resumes from a cursor taken mid-way: nothing repeated, nothing missing', async () => {
    const firstPart: string[] = [];
    let cursor: string | undefined;
    for await (const batch of store.stream(COSINE, { batchSize: 1_000, withVectors: false, withPayload: false })) {
      firstPart.push(...batch.ids);
      cursor = batch.cursor;
      if (firstPart.length >= 7_000) break;
    }
    const rest = (await collect(store.stream(COSINE, { batchSize: 2_500, cursor, withVectors: false }))).flatMap((batch) => batch.ids);
    expect(firstPart).toHaveLength(7_000);
    expect(rest).toHaveLength(N - 7_000);
    const all = new Set([...firstPart, ...rest]);
    expect(all.size).toBe(N);
    for (const key of keys) expect(all.has(key)).toBe(true);
  });

  it('asks the server for at most one page ahead of the consumer', async () => {
    const query = vi.spyOn(MilvusSession.prototype, 'query');
    try {
      const iterator = store.stream(COSINE, { batchSize: 500 })[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.value?.ids).toHaveLength(500);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pageQueries = () => query.mock.calls.filter(([, , , limit]) => limit === 500).length;
      // the page handed over and the one prefetched; the consumer is idle, so nothing more
      expect(pageQueries()).toBe(2);
      await iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pageQueries()).toBe(3);
      await iterator.return?.(undefined);
    } finally {
      query.mockRestore();
    }
  });

  it('samples n distinct existing points, the same for the same seed', async () => {
    const sample = (await collect(store.stream(COSINE, { sample: 1_000, seed: 42, batchSize: 300 }))).flatMap((batch) => batch.ids);
    expect(sample).toHaveLength(1_000);
    expect(new Set(sample).size).toBe(1_000);
    for (const id of sample) expect(keyIndex.has(id)).toBe(true);
    const again = (await collect(store.stream(COSINE, { sample: 1_000, seed: 42, batchSize: 1_000, withVectors: false }))).flatMap((batch) => batch.ids);
    expect(again).toEqual(sample);
    const other = (await collect(store.stream(COSINE, { sample: 1_000, seed: 43, withVectors: false }))).flatMap((batch) => batch.ids);
    expect(other).not.toEqual(sample);
    // roughly uniform: the sample's median source index is near the middle
    const positions = sample.map((id) => keys.indexOf(id)).sort((a, b) => a - b);
    expect(Math.abs(positions[500] - N / 2)).toBeLessThan(N * 0.1);
  });

  it('resumes a sample from its cursor and returns everything when n exceeds the collection', async () => {
    const whole = (await collect(store.stream(COSINE, { sample: 900, seed: 5, batchSize: 300, withVectors: false }))).flatMap((batch) => batch.ids);
    const [firstBatch] = await collect(store.stream(COSINE, { sample: 900, seed: 5, batchSize: 300, limit: 300, withVectors: false }));
    const rest = (await collect(store.stream(COSINE, { sample: 900, batchSize: 300, cursor: firstBatch.cursor, withVectors: false }))).flatMap((batch) => batch.ids);
    expect([...firstBatch.ids, ...rest]).toEqual(whole);
    const everything = (await collect(store.stream(L2, { sample: 5_000, withVectors: false, withPayload: false }))).flatMap((batch) => batch.ids);
    expect(new Set(everything).size).toBe(L2_N);
  });

  it('samples within a filter', async () => {
    const sample = (await collect(store.stream(COSINE, { sample: 50, seed: 1, filter: 'id < 0', withVectors: false }))).flatMap((batch) => batch.ids);
    expect(sample).toHaveLength(50);
    for (const id of sample) expect(BigInt(id) < 0n).toBe(true);
  });
});

describe('MilvusStore.search equals brute force on a FLAT index', () => {
  it('cosine: 40 queries (two requests), top-10 ids and scores', async () => {
    const queries = randomVectors(40, DIM, 99);
    const hits = await store.search(COSINE, queries, 10);
    const expected = bruteForce(vectors, keys, queries, DIM, 10, 'COSINE');
    expect(hits).toHaveLength(40);
    hits.forEach((list, q) => {
      expect(list.map((hit) => hit.id)).toEqual(expected[q].map((hit) => hit.id));
      list.forEach((hit, r) => expect(hit.score).toBeCloseTo(expected[q][r].score, 5));
    });
  });

  it('L2: scores are squared distances, lowest first', async () => {
    const queries = randomVectors(5, DIM, 100);
    const hits = await store.search(L2, queries, 10);
    const expected = bruteForce(l2Vectors, l2Ids, queries, DIM, 10, 'L2');
    hits.forEach((list, q) => {
      expect(list.map((hit) => hit.id)).toEqual(expected[q].map((hit) => hit.id));
      list.forEach((hit, r) => expect(hit.score).toBeCloseTo(expected[q][r].score, 3));
      for (let r = 1; r < list.length; r++) expect(list[r].score).toBeGreaterThanOrEqual(list[r - 1].score);
    });
  });

  it('rejects query vectors whose length is not a multiple of the dimension, and bad k', async () => {
    await expect(store.search(COSINE, new Float32Array(DIM + 1), 3)).rejects.toMatchObject({ code: 'invalid' });
    await expect(store.search(COSINE, new Float32Array(DIM), 0)).rejects.toMatchObject({ code: 'invalid' });
  });
});
