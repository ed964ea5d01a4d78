import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMilvusLite, startPostgres } from '../../libs/services/src';

/**
 * Starts the real services a project's tests need, unless scripts/run-tests.mjs already runs
 * them for the whole test run (MILVUS_ADDRESS, TEST_DATABASE_URL).
 */
export default async function setup(project: TestProject) {
  const required = project.config.provide?.requiredServices ?? [];
  const stops: Array<() => Promise<void>> = [];

  if (required.includes('milvus')) {
    let address = process.env.MILVUS_ADDRESS;
    if (!address) {
      const dataDir = mkdtempSync(join(tmpdir(), 'ragscope-milvus-'));
      const server = await startMilvusLite({ dataDir });
      address = server.address;
      stops.push(async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      });
    }
    project.provide('milvusAddress', address);
  }

  if (required.includes('postgres')) {
    let url = process.env.TEST_DATABASE_URL;
    if (!url) {
      const server = await startPostgres();
      url = server.url;
      stops.push(() => server.stop());
    }
    project.provide('postgresUrl', url);
  }

  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
