import { Injectable } from '@nestjs/common';
import { encodeFieldColumn, fieldColumn } from '@ragscope/retrieval';
import { ConnectionsService } from '../connections/connections.service';
import { EventsService } from '../traces/events.service';
import { ProjectionsService } from './projections.service';

/** Points read from the vector database per request while collecting a field: keys and one payload field each. */
const BATCH_SIZE = 5_000;

/**
 * Columns aligned with a finished map's points (value i belongs to point i), as Arrow field
 * columns the viewer colours by: a payload field, or how often retrieval events retrieved each point.
 */
@Injectable()
export class PointColumnsService {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly connections: ConnectionsService,
    private readonly events: EventsService,
  ) {}

  /**
   * The collection is read with that field only (no vectors, no other payload) until every map
   * point has been seen, so a map of a sample stops as soon as its points are found.
   */
  async field(projectionId: string, field: string): Promise<Uint8Array> {
    const projection = await this.projections.get(projectionId);
    const rowOf = await this.projections.pointRows(projectionId);
    const values = new Array<unknown>(rowOf.size);
    const seen = new Uint8Array(rowOf.size);
    let remaining = rowOf.size;
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

  /** Times each point was retrieved by the collection's retrieval events (all of them, or those in the window). */
  async retrievalCounts(projectionId: string, window: { from?: string; to?: string }): Promise<{ body: Uint8Array; events: number }> {
    const projection = await this.projections.get(projectionId);
    const rowOf = await this.projections.pointRows(projectionId);
    const counts = new Float64Array(rowOf.size);
    let events = 0;
    for await (const page of this.events.retrievedIds(projection.collection, window)) {
      for (const retrieved of page) {
        events++;
        for (const id of retrieved) {
          const row = id === null ? undefined : rowOf.get(id);
          if (row !== undefined) counts[row]++;
        }
      }
    }
    return { body: encodeFieldColumn({ kind: 'numbers', values: counts }), events };
  }
}
