import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../libs/services/src';

describe('npm start', () => {
  it('serves health with the embedded database and Milvus Lite from RAGSCOPE_DATA_DIR', async () => {
    const health = await (await fetch(`${inject('apiBaseUrl')}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: { status: 'ok', driver: 'sqlite' }, jobs: { status: 'ok' } });
    await expect
      .poll(async () => (await (await fetch(`${inject('apiBaseUrl')}/api/health`)).json()).milvusLite.status, { timeout: 30_000 })
      .toBe('ok');
    const after = await (await fetch(`${inject('apiBaseUrl')}/api/health`)).json();
    expect(existsSync(join(after.milvusLite.dataDir, 'milvus.db'))).toBe(true);
  });

  it('serves the viewer at / and keeps unknown api paths as JSON 404s', async () => {
    const page = await fetch(`${inject('apiBaseUrl')}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');
    const missing = await fetch(`${inject('apiBaseUrl')}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('refuses a wrong setting at start-up with a message naming it', () => {
    const result = spawnSync(process.execPath, [join(repoRoot(), 'apps/api/dist/main.js')], {
      env: { ...process.env, PORT: 'eighty', RAGSCOPE_JOB_CONCURRENCY: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT="eighty"');
    expect(result.stderr).toContain('RAGSCOPE_JOB_CONCURRENCY');
  });
});
