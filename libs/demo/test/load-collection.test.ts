import { join } from 'node:path';
import { MilvusDocumentWriter, MilvusStore, readIrDataset } from '@ragscope/retrieval';
import { describe, expect, inject, it } from 'vitest';
import { demoDataRoot } from '../src/demo-datasets';
import { loadDocuments } from '../src/load-collection';

describe('loading the Vaswani demo collection into Milvus Lite', () => {
  it('resumes an interrupted load with exactly 11,429 points and no duplicates, and a second load inserts nothing', async () => {
    const root = demoDataRoot();
    expect(root, 'shared/data beside the checkout').toBeDefined();
    const dataset = readIrDataset(join(root!, 'vaswani'));
    const address = inject('milvusAddress');
    const collection = `demo_load_${Math.random().toString(36).slice(2, 8)}`;

    const controller = new AbortController();
    await expect(
      loadDocuments(address, collection, dataset, (done) => {
        if (done >= 3_000) controller.abort();
      }, controller.signal),
    ).rejects.toThrow();

    const writer = new MilvusDocumentWriter({ kind: 'milvus', url: address });
    const partial = (await writer.storedIds(collection)).size;
    expect(partial).toBeGreaterThanOrEqual(3_000);
    expect(partial).toBeLessThan(11_429);

    const resumed = await loadDocuments(address, collection, dataset);
    expect(resumed).toEqual({ collection, inserted: 11_429 - partial, total: 11_429 });
    const ids = await writer.storedIds(collection);
    expect(ids.size).toBe(11_429);
    expect(await writer.count(collection)).toBe(11_429);

    expect((await loadDocuments(address, collection, dataset)).inserted).toBe(0);

    // the stored vectors are the shared ones: query 1's best document is 5502 at cos 0.82191303
    const store = new MilvusStore({ kind: 'milvus', url: address });
    const [hits] = await store.search(collection, dataset.queryEmbeddings.vectors.slice(0, 384), 1);
    expect(hits[0].id).toBe('5502');
    expect(hits[0].score).toBeCloseTo(0.82191303, 5);
    await store.close();
    await writer.drop(collection);
    await writer.close();
  });
});
