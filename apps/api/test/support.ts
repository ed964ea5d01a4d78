import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { inject } from 'vitest';
import { createApp } from '../src/app';
import { loadConfig, type AppConfig } from '../src/config/config';

export type Driver = 'sqlite' | 'postgres';
export const DRIVERS: Driver[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind: a SQLite file in a temp dir, or a new PostgreSQL database. */
export async function freshDatabase(driver: Driver): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ragscope-api-test-'));
  if (driver === 'sqlite') {
    return { env: { RAGSCOPE_DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = inject('postgresUrl');
  const name = `ragscope_test_${Math.random().toString(36).slice(2, 10)}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { RAGSCOPE_DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    drop: async () => {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function testConfig(env: Record<string, string>): AppConfig {
  return loadConfig({ LOG_LEVEL: 'error', RAGSCOPE_DEMO: '0', RAGSCOPE_MILVUS_LITE: '0', ...env });
}

/** The whole service as main.ts builds it, listening on a free loopback port. */
export async function startTestApp(env: Record<string, string>): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await createApp(testConfig(env), { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
}

/** A response body as loosely typed JSON: tests assert on its shape. */
export async function json(response: Response): Promise<any> {
  return response.json();
}

/** Polls an evaluation until it has finished (every 50 ms, `attempts` times) and returns its view. */
export async function finishedEvaluation(url: string, id: string, attempts = 600): Promise<any> {
  for (let i = 0; i < attempts; i++) {
    const view = await json(await fetch(`${url}/api/evaluations/${id}`));
    if (['succeeded', 'failed', 'cancelled'].includes(view.status)) return view;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`evaluation ${id} did not finish`);
}
