import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types';

export class CreateJobs1764300000000 implements MigrationInterface {
  name = 'CreateJobs1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'jobs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'stage', type: 'varchar', length: '128', isNullable: true },
          { name: 'progress', type: t.double, default: 0 },
          { name: 'params', type: t.json },
          { name: 'result', type: t.json, isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'created_at', type: t.timestamp, default: t.now },
          { name: 'started_at', type: t.timestamp, isNullable: true },
          { name: 'finished_at', type: t.timestamp, isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('jobs', new TableIndex({ name: 'IDX_jobs_status', columnNames: ['status'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('jobs');
  }
}
