import { BadRequestException, Injectable } from '@nestjs/common';
import { encodeQueryOverlay, rankDocs, type ProjectionView } from '@ragscope/retrieval';
import { EmbedderService } from '../embedder/embedder.service';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { EventsService } from '../traces/events.service';
import { ProjectionsService } from './projections.service';

export interface QueryOverlayResult {
  body: Uint8Array;
  queries: number;
  /** queries whose vector has another dimension than the map, or with only a text and no embedder */
  skipped: number;
  /** queries whose text was embedded here because no vector came with them */
  embedded: number;
}

/** One query to place: its vector (null when only its text is known) and what it retrieved, best first. */
interface OverlayQuery {
  id: string;
  text: string;
  vector: Float32Array | null;
  /** ms since the epoch, NaN when unknown */
  startedAt: number;
  failed: boolean;
  documents: Array<{ id: string | null; score: number | null }>;
}

/**
 * Queries placed on a projection's map: the retrieval events of its collection, or the queries of
 * an evaluation run against it. Each query vector goes through the fitted model's transform(),
 * each retrieved document id becomes its map index (-1, counted as missing and its id listed,
 * when the collection — or the map's sample — lacks it).
 */
@Injectable()
export class QueryOverlayService {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly events: EventsService,
    private readonly evaluations: EvaluationsService,
    private readonly embedder: EmbedderService,
  ) {}

  async overlay(projectionId: string, options: { from?: Date; to?: Date; limit?: number }): Promise<QueryOverlayResult> {
    const projection = await this.projections.get(projectionId);
    const events = await this.events.eventsForCollection(projection.collection, { ...options, withTextOnly: this.embedder.configured() });
    return this.place(
      projection,
      events.map((event) => ({
        id: event.id,
        text: event.queryText ?? '',
        vector: event.queryVector,
        startedAt: event.startedAt.getTime(),
        failed: event.status === 'error',
        documents: [...event.documents].sort((a, b) => a.rank - b.rank).map((document) => ({ id: document.id, score: document.score })),
      })),
    );
  }

  /** An evaluation's queries with the eval set's stored vectors; `failed` marks queries with no relevant document in the top k. */
  async evaluationOverlay(projectionId: string, evaluationId: string): Promise<QueryOverlayResult> {
    const projection = await this.projections.get(projectionId);
    const evaluation = await this.evaluations.forMap(evaluationId);
    if (evaluation.collection !== projection.collection) {
      throw new BadRequestException(`evaluation ${evaluationId} searched collection "${evaluation.collection}"; this map is of "${projection.collection}"`);
    }
    // vectors made for another vector field live in another space than the map: the query texts are embedded instead, if they can be
    const sameSpace = evaluation.vectorField === projection.vectorField;
    return this.place(
      projection,
      evaluation.queries.map((query) => ({
        id: query.id,
        text: query.text,
        vector: sameSpace ? (query.vector ?? null) : null,
        startedAt: Number.NaN,
        failed: evaluation.failing.has(query.id),
        documents: rankDocs(evaluation.run.get(query.id) ?? []).map((document) => ({ id: document.docid, score: document.score })),
      })),
    );
  }

  private async place(projection: ProjectionView, all: OverlayQuery[]): Promise<QueryOverlayResult> {
    const indexOf = await this.projections.pointRows(projection.id);
    const embedded = await this.embedMissingVectors(all);
    const queries = all.filter((query): query is OverlayQuery & { vector: Float32Array } => query.vector?.length === projection.dimension);

    const dimension = projection.dimension ?? 0;
    const vectors = new Float32Array(queries.length * dimension);
    queries.forEach((query, i) => vectors.set(query.vector, i * dimension));
    const coordinates = queries.length ? await this.projections.transform(projection.id, vectors) : new Float32Array(0);

    const offsets = new Int32Array(queries.length + 1);
    const retrieved: number[] = [];
    const scores: number[] = [];
    const missing = new Int32Array(queries.length);
    const missingIds: string[] = [];
    queries.forEach((query, i) => {
      for (const document of query.documents) {
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
    const axis = (k: number) => Float32Array.from(queries, (_, i) => coordinates[i * n + k]);
    const body = encodeQueryOverlay({
      ids: queries.map((query) => query.id),
      queries: queries.map((query) => query.text),
      x: axis(0),
      y: axis(1),
      ...(n === 3 ? { z: axis(2) } : {}),
      startedAt: Float64Array.from(queries, (query) => query.startedAt),
      failed: Uint8Array.from(queries, (query) => (query.failed ? 1 : 0)),
      offsets,
      retrieved: Int32Array.from(retrieved),
      scores: Float32Array.from(scores),
      missing,
      missingIds,
    });
    return { body, queries: queries.length, skipped: all.length - queries.length, embedded };
  }

  /** Queries that came with only a text get a vector from the configured embedder, when there is one. */
  private async embedMissingVectors(queries: OverlayQuery[]): Promise<number> {
    const textOnly = queries.filter((query) => !query.vector && query.text);
    if (!textOnly.length || !this.embedder.configured()) return 0;
    const { vectors, dimension } = await this.embedder.embed(textOnly.map((query) => query.text));
    textOnly.forEach((query, i) => (query.vector = vectors.slice(i * dimension, (i + 1) * dimension)));
    return textOnly.length;
  }
}
