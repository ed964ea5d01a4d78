/**
 * The connectors: one VectorStore per database kind, chosen by `createVectorStore`.
 */
import { MilvusStore } from './milvus';
import { QdrantStore } from './qdrant';
import { VectorStoreError, type ConnectionConfig, type VectorStore } from './types';

export * from './types';
export { chooseVectorField } from './vector-field';
export { MilvusDocumentWriter, type DocumentBatch, type DocumentCollectionSpec } from './milvus-writer';
export { MilvusStore, DESCRIBE_SAMPLE_SIZE, SEARCH_QUERIES_PER_REQUEST } from './milvus';
export { QdrantStore } from './qdrant';
export { guessTextField, inferPayloadFields, sampleIndices, seededRandom, randomSeed, valueType, encodeCursor, decodeCursor, TEXT_FIELD_NAMES } from './shared';

export function createVectorStore(config: ConnectionConfig): VectorStore {
  switch (config.kind) {
    case 'milvus':
      return new MilvusStore(config);
    case 'qdrant':
      return new QdrantStore(config);
    default:
      throw new VectorStoreError('invalid', `unknown vector store kind "${(config as { kind?: unknown }).kind}"`, { kind: (config as { kind?: unknown }).kind });
  }
}
