import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EmbeddedMilvusService } from '../src/embedded/embedded-milvus.service';
import { freshDatabase, json, startTestApp } from './support';

function canConnect(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('embedded Milvus Lite', () => {
  it('starts with the api, shows in /api/health and stops with it', async () => {
    const db = await freshDatabase('sqlite');
    const { app, url } = await startTestApp({ ...db.env, RAGSCOPE_MILVUS_LITE: '1', RAGSCOPE_MILVUS_LITE_PORT: '0' });
    try {
      const status = await app.get(EmbeddedMilvusService).ready();
      expect(status.status).toBe('ok');
      const health = await json(await fetch(`${url}/api/health`));
      expect(health.milvusLite).toMatchObject({ status: 'ok', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
      expect(health.milvusLite.dataDir).toBe(`${db.env.RAGSCOPE_DATA_DIR}/milvus`);
      const address = health.milvusLite.address as string;
      expect(await canConnect(address)).toBe(true);
      await app.close();
      expect(await canConnect(address)).toBe(false);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('reports why it is unavailable instead of stopping the api', async () => {
    const db = await freshDatabase('sqlite');
    const { app, url } = await startTestApp({ ...db.env, RAGSCOPE_MILVUS_LITE: '1', RAGSCOPE_PYTHON: '/nonexistent/python' });
    try {
      await app.get(EmbeddedMilvusService).ready();
      const health = await json(await fetch(`${url}/api/health`));
      expect(health.status).toBe('ok');
      expect(health.milvusLite).toMatchObject({ status: 'unavailable', error: expect.stringContaining('scripts/setup.sh') });
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
