import { Injectable } from '@nestjs/common';
import { VectorStoreError, type CollectionInfo, type FetchedPoint, type Payload } from '@ragscope/retrieval';
import { ConnectionsService } from './connections.service';

export interface CollectionListItem {
  name: string;
  /** null when describing the collection failed; `error` says why */
  info: Pick<CollectionInfo, 'vectorFields' | 'pointCount' | 'pointCountExact' | 'textField'> | null;
  error?: string;
}

export interface PointView {
  id: string;
  payload?: Payload;
  /** little-endian float32, base64: vectors never travel as JSON number arrays */
  vector?: string;
}

const DESCRIBE_CONCURRENCY = 4;

/** Reading users' collections through the connection's VectorStore. */
@Injectable()
export class CollectionsService {
  constructor(private readonly connections: ConnectionsService) {}

  async list(connectionId: string): Promise<CollectionListItem[]> {
    const store = await this.connections.store(connectionId);
    const collections = await store.listCollections();
    const items: CollectionListItem[] = new Array(collections.length);
    let next = 0;
    const worker = async () => {
      while (next < collections.length) {
        const index = next++;
        const { name } = collections[index];
        try {
          const { vectorFields, pointCount, pointCountExact, textField } = await store.describe(name);
          items[index] = { name, info: { vectorFields, pointCount, pointCountExact, ...(textField ? { textField } : {}) } };
        } catch (error) {
          if (!(error instanceof VectorStoreError) || error.code === 'unreachable' || error.code === 'unauthorized') throw error;
          items[index] = { name, info: null, error: error.message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, collections.length) }, worker));
    return items;
  }

  async describe(connectionId: string, collection: string): Promise<CollectionInfo> {
    return (await this.connections.store(connectionId)).describe(collection);
  }

  async points(
    connectionId: string,
    collection: string,
    options: { limit: number; cursor?: string; withVectors: boolean; vectorField?: string },
  ): Promise<{ points: PointView[]; nextCursor: string | null }> {
    const store = await this.connections.store(connectionId);
    const stream = store.stream(collection, {
      batchSize: options.limit,
      limit: options.limit,
      cursor: options.cursor,
      withPayload: true,
      withVectors: options.withVectors,
      ...(options.vectorField ? { vectorField: options.vectorField } : {}),
    });
    for await (const batch of stream) {
      const points = batch.ids.map((id, i) => ({
        id,
        ...(batch.payloads ? { payload: batch.payloads[i] } : {}),
        ...(options.withVectors ? { vector: encodeVector(batch.vectors.subarray(i * batch.dimension, (i + 1) * batch.dimension)) } : {}),
      }));
      return { points, nextCursor: points.length === options.limit && batch.cursor ? batch.cursor : null };
    }
    return { points: [], nextCursor: null };
  }

  async point(connectionId: string, collection: string, pointId: string, options: { withVectors: boolean; vectorField?: string }): Promise<PointView> {
    const store = await this.connections.store(connectionId);
    const [found] = await store.fetch(collection, [pointId], { withVectors: options.withVectors, ...(options.vectorField ? { vectorField: options.vectorField } : {}) });
    if (!found) throw new VectorStoreError('not_found', `point ${pointId} does not exist in collection "${collection}"`, { collection, pointId });
    return toView(found);
  }
}

function toView(point: FetchedPoint): PointView {
  return { id: point.id, ...(point.payload ? { payload: point.payload } : {}), ...(point.vector ? { vector: encodeVector(point.vector) } : {}) };
}

export function encodeVector(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}
