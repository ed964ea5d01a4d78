import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeFloat32, encodeFloat32 } from './binary';

export interface StoredQuery {
  queryId: string;
  text: string;
  /** [docid, grade] in file order */
  judgments: [string, number][];
  vector: Float32Array | null;
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 200;

/**
 * eval_queries through the query builder: the table has a binary column (bytea on PostgreSQL, blob
 * on SQLite) that no entity column type maps on both, so it has no entity.
 */
@Injectable()
export class EvalQueriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, evalSetId: string, queries: readonly StoredQuery[]): Promise<void> {
    for (let start = 0; start < queries.length; start += INSERT_CHUNK) {
      const values = queries.slice(start, start + INSERT_CHUNK).map((q, i) => ({
        eval_set_id: evalSetId,
        position: start + i,
        query_id: q.queryId,
        text: q.text,
        judgments: JSON.stringify(q.judgments),
        vector: q.vector ? encodeFloat32(q.vector) : null,
      }));
      await manager.createQueryBuilder().insert().into('eval_queries', ['eval_set_id', 'position', 'query_id', 'text', 'judgments', 'vector']).values(values).execute();
    }
  }

  async list(evalSetId: string, options: { limit?: number; withVectors?: boolean } = {}): Promise<StoredQuery[]> {
    const columns = ['q.query_id AS query_id', 'q.text AS text', 'q.judgments AS judgments', ...(options.withVectors ? ['q.vector AS vector'] : [])];
    let query = this.dataSource.createQueryBuilder().select(columns).from('eval_queries', 'q').where('q.eval_set_id = :evalSetId', { evalSetId }).orderBy('q.position', 'ASC');
    if (options.limit !== undefined) query = query.limit(options.limit);
    const rows: { query_id: string; text: string; judgments: string; vector?: Buffer | null }[] = await query.getRawMany();
    return rows.map((row) => ({
      queryId: row.query_id,
      text: row.text,
      judgments: JSON.parse(row.judgments) as [string, number][],
      vector: row.vector ? decodeFloat32(row.vector) : null,
    }));
  }

  async queryIds(evalSetId: string): Promise<string[]> {
    const rows: { query_id: string }[] = await this.dataSource
      .createQueryBuilder()
      .select('q.query_id', 'query_id')
      .from('eval_queries', 'q')
      .where('q.eval_set_id = :evalSetId', { evalSetId })
      .orderBy('q.position', 'ASC')
      .getRawMany();
    return rows.map((r) => r.query_id);
  }

  /** Sets (or clears, with null) the vector of each query id given. */
  async setVectors(manager: EntityManager, evalSetId: string, vectors: ReadonlyMap<string, Float32Array | null>): Promise<void> {
    for (const [queryId, vector] of vectors) {
      await manager
        .createQueryBuilder()
        .update('eval_queries')
        .set({ vector: vector ? encodeFloat32(vector) : null })
        .where('eval_set_id = :evalSetId AND query_id = :queryId', { evalSetId, queryId })
        .execute();
    }
  }
}
