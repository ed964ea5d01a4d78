import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RankedDoc, Run } from '@ragscope/retrieval';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeFloat64, encodeFloat64 } from '../evalsets/binary';

const INSERT_CHUNK = 100;

/**
 * The stored ranking of an evaluation, one row per query: document ids as a JSON array and their
 * scores as a little-endian float64 blob (the database's scores, kept exactly). No entity: see
 * EvalQueriesRepository for why.
 */
@Injectable()
export class EvaluationResultsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Replaces the stored run of an evaluation. */
  async save(manager: EntityManager, evaluationId: string, queryIds: readonly string[], run: Run): Promise<void> {
    await manager.createQueryBuilder().delete().from('evaluation_results').where('evaluation_id = :evaluationId', { evaluationId }).execute();
    for (let start = 0; start < queryIds.length; start += INSERT_CHUNK) {
      const values = queryIds.slice(start, start + INSERT_CHUNK).map((queryId, i) => {
        const docs = run.get(queryId) ?? [];
        return {
          evaluation_id: evaluationId,
          position: start + i,
          query_id: queryId,
          doc_ids: JSON.stringify(docs.map((d) => d.docid)),
          scores: encodeFloat64(docs.map((d) => d.score)),
        };
      });
      if (values.length) await manager.createQueryBuilder().insert().into('evaluation_results', ['evaluation_id', 'position', 'query_id', 'doc_ids', 'scores']).values(values).execute();
    }
  }

  async load(evaluationId: string): Promise<Run> {
    const rows: { query_id: string; doc_ids: string; scores: Buffer }[] = await this.dataSource
      .createQueryBuilder()
      .select(['r.query_id AS query_id', 'r.doc_ids AS doc_ids', 'r.scores AS scores'])
      .from('evaluation_results', 'r')
      .where('r.evaluation_id = :evaluationId', { evaluationId })
      .orderBy('r.position', 'ASC')
      .getRawMany();
    const run: Map<string, RankedDoc[]> = new Map();
    for (const row of rows) {
      const ids = JSON.parse(row.doc_ids) as string[];
      const scores = decodeFloat64(row.scores);
      // a query the database returned nothing for is absent from the run, as in a run file
      if (ids.length) run.set(row.query_id, ids.map((docid, i) => ({ docid, score: scores[i] })));
    }
    return run;
  }
}
