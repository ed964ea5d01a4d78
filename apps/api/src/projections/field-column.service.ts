import { Injectable } from '@nestjs/common';
import { encodeFieldColumn, fieldColumn } from '@ragscope/retrieval';
import { ConnectionsService } from '../connections/connections.service';
import { ProjectionsService } from './projections.service';

/** Points read from the vector database per request while collecting a field: keys and one payload field each. */
const BATCH_SIZE = 5_000;

/**
 * One payload field's value for every point of a finished map, in map order, for colouring: the
 * collection is read with that field only (no vectors, no other payload) until every map point
 * has been seen, so a map of a sample stops as soon as its points are found.
 */
@Injectable()
export class FieldColumnService {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly connections: ConnectionsService,
  ) {}

  async column(projectionId: string, field: string): Promise<Uint8Array> {
    const projection = await this.projections.get(projectionId);
    const { ids } = await this.projections.pointIds(projectionId);
    const rowOf = new Map(ids.map((id, i) => [id, i]));
    const values = new Array<unknown>(ids.length);
    const seen = new Uint8Array(ids.length);
    let remaining = ids.length;
    const store = await this.connections.store(projection.connectionId);
    for await (const batch of store.stream(projection.collection, { batchSize: BATCH_SIZE, withVectors: false, withPayload: [field] })) {
      batch.ids.forEach((id, i) => {
        const row = rowOf.get(id);
        if (row === undefined || seen[row]) return;
        seen[row] = 1;
        remaining--;
        values[row] = batch.payloads?.[i]?.[field];
      });
      if (remaining === 0) break;
    }
    return encodeFieldColumn(fieldColumn(values));
  }
}
