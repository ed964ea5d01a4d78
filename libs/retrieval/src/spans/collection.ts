import type { Attributes } from './types';

/**
 * Where a span says which collection it searched. OpenInference has no attribute for it, so we
 * read our own `ragscope.collection` (on the span or the resource), the OpenTelemetry database
 * conventions' `db.collection.name`, OpenLLMetry's `db.vector.table_name` and its per-database
 * `db.qdrant.*collection_name` / `db.milvus.*collection_name` attributes.
 */
const COLLECTION_KEYS = ['ragscope.collection', 'db.collection.name', 'db.vector.table_name'];
const VENDOR_COLLECTION_KEY = /^db\.(qdrant|milvus|chroma|weaviate|pinecone)\.(.+\.)?collection_name$/;

export function collectionOf(attributes: Attributes, resource: Attributes): string | null {
  for (const key of COLLECTION_KEYS) {
    const value = attributes[key];
    if (typeof value === 'string' && value) return value;
  }
  for (const [key, value] of Object.entries(attributes)) {
    if (VENDOR_COLLECTION_KEY.test(key) && typeof value === 'string' && value) return value;
  }
  const fromResource = resource['ragscope.collection'];
  return typeof fromResource === 'string' && fromResource ? fromResource : null;
}
