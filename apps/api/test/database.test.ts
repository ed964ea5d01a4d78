import { afterEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { DRIVERS, freshDatabase, testConfig, type TestDatabase } from './support';

describe.each(DRIVERS)('database schema on %s', (driver) => {
  let db: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  afterEach(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('is created by the migrations alone and matches the entities exactly', async () => {
    db = await freshDatabase(driver);
    dataSource = new DataSource(dataSourceOptions(testConfig(db.env)));
    await dataSource.initialize();
    const applied = await dataSource.query(`SELECT name FROM migrations ORDER BY id`);
    expect(applied.map((r: { name: string }) => r.name)).toEqual(migrations.map((m) => m.name));
    // what `synchronize` would still change: nothing, or an entity and its migration disagree
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('runs the migrations down and up again cleanly', async () => {
    db = await freshDatabase(driver);
    dataSource = new DataSource(dataSourceOptions(testConfig(db.env)));
    await dataSource.initialize();
    for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration();
    expect(await dataSource.query(`SELECT name FROM migrations`)).toEqual([]);
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toEqual([]);
  });
});
