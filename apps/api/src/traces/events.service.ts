import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { RetrievedDocument, SpanStatus } from '@ragscope/retrieval';
import { Brackets, Repository, type SelectQueryBuilder } from 'typeorm';
import { ConnectionsService } from '../connections/connections.service';
import type { DocumentDto, EventDetailDto, EventPageDto, EventsOverviewDto, EventSummaryDto, ListEventsQuery } from './events.dto';
import { RetrievalEventEntity } from './retrieval-event.entity';
import { RetrievalEventsRepository } from './retrieval-events.repository';

const DEFAULT_LIMIT = 50;
/** ids per fetch() call to the vector database */
const FETCH_BATCH = 256;
const MISSING_IDS_LISTED = 1000;
/** Events read per query when counting what a collection's events retrieved. */
const RETRIEVED_IDS_PAGE = 5_000;

export interface CollectionQueryEvent {
  id: string;
  traceId: string;
  spanId: string;
  startedAt: Date;
  status: SpanStatus;
  queryText: string | null;
  /** null when the span sent only the query text */
  queryVector: Float32Array | null;
  documents: RetrievedDocument[];
}

/** Reads stored retrieval events: pages, one with its documents, overviews, and query vectors for the map overlay. */
@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(RetrievalEventEntity) private readonly events: Repository<RetrievalEventEntity>,
    private readonly repository: RetrievalEventsRepository,
    private readonly connections: ConnectionsService,
  ) {}

  /** Newest first, keyset-paged on (started_at, id) so pages stay stable while events arrive. */
  async list(query: ListEventsQuery): Promise<EventPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const qb = this.filtered(query).orderBy('e.startedAt', 'DESC').addOrderBy('e.id', 'DESC').limit(limit + 1);
    if (query.traceId) qb.andWhere('e.traceId = :traceId', { traceId: query.traceId });
    if (query.q) qb.andWhere(`LOWER(e.queryText) LIKE :q ESCAPE '\\'`, { q: `%${escapeLike(query.q.toLowerCase())}%` });
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      qb.andWhere(new Brackets((w) => w.where('e.startedAt < :ct', { ct: cursor.startedAt }).orWhere('e.startedAt = :ct AND e.id < :cid', { cid: cursor.id })));
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toSummary), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async get(id: string, options: { connectionId?: string; collection?: string } = {}): Promise<EventDetailDto> {
    const row = await this.events.findOne({ where: { id } });
    if (!row) throw new NotFoundException(`retrieval event ${id} does not exist`);
    const vector = (await this.repository.vectorsOf([id])).get(id);
    const detail: EventDetailDto = {
      ...toSummary(row),
      documents: row.documents.map((d) => ({ ...d })),
      queryVector: vector ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : null,
      attributes: row.attributes,
      resource: row.resource,
      documentsWithoutId: row.documents.filter((d) => d.id === null).length,
    };
    if (options.connectionId) await this.checkAgainstCollection(detail, options.connectionId, options.collection ?? row.collection);
    return detail;
  }

  /** Counts per collection and, with a connection, the retrieved ids the collection does not have. */
  async overview(query: { collection?: string; from?: string; to?: string; connectionId?: string; limit?: number }): Promise<EventsOverviewDto> {
    const totals = await this.filtered(query)
      .select('COUNT(*)', 'events')
      .addSelect('COUNT(e.queryDimension)', 'withVector')
      .addSelect('COALESCE(SUM(e.documentCount), 0)', 'documents')
      .getRawOne<{ events: string; withVector: string; documents: string }>();
    const collections = await this.filtered(query).select('e.collection', 'collection').addSelect('COUNT(*)', 'events').groupBy('e.collection').orderBy('events', 'DESC').getRawMany<{ collection: string | null; events: string }>();
    const documentRows = await this.filtered(query).select('e.documents', 'documents').getRawMany<{ documents: string }>();
    const documentsWithoutId = documentRows.reduce((n, r) => n + (JSON.parse(r.documents) as RetrievedDocument[]).filter((d) => d.id === null).length, 0);
    const overview: EventsOverviewDto = {
      events: Number(totals?.events ?? 0),
      eventsWithQueryVector: Number(totals?.withVector ?? 0),
      documents: Number(totals?.documents ?? 0),
      documentsWithoutId,
      collections: collections.map((c) => ({ collection: c.collection, events: Number(c.events) })),
    };
    if (!query.connectionId) return overview;
    if (!query.collection) throw new BadRequestException('collection is required with connectionId: the ids are looked up in that collection');
    const checked = await this.filtered(query).orderBy('e.startedAt', 'DESC').limit(query.limit ?? 1000).getMany();
    const ids = [...new Set(checked.flatMap((e) => e.documents.map((d) => d.id).filter((id): id is string => id !== null)))];
    const found = await this.existingIds(query.connectionId, query.collection, ids);
    const missing = ids.filter((id) => !found.has(id));
    const missingSet = new Set(missing);
    return {
      ...overview,
      eventsChecked: checked.length,
      idsChecked: ids.length,
      missingIdCount: missing.length,
      missingIds: missing.slice(0, MISSING_IDS_LISTED),
      eventsWithMissingIds: checked.filter((e) => e.documents.some((d) => d.id !== null && missingSet.has(d.id))).length,
    };
  }

  /**
   * Events of a collection with a query vector, newest first: what the map overlay places with
   * transform(). With `withTextOnly`, also those that sent only the query text (vector null), for
   * a caller that can embed it.
   */
  async eventsForCollection(collection: string, options: { from?: Date; to?: Date; limit?: number; withTextOnly?: boolean } = {}): Promise<CollectionQueryEvent[]> {
    const qb = this.events
      .createQueryBuilder('e')
      .where('e.collection = :collection', { collection })
      .andWhere(options.withTextOnly ? "(e.queryDimension IS NOT NULL OR (e.queryText IS NOT NULL AND e.queryText <> ''))" : 'e.queryDimension IS NOT NULL')
      .orderBy('e.startedAt', 'DESC')
      .limit(options.limit ?? 10_000);
    if (options.from) qb.andWhere('e.startedAt >= :from', { from: options.from });
    if (options.to) qb.andWhere('e.startedAt < :to', { to: options.to });
    const rows = await qb.getMany();
    const vectors = await this.repository.vectorsOf(rows.map((r) => r.id));
    return rows
      .filter((row) => vectors.has(row.id) || (options.withTextOnly && row.queryText))
      .map((row) => ({
        id: row.id,
        traceId: row.traceId,
        spanId: row.spanId,
        startedAt: row.startedAt,
        status: row.status,
        queryText: row.queryText,
        queryVector: vectors.get(row.id) ?? null,
        documents: row.documents,
      }));
  }

  /** The retrieved document ids of every event of a collection (in a time window), one list per event, read RETRIEVED_IDS_PAGE events at a time. */
  async *retrievedIds(collection: string, window: { from?: string; to?: string } = {}): AsyncGenerator<Array<string | null>[]> {
    let after: string | undefined;
    for (;;) {
      const qb = this.filtered({ collection, ...window }).select('e.id', 'id').addSelect('e.documents', 'documents').orderBy('e.id', 'ASC').limit(RETRIEVED_IDS_PAGE);
      if (after !== undefined) qb.andWhere('e.id > :after', { after });
      // a raw select returns the simple-json column as its text
      const rows = await qb.getRawMany<{ id: string; documents: string }>();
      if (!rows.length) return;
      yield rows.map((row) => (JSON.parse(row.documents) as RetrievedDocument[]).map((d) => d.id));
      if (rows.length < RETRIEVED_IDS_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }

  private filtered(query: { collection?: string; from?: string; to?: string }): SelectQueryBuilder<RetrievalEventEntity> {
    const qb = this.events.createQueryBuilder('e').where('1 = 1');
    if (query.collection) qb.andWhere('e.collection = :collection', { collection: query.collection });
    if (query.from) qb.andWhere('e.startedAt >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('e.startedAt < :to', { to: new Date(query.to) });
    return qb;
  }

  private async checkAgainstCollection(detail: EventDetailDto, connectionId: string, collection: string | null): Promise<void> {
    if (!collection) throw new BadRequestException('the span names no collection: pass collection to say where to look the documents up');
    const ids = [...new Set(detail.documents.map((d) => d.id).filter((id): id is string => id !== null))];
    const store = await this.connections.store(connectionId);
    const payloads = new Map<string, Record<string, unknown> | null>();
    for (let i = 0; i < ids.length; i += FETCH_BATCH) {
      for (const point of await store.fetch(collection, ids.slice(i, i + FETCH_BATCH))) payloads.set(String(point.id), point.payload ?? null);
    }
    detail.documents = detail.documents.map((d): DocumentDto => (d.id === null ? d : { ...d, found: payloads.has(d.id), payload: payloads.get(d.id) ?? null }));
    detail.checkedCollection = collection;
    detail.missingIds = ids.filter((id) => !payloads.has(id));
  }

  private async existingIds(connectionId: string, collection: string, ids: string[]): Promise<Set<string>> {
    const store = await this.connections.store(connectionId);
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += FETCH_BATCH) {
      for (const point of await store.fetch(collection, ids.slice(i, i + FETCH_BATCH))) found.add(String(point.id));
    }
    return found;
  }
}

function toSummary(row: RetrievalEventEntity): EventSummaryDto {
  return {
    id: row.id,
    traceId: row.traceId,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    name: row.name,
    source: row.source,
    serviceName: row.serviceName,
    collection: row.collection,
    startedAt: row.startedAt.toISOString(),
    durationMs: row.durationMs,
    status: row.status,
    queryText: row.queryText,
    queryDimension: row.queryDimension,
    embeddingModel: row.embeddingModel,
    embeddingSpanId: row.embeddingSpanId,
    documentCount: row.documentCount,
    documents: row.documents.map((d) => ({ rank: d.rank, id: d.id, score: d.score })),
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(row: RetrievalEventEntity): string {
  return Buffer.from(JSON.stringify([row.startedAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  try {
    const [startedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(startedAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { startedAt: date, id };
  } catch {
    throw new BadRequestException('cursor is not a nextCursor this api returned');
  }
}
