import { describe, expect, inject, it } from 'vitest';
import { MilvusDocumentWriter, MilvusStore } from '../../src/connectors';

const DIM = 8;
function batch(from: number, to: number) {
  const ids: string[] = [];
  const texts: string[] = [];
  const vectors = new Float32Array((to - from) * DIM);
  for (let i = from; i < to; i++) {
    ids.push(String(9_007_199_254_740_000n + BigInt(i)));
    texts.push(`document ${i}`);
    for (let j = 0; j < DIM; j++) vectors[(i - from) * DIM + j] = Math.sin(i + j) + 1.5;
  }
  return { ids, texts, vectors };
}

describe('MilvusDocumentWriter on Milvus Lite', () => {
  it('creates a collection once, skips stored ids on a second load, and counts exactly', async () => {
    const config = { kind: 'milvus' as const, url: inject('milvusAddress') };
    const name = `writer_${Math.random().toString(36).slice(2, 8)}`;
    const writer = new MilvusDocumentWriter(config);
    try {
      expect(await writer.ensureCollection({ name, dimension: DIM, metric: 'COSINE', idType: 'int64' })).toEqual({ created: true });
      await writer.insert(name, batch(0, 300), DIM);
      // an interrupted load: the first 300 landed; the loader asks what is stored and inserts the rest
      expect(await writer.ensureCollection({ name, dimension: DIM, metric: 'COSINE', idType: 'int64' })).toEqual({ created: false });
      const stored = await writer.storedIds(name);
      expect(stored.size).toBe(300);
      const all = batch(0, 1000);
      const missing = all.ids.map((id, i) => [id, i] as const).filter(([id]) => !stored.has(id));
      expect(missing.length).toBe(700);
      await writer.insert(
        name,
        {
          ids: missing.map(([id]) => id),
          texts: missing.map(([, i]) => all.texts[i]),
          vectors: Float32Array.from(missing.flatMap(([, i]) => Array.from(all.vectors.subarray(i * DIM, (i + 1) * DIM)))),
        },
        DIM,
      );
      expect(await writer.count(name)).toBe(1000);
      expect((await writer.storedIds(name)).size).toBe(1000);
      const store = new MilvusStore(config);
      const [point] = await store.fetch(name, ['9007199254740999']);
      expect(point.payload).toMatchObject({ text: 'document 999' });
      await store.close();
      await writer.drop(name);
    } finally {
      await writer.close();
    }
  });
});
