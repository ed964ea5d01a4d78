import type { QueryRunner } from 'typeorm';

/**
 * Column types that differ between the embedded SQLite database and PostgreSQL. Migrations ask
 * for them by meaning; entities use TypeORM's portable types (simple-json, CreateDateColumn…)
 * whose database types these match, which test/database.test.ts checks on both drivers.
 */
export function columnTypes(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  return {
    timestamp: postgres ? 'timestamp' : 'datetime',
    double: 'double precision',
    json: 'text',
    /** the default TypeORM gives CreateDateColumn on each driver */
    now: postgres ? 'now()' : "datetime('now')",
    blob: postgres ? 'bytea' : 'blob',
  } as const;
}
