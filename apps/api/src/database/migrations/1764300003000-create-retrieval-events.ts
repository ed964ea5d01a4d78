import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types';

export class CreateRetrievalEvents1764300003000 implements MigrationInterface {
  name = 'CreateRetrievalEvents1764300003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    // The time and identity columns both tables share.
    const spanColumns = [
      { name: 'id', type: 'varchar', length: '48', isPrimary: true },
      { name: 'trace_id', type: 'varchar', length: '32' },
      { name: 'span_id', type: 'varchar', length: '16' },
      { name: 'parent_span_id', type: 'varchar', length: '16', isNullable: true },
      { name: 'name', type: 'varchar', length: '512' },
      { name: 'service_name', type: 'varchar', length: '255', isNullable: true },
      { name: 'started_at', type: t.timestamp },
      { name: 'duration_ms', type: t.double, isNullable: true },
      { name: 'status', type: 'varchar', length: '8' },
    ];
    await queryRunner.createTable(
      new Table({
        name: 'retrieval_events',
        columns: [
          ...spanColumns,
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'collection', type: 'varchar', length: '255', isNullable: true },
          { name: 'query_text', type: 'text', isNullable: true },
          { name: 'query_dimension', type: 'integer', isNullable: true },
          { name: 'embedding_model', type: 'varchar', length: '255', isNullable: true },
          { name: 'embedding_span_id', type: 'varchar', length: '16', isNullable: true },
          { name: 'document_count', type: 'integer' },
          { name: 'documents', type: t.json },
          { name: 'attributes', type: t.json },
          { name: 'resource', type: t.json },
          { name: 'created_at', type: t.timestamp, default: t.now },
        ],
      }),
    );
    await queryRunner.createIndex('retrieval_events', new TableIndex({ name: 'UQ_retrieval_events_trace_span', columnNames: ['trace_id', 'span_id'], isUnique: true }));
    await queryRunner.createIndex('retrieval_events', new TableIndex({ name: 'IDX_retrieval_events_started', columnNames: ['started_at', 'id'] }));
    await queryRunner.createIndex('retrieval_events', new TableIndex({ name: 'IDX_retrieval_events_collection', columnNames: ['collection', 'started_at'] }));

    // Query vectors as little-endian float32 bytes. Not mapped by an entity: no TypeORM column
    // type is a blob on both SQLite and PostgreSQL, so RetrievalEventsRepository reads and writes it in SQL.
    await queryRunner.createTable(
      new Table({
        name: 'retrieval_event_vectors',
        columns: [
          { name: 'event_id', type: 'varchar', length: '48', isPrimary: true },
          { name: 'dimension', type: 'integer' },
          { name: 'vector', type: t.blob },
        ],
      }),
    );
    await queryRunner.createForeignKey(
      'retrieval_event_vectors',
      new TableForeignKey({ name: 'FK_retrieval_event_vectors_event', columnNames: ['event_id'], referencedTableName: 'retrieval_events', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
    );

    // Every other span of an export, kept with its raw attributes (embedding spans are looked up here to link later retrievals).
    await queryRunner.createTable(
      new Table({
        name: 'trace_spans',
        columns: [
          ...spanColumns,
          { name: 'kind', type: 'varchar', length: '32', isNullable: true },
          { name: 'span_kind', type: 'integer' },
          { name: 'start_time_unix_nano', type: 'varchar', length: '20' },
          { name: 'attributes', type: t.json },
          { name: 'events', type: t.json },
          { name: 'resource', type: t.json },
          { name: 'created_at', type: t.timestamp, default: t.now },
        ],
      }),
    );
    await queryRunner.createIndex('trace_spans', new TableIndex({ name: 'UQ_trace_spans_trace_span', columnNames: ['trace_id', 'span_id'], isUnique: true }));
    await queryRunner.createIndex('trace_spans', new TableIndex({ name: 'IDX_trace_spans_trace_kind', columnNames: ['trace_id', 'kind'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('trace_spans');
    await queryRunner.dropTable('retrieval_event_vectors');
    await queryRunner.dropTable('retrieval_events');
  }
}
