import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types';

/**
 * Eval sets (queries with their judgments and optional precomputed vectors) and evaluations
 * (a run of an eval set against a collection, its stored ranking, and its summary). Tables with
 * binary columns (eval_queries, evaluation_results) have no entity: their repositories use SQL
 * through the query builder, because no entity column type is bytea on PostgreSQL and blob on SQLite.
 */
export class CreateEvaluations1764300004000 implements MigrationInterface {
  name = 'CreateEvaluations1764300004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'eval_sets',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'format', type: 'varchar', length: '16' },
          { name: 'query_count', type: 'integer' },
          { name: 'judgment_count', type: 'integer' },
          { name: 'relevant_count', type: 'integer' },
          { name: 'max_grade', type: 'integer' },
          { name: 'vector_count', type: 'integer', default: 0 },
          { name: 'dimension', type: 'integer', isNullable: true },
          { name: 'sources', type: t.json },
          { name: 'created_at', type: t.timestamp, default: t.now },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'eval_queries',
        columns: [
          { name: 'eval_set_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'position', type: 'integer', isPrimary: true },
          { name: 'query_id', type: 'varchar', length: '512' },
          { name: 'text', type: 'text' },
          // [[docid, grade], …] in file order
          { name: 'judgments', type: t.json },
          // little-endian float32, `dimension` values
          { name: 'vector', type: t.blob, isNullable: true },
        ],
        indices: [new TableIndex({ name: 'UQ_eval_queries_query', columnNames: ['eval_set_id', 'query_id'], isUnique: true })],
        foreignKeys: [new TableForeignKey({ name: 'FK_eval_queries_set', columnNames: ['eval_set_id'], referencedTableName: 'eval_sets', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'evaluations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'eval_set_id', type: 'varchar', length: '36' },
          { name: 'connection_id', type: 'varchar', length: '36' },
          { name: 'collection', type: 'varchar', length: '512' },
          { name: 'vector_field', type: 'varchar', length: '200', isNullable: true },
          { name: 'k', type: 'integer' },
          { name: 'job_id', type: 'varchar', length: '36' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'params', type: t.json },
          { name: 'summary', type: t.json, isNullable: true },
          { name: 'judge', type: t.json, isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'created_at', type: t.timestamp, default: t.now },
          { name: 'finished_at', type: t.timestamp, isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_evaluations_eval_set', columnNames: ['eval_set_id'] }),
          new TableIndex({ name: 'IDX_evaluations_job', columnNames: ['job_id'] }),
        ],
        foreignKeys: [new TableForeignKey({ name: 'FK_evaluations_eval_set', columnNames: ['eval_set_id'], referencedTableName: 'eval_sets', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'evaluation_results',
        columns: [
          { name: 'evaluation_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'position', type: 'integer', isPrimary: true },
          { name: 'query_id', type: 'varchar', length: '512' },
          // JSON array of document ids, best first
          { name: 'doc_ids', type: 'text' },
          // little-endian float64, one score per document id
          { name: 'scores', type: t.blob },
        ],
        foreignKeys: [new TableForeignKey({ name: 'FK_evaluation_results_evaluation', columnNames: ['evaluation_id'], referencedTableName: 'evaluations', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('evaluation_results');
    await queryRunner.dropTable('evaluations');
    await queryRunner.dropTable('eval_queries');
    await queryRunner.dropTable('eval_sets');
  }
}
