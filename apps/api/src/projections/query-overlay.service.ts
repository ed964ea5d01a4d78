import { Injectable } from '@nestjs/common';
import { encodeQueryOverlay } from '@ragscope/retrieval';
import { EmbedderService } from '../embedder/embedder.service';
import { EventsService, type CollectionQueryEvent } from '../traces/events.service';
import { ProjectionsService } from './projections.service';

export interface QueryOverlayResult {
  body: Uint8Array;
  queries: number;
  /** events whose query vector has another dimension than the map, or with only a text and no embedder */
  skipped: number;
  /** events whose query text was embedded here because the span carried no vector */
  embedded: number;
}

/**
 * The retrieval events of a projection's collection placed on its map: each query vector goes
 * through the fitted model's transform(), each retrieved document id becomes its map index
 * (-1, counted as missing and its id listed, when the collection — or the map's sample — lacks it).
 */
@Injectable()
export class QueryOverlayService {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly events: EventsService,
    private readonly embedder: EmbedderService,
  ) {}

  async overlay(projectionId: string, options: { from?: Date; to?: Date; limit?: number }): Promise<QueryOverlayResult> {
    const projection = await this.projections.get(projectionId);
    const { ids } = await this.projections.pointIds(projectionId);
    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const all = await this.events.eventsForCollection(projection.collection, { ...options, withTextOnly: this.embedder.configured() });
    const embedded = await this.embedMissingVectors(all);
    const events = all.filter((e): e is CollectionQueryEvent & { queryVector: Float32Array } => e.queryVector?.length === projection.dimension);
    const skipped = all.length - events.length;

    const dimension = projection.dimension ?? 0;
    const vectors = new Float32Array(events.length * dimension);
    events.forEach((event, i) => vectors.set(event.queryVector, i * dimension));
    const coordinates = events.length ? await this.projections.transform(projectionId, vectors) : new Float32Array(0);

    const offsets = new Int32Array(events.length + 1);
    const retrieved: number[] = [];
    const scores: number[] = [];
    const missing = new Int32Array(events.length);
    const missingIds: string[] = [];
    events.forEach((event, i) => {
      for (const document of [...event.documents].sort((a, b) => a.rank - b.rank)) {
        const index = document.id === null ? undefined : indexOf.get(document.id);
        if (index === undefined) {
          missing[i]++;
          missingIds.push(document.id ?? '');
        }
        retrieved.push(index ?? -1);
        scores.push(document.score ?? Number.NaN);
      }
      offsets[i + 1] = retrieved.length;
    });
    const n = projection.nComponents;
    const axis = (k: number) => Float32Array.from(events, (_, i) => coordinates[i * n + k]);
    const body = encodeQueryOverlay({
      ids: events.map((e) => e.id),
      queries: events.map((e) => e.queryText ?? ''),
      x: axis(0),
      y: axis(1),
      ...(n === 3 ? { z: axis(2) } : {}),
      startedAt: Float64Array.from(events, (e) => e.startedAt.getTime()),
      failed: Uint8Array.from(events, (e) => (e.status === 'error' ? 1 : 0)),
      offsets,
      retrieved: Int32Array.from(retrieved),
      scores: Float32Array.from(scores),
      missing,
      missingIds,
    });
    return { body, queries: events.length, skipped, embedded };
  }

  /** Spans that sent only the query text get a vector from the configured embedder. */
  private async embedMissingVectors(events: CollectionQueryEvent[]): Promise<number> {
    const textOnly = events.filter((e) => !e.queryVector && e.queryText);
    if (!textOnly.length) return 0;
    const { vectors, dimension } = await this.embedder.embed(textOnly.map((e) => e.queryText!));
    textOnly.forEach((event, i) => (event.queryVector = vectors.slice(i * dimension, (i + 1) * dimension)));
    return textOnly.length;
  }
}
