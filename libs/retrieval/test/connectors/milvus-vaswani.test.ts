/**
 * Real embeddings (Vaswani/NPL, all-MiniLM-L6-v2, 384-d, unit norm; see the README beside the
 * files) loaded into Milvus Lite with a FLAT COSINE index: what MilvusStore streams and finds
 * must be what the files hold and what brute force finds.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MilvusStore } from '../../src';
import { bruteForce, createCollection, floatVector, row, varcharKey } from './milvus-fixtures';

const address = inject('milvusAddress');
const DIM = 384;
const COLLECTION = 'vaswani_minilm';
// /work/main/libs/retrieval/test/connectors → /work/shared/data (the shared folder beside the checkout)
const dataDir = join(resolve(__dirname, '..', '..', '..', '..'), '..', 'shared', 'data', 'vaswani', 'embeddings');

function readVectors(file: string): Float32Array {
  const bytes = new Uint8Array(readFileSync(join(dataDir, file)));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}
const readIds = (file: string) => readFileSync(join(dataDir, file), 'utf8').split('\n').filter(Boolean);

const docs = readVectors('docs.f32');
const docIds = readIds('docs.ids');
const queries = readVectors('queries.f32');

let client: MilvusClient;
let store: MilvusStore;

beforeAll(async () => {
  expect(docIds).toHaveLength(11_429);
  expect(docs.length).toBe(11_429 * DIM);
  client = new MilvusClient({ address, logLevel: 'warn' });
  await createCollection(client, COLLECTION, {
    fields: [varcharKey('docno', 16), floatVector('embedding', DIM)],
    indexes: [{ field: 'embedding', metric: 'COSINE' }],
    count: docIds.length,
    rows: (start, end) => docIds.slice(start, end).map((docno, offset) => ({ docno, embedding: row(docs, DIM, start + offset) })),
  });
  store = new MilvusStore({ kind: 'milvus', url: address });
}, 300_000);

afterAll(async () => {
  await store?.close();
  await client?.closeConnection();
});

describe('MilvusStore on the Vaswani embeddings', () => {
  it('describes the collection: 11,429 points, 384-d, cosine', async () => {
    const info = await store.describe(COLLECTION);
    expect(info).toMatchObject({ pointCount: 11_429, pointCountExact: true, idType: 'string' });
    expect(info.vectorFields).toEqual([{ name: 'embedding', dimension: DIM, distance: 'cosine', type: 'dense', supported: true }]);
  });

  it('streams every document with the vector the file holds', async () => {
    const rowOf = new Map(docIds.map((docno, i) => [docno, i]));
    const seen = new Set<string>();
    let differing = 0;
    for await (const batch of store.stream(COLLECTION, { batchSize: 1_000 })) {
      batch.ids.forEach((docno, i) => {
        seen.add(docno);
        const source = rowOf.get(docno)!;
        for (let j = 0; j < DIM; j++) if (batch.vectors[i * DIM + j] !== docs[source * DIM + j]) differing++;
      });
    }
    expect(seen.size).toBe(11_429);
    expect(differing).toBe(0);
    const [first] = await store.fetch(COLLECTION, ['1']);
    // the README's spot values, printed to 8 decimals
    [-0.03001367, 0.01178979, -0.10416567, 0.04451814].forEach((value, j) => expect(first.vector![j]).toBeCloseTo(value, 7));
  });

  it('finds DOCNO 5502 as the best document for query 1, at cos 0.82191303', async () => {
    const [hits] = await store.search(COLLECTION, queries.subarray(0, DIM), 10);
    expect(hits[0].id).toBe('5502');
    expect(hits[0].score).toBeCloseTo(0.82191303, 6);
  });

  it('returns the brute-force top-10 for the first 12 queries', async () => {
    const some = queries.subarray(0, 12 * DIM);
    const hits = await store.search(COLLECTION, some, 10);
    const expected = bruteForce(docs, docIds, some, DIM, 10, 'COSINE');
    hits.forEach((list, q) => {
      // scores must agree everywhere; ids too, except where two documents tie (duplicated texts)
      list.forEach((hit, r) => expect(hit.score).toBeCloseTo(expected[q][r].score, 5));
      list.forEach((hit, r) => {
        const tiedWithNeighbour = [r - 1, r + 1].some((other) => other >= 0 && other < 10 && Math.abs(expected[q][other].score - expected[q][r].score) < 1e-6);
        if (!tiedWithNeighbour) expect(hit.id).toBe(expected[q][r].id);
      });
    });
  });
});
