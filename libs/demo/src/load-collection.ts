import { MilvusDocumentWriter, type IrDataset } from '@ragscope/retrieval';

const BATCH = 1_000;

export interface LoadResult {
  collection: string;
  inserted: number;
  total: number;
}

/**
 * Puts a dataset's documents (text + precomputed vector, docno as int64 id) into Milvus.
 * Idempotent and resumable: the ids already stored are skipped, so a second run inserts nothing
 * and a run that was killed midway inserts exactly what is missing.
 */
export async function loadDocuments(
  milvusAddress: string,
  collection: string,
  dataset: IrDataset,
  onProgress: (done: number, total: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<LoadResult> {
  const { ids, vectors, dimension } = dataset.docEmbeddings;
  const textById = new Map(dataset.documents.map((d) => [d.id, d.text]));
  const idType = ids.every((id) => /^\d{1,18}$/.test(id)) ? 'int64' : 'varchar';
  const writer = new MilvusDocumentWriter({ kind: 'milvus', url: milvusAddress });
  try {
    await writer.ensureCollection({ name: collection, dimension, metric: 'COSINE', idType });
    const stored = await writer.storedIds(collection);
    const missing: number[] = [];
    ids.forEach((id, row) => {
      if (!stored.has(id)) missing.push(row);
    });
    onProgress(ids.length - missing.length, ids.length);
    for (let start = 0; start < missing.length; start += BATCH) {
      signal?.throwIfAborted();
      const rows = missing.slice(start, start + BATCH);
      const batchVectors = new Float32Array(rows.length * dimension);
      rows.forEach((row, i) => batchVectors.set(vectors.subarray(row * dimension, (row + 1) * dimension), i * dimension));
      await writer.insert(collection, { ids: rows.map((r) => ids[r]), texts: rows.map((r) => textById.get(ids[r]) ?? ''), vectors: batchVectors }, dimension);
      onProgress(ids.length - missing.length + start + rows.length, ids.length);
    }
    const total = await writer.count(collection);
    if (total !== ids.length) throw new Error(`"${collection}" holds ${total} points after loading, expected ${ids.length}`);
    return { collection, inserted: missing.length, total };
  } finally {
    await writer.close();
  }
}
