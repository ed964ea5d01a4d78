import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { decodeFloat32Vector, encodeFloat32Vector } from '@ragscope/retrieval';
import { DataSource, In, IsNull, type EntityManager, type ObjectLiteral } from 'typeorm';
import { RetrievalEventEntity } from './retrieval-event.entity';
import type { RetrievalEventRow, TraceSpanRow } from './span-rows';
import { TraceSpanEntity } from './trace-span.entity';

/** Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const ROWS_PER_INSERT = 400;

export interface VectorRow {
  eventId: string;
  vector: Float32Array;
}

/**
 * The storage of retrieval events and plain spans. Inserts skip rows whose (trace id, span id)
 * is already stored, so a retried export never duplicates. Query vectors are written in SQL to
 * a blob/bytea column that no single TypeORM column type maps on both drivers.
 */
@Injectable()
export class RetrievalEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes one export in one transaction: all of it is stored, or none. */
  async insertBatch(events: RetrievalEventRow[], vectors: VectorRow[], spans: TraceSpanRow[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.insertIgnoringDuplicates(manager, RetrievalEventEntity, events);
      await this.insertVectors(manager, vectors);
      await this.insertIgnoringDuplicates(manager, TraceSpanEntity, spans);
    });
  }

  /** Stored EMBEDDING spans of these traces, to link retrievals that arrive in a later export. */
  async embeddingSpansOf(traceIds: string[]): Promise<TraceSpanEntity[]> {
    if (!traceIds.length) return [];
    const rows: TraceSpanEntity[] = [];
    for (const ids of chunks(traceIds)) {
      rows.push(...(await this.dataSource.getRepository(TraceSpanEntity).find({ where: { traceId: In(ids), kind: 'EMBEDDING' } })));
    }
    return rows;
  }

  /** Stored events of these traces that still have no query vector. */
  async eventsWithoutVectorIn(traceIds: string[]): Promise<RetrievalEventEntity[]> {
    const rows: RetrievalEventEntity[] = [];
    for (const ids of chunks(traceIds)) {
      rows.push(...(await this.dataSource.getRepository(RetrievalEventEntity).find({ where: { traceId: In(ids), queryDimension: IsNull() } })));
    }
    return rows;
  }

  /** Gives stored events the query vector found later, with where it came from. */
  async attachVectors(updates: { eventId: string; vector: Float32Array; embeddingSpanId: string | null; embeddingModel: string | null }[]): Promise<void> {
    if (!updates.length) return;
    await this.dataSource.transaction(async (manager) => {
      await this.insertVectors(manager, updates);
      for (const update of updates) {
        await manager.update(RetrievalEventEntity, { id: update.eventId }, {
          queryDimension: update.vector.length,
          embeddingSpanId: update.embeddingSpanId,
          embeddingModel: update.embeddingModel?.slice(0, 255) ?? null,
        });
      }
    });
  }

  async vectorsOf(eventIds: string[]): Promise<Map<string, Float32Array>> {
    const vectors = new Map<string, Float32Array>();
    for (const ids of chunks(eventIds)) {
      const rows: { event_id: string; vector: Buffer }[] = await this.dataSource.query(
        `SELECT event_id, vector FROM retrieval_event_vectors WHERE event_id IN (${this.placeholders(ids.length, 1)})`,
        ids,
      );
      for (const row of rows) vectors.set(row.event_id, decodeFloat32Vector(row.vector));
    }
    return vectors;
  }

  /**
   * Multi-row INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL both have it). Values are
   * converted by TypeORM's driver exactly as a repository save would; the SQL is built here
   * because TypeORM's InsertQueryBuilder spent more time naming and escaping 10,000 parameters
   * than the database spent writing them (see BENCHMARKS.md, OTLP ingestion).
   */
  private async insertIgnoringDuplicates(manager: EntityManager, entity: typeof RetrievalEventEntity | typeof TraceSpanEntity, rows: ObjectLiteral[]): Promise<void> {
    if (!rows.length) return;
    const metadata = this.dataSource.getMetadata(entity);
    const driver = this.dataSource.driver;
    const columns = metadata.columns.filter((column) => !column.isCreateDate);
    const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
    for (const chunk of chunks(rows)) {
      const params = chunk.flatMap((row) => columns.map((column) => driver.preparePersistentValue(column.getEntityValue(row), column)));
      await manager.query(`INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${this.placeholders(chunk.length, columns.length)} ON CONFLICT DO NOTHING`, params);
    }
  }

  private async insertVectors(manager: EntityManager, vectors: VectorRow[]): Promise<void> {
    for (const chunk of chunks(vectors)) {
      const params = chunk.flatMap((row) => [row.eventId, row.vector.length, encodeFloat32Vector(row.vector)]);
      await manager.query(
        `INSERT INTO retrieval_event_vectors (event_id, dimension, vector) VALUES ${this.placeholders(chunk.length, 3)} ON CONFLICT (event_id) DO NOTHING`,
        params,
      );
    }
  }

  /** `(?, ?), (?, ?)` on SQLite, `($1, $2), ($3, $4)` on PostgreSQL. */
  private placeholders(rows: number, columns: number): string {
    const postgres = this.dataSource.options.type === 'postgres';
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) {
      const cells = Array.from({ length: columns }, (_, c) => (postgres ? `$${r * columns + c + 1}` : '?'));
      tuples.push(columns === 1 ? cells[0] : `(${cells.join(', ')})`);
    }
    return tuples.join(', ');
  }
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT));
  return out;
}
