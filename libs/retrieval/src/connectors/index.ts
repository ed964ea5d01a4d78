/**
 * The connectors: one VectorStore per database kind, chosen by `createVectorStore`.
 */
import { MilvusStore } from './milvus';
import { VectorStoreError, type ConnectionConfig, type VectorStore } from './types';

export * from './types';
export { MilvusStore, DESCRIBE_SAMPLE_SIZE, SEARCH_QUERIES_PER_REQUEST } from './milvus';
export { guessTextField, inferPayloadFields, sampleIndices, seededRandom, randomSeed, valueType, encodeCursor, decodeCursor, TEXT_FIELD_NAMES } from './shared';

export function createVectorStore(config: ConnectionConfig): VectorStore {
  switch (config.kind) {
    case 'milvus':
      return new MilvusStore(config);
    case 'qdrant':
      // QdrantStore lands in ./qdrant (another change); until then Qdrant connections are refused plainly.
      throw new VectorStoreError('unsupported', 'the Qdrant connector is not available in this build yet', { kind: config.kind });
    default:
      throw new VectorStoreError('invalid', `unknown vector store kind "${(config as { kind?: unknown }).kind}"`, { kind: (config as { kind?: unknown }).kind });
  }
}
