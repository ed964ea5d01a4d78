import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types';

export class CreateProjections1764300002000 implements MigrationInterface {
  name = 'CreateProjections1764300002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'blobs',
        columns: [
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'bytes', type: t.blob },
          { name: 'size', type: 'integer' },
          { name: 'created_at', type: t.timestamp, default: t.now },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'projections',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'job_id', type: 'varchar', length: '36' },
          { name: 'connection_id', type: 'varchar', length: '36' },
          { name: 'collection', type: 'varchar', length: '255' },
          { name: 'vector_field', type: 'varchar', length: '255' },
          { name: 'text_field', type: 'varchar', length: '255', isNullable: true },
          { name: 'params', type: t.json },
          { name: 'point_count', type: 'integer', isNullable: true },
          { name: 'dimension', type: 'integer', isNullable: true },
          { name: 'n_components', type: 'integer' },
          { name: 'trustworthiness', type: t.double, isNullable: true },
          { name: 'timings', type: t.json, isNullable: true },
          { name: 'warnings', type: t.json },
          { name: 'created_at', type: t.timestamp, default: t.now },
        ],
      }),
    );
    await queryRunner.createIndex('projections', new TableIndex({ name: 'IDX_projections_job', columnNames: ['job_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'projection_clusters',
        columns: [
          { name: 'projection_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'cluster_id', type: 'integer', isPrimary: true },
          { name: 'label', type: 'varchar', length: '255' },
          { name: 'terms', type: t.json },
          { name: 'size', type: 'integer' },
          { name: 'centroid_x', type: t.double },
          { name: 'centroid_y', type: t.double },
          { name: 'top_values', type: t.json },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('projection_clusters');
    await queryRunner.dropTable('projections');
    await queryRunner.dropTable('blobs');
  }
}
