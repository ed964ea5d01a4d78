/**
 * Writing documents into Milvus: what the demo loader and tests need (create a collection of
 * id + text + vector, insert what is missing). Loading is resumable: ids already stored are
 * skipped, and each batch is flushed, so a load killed midway continues where it stopped.
 */
import { ConsistencyLevelEnum, DataType } from '@zilliz/milvus2-sdk-node';
import { checkStatus, type MilvusStatus } from './milvus-errors';
import { MilvusSession } from './milvus-session';
import { VectorStoreError, type ConnectionConfig } from './types';

export interface DocumentCollectionSpec {
  name: string;
  dimension: number;
  metric: 'COSINE' | 'L2' | 'IP';
  idType: 'int64' | 'varchar';
  /** longest text kept, in bytes (Milvus VarChar max_length) */
  textMaxLength?: number;
}

export interface DocumentBatch {
  ids: string[];
  texts: string[];
  /** ids.length × dimension, row-major */
  vectors: Float32Array;
}

const ID_PAGE = 16_000;

export class MilvusDocumentWriter {
  private readonly session: MilvusSession;

  constructor(config: ConnectionConfig) {
    this.session = new MilvusSession(config);
  }

  /** Creates the collection (id, text, embedding; FLAT index) unless it exists; loads it either way. */
  async ensureCollection(spec: DocumentCollectionSpec): Promise<{ created: boolean }> {
    const names = await this.session.collectionNames();
    let created = false;
    if (!names.includes(spec.name)) {
      await this.statusOf(`creating "${spec.name}"`, (client) =>
        client.createCollection({
          collection_name: spec.name,
          fields: [
            spec.idType === 'int64'
              ? { name: 'id', data_type: DataType.Int64, is_primary_key: true }
              : { name: 'id', data_type: DataType.VarChar, is_primary_key: true, max_length: 512 },
            { name: 'text', data_type: DataType.VarChar, max_length: spec.textMaxLength ?? 65_535 },
            { name: 'embedding', data_type: DataType.FloatVector, dim: spec.dimension },
          ],
        }),
      );
      await this.statusOf(`indexing "${spec.name}"`, (client) =>
        client.createIndex({ collection_name: spec.name, field_name: 'embedding', index_type: 'FLAT', metric_type: spec.metric }),
      );
      created = true;
    }
    await this.session.ensureLoaded(spec.name);
    return { created };
  }

  /** Every primary key stored, read in key order without vectors. */
  async storedIds(collection: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let last: string | undefined;
    for (;;) {
      const filter = last === undefined ? '' : `id > ${/^\d+$/.test(last) ? last : JSON.stringify(last)}`;
      // Strong consistency: a load that just inserted must see its own rows
      const reply = await this.session.checked(`reading the ids of "${collection}"`, (client) =>
        client.query({ collection_name: collection, filter, output_fields: ['id'], limit: ID_PAGE, consistency_level: ConsistencyLevelEnum.Strong }),
      );
      const rows = reply.data;
      if (!rows.length) return ids;
      const page = rows.map((row) => String(row.id)).sort(compareKeys);
      for (const id of page) ids.add(id);
      last = page[page.length - 1];
      if (rows.length < ID_PAGE) return ids;
    }
  }

  async insert(collection: string, batch: DocumentBatch, dimension: number): Promise<void> {
    if (batch.vectors.length !== batch.ids.length * dimension) {
      throw new VectorStoreError('invalid', `${batch.ids.length} ids need ${batch.ids.length * dimension} vector values, got ${batch.vectors.length}`);
    }
    const data = batch.ids.map((id, i) => ({ id, text: batch.texts[i], embedding: Array.from(batch.vectors.subarray(i * dimension, (i + 1) * dimension)) }));
    await this.session.checked(`inserting into "${collection}"`, (client) => client.insert({ collection_name: collection, data }));
    // sealed and persisted now: a load interrupted after this batch does not repeat it
    await this.session.checked(`flushing "${collection}"`, (client) => client.flushSync({ collection_names: [collection] }));
  }

  async drop(collection: string): Promise<void> {
    await this.statusOf(`dropping "${collection}"`, (client) => client.dropCollection({ collection_name: collection }));
  }

  async count(collection: string): Promise<number> {
    await this.session.ensureLoaded(collection);
    const reply = await this.session.checked(`counting "${collection}"`, (client) => client.count({ collection_name: collection }));
    return reply.data;
  }

  /** For the SDK calls that answer with a bare status rather than `{ status }`. */
  private async statusOf(what: string, run: Parameters<MilvusSession['call']>[1]): Promise<void> {
    checkStatus((await this.session.call(what, run)) as MilvusStatus, what);
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

/** int64 keys compare as numbers, varchar keys as strings: the order Milvus's `id >` filter pages in. */
function compareKeys(a: string, b: string): number {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    const diff = BigInt(a) - BigInt(b);
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
