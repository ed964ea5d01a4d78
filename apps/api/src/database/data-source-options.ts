import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config';
import { entities } from './entities';
import { migrations } from './migrations';

export type DatabaseDriver = 'sqlite' | 'postgres';

export function databaseDriver(config: Pick<AppConfig, 'DATABASE_URL'>): DatabaseDriver {
  return config.DATABASE_URL ? 'postgres' : 'sqlite';
}

/** SQLite file under the data dir by default; PostgreSQL when DATABASE_URL is set. Schema only by migrations. */
export function dataSourceOptions(config: Pick<AppConfig, 'DATABASE_URL' | 'dataDir'>): DataSourceOptions {
  const common = { entities, migrations, migrationsRun: true, synchronize: false, migrationsTransactionMode: 'each' as const };
  if (config.DATABASE_URL) {
    return { ...common, type: 'postgres', url: config.DATABASE_URL, applicationName: 'ragscope' };
  }
  mkdirSync(config.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(config.dataDir, 'ragscope.sqlite'),
    enableWAL: true,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}
