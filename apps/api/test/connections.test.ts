import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadScenario } from '../../../libs/retrieval/test/connectors/qdrant-support/recordings';
import { ReplayServer } from '../../../libs/retrieval/test/connectors/qdrant-support/replay-server';
import { DRIVERS, freshDatabase, json, startTestApp, type TestDatabase } from './support';

const COLLECTION = `api_conn_${Math.random().toString(36).slice(2, 8)}`;
const DIM = 8;
const ROWS = 25;

function vectorOf(i: number): number[] {
  return Array.from({ length: DIM }, (_, j) => Math.fround(Math.sin(i * 7 + j)));
}

/** A real Milvus Lite collection: varchar keys, two vector fields, a text field and a dynamic field. */
async function createMilvusCollection(address: string): Promise<void> {
  const client = new MilvusClient({ address, logLevel: 'warn' });
  try {
    await client.createCollection({
      collection_name: COLLECTION,
      enable_dynamic_field: true,
      fields: [
        { name: 'doc_id', data_type: DataType.VarChar, is_primary_key: true, max_length: 64 },
        { name: 'text', data_type: DataType.VarChar, max_length: 1000 },
        { name: 'dense', data_type: DataType.FloatVector, dim: DIM },
        { name: 'title_vec', data_type: DataType.FloatVector, dim: 4 },
      ],
    });
    const data = Array.from({ length: ROWS }, (_, i) => ({
      doc_id: `doc-${String(i).padStart(3, '0')}`,
      text: `chunk ${i} about retrieval diagnostics and embedding maps`,
      dense: vectorOf(i),
      title_vec: [i, 1, 0, 0],
      source: `file-${i % 3}.pdf`,
    }));
    await client.insert({ collection_name: COLLECTION, data });
    await client.createIndex({ collection_name: COLLECTION, field_name: 'dense', index_type: 'FLAT', metric_type: 'COSINE' });
    await client.createIndex({ collection_name: COLLECTION, field_name: 'title_vec', index_type: 'FLAT', metric_type: 'L2' });
    await client.loadCollectionSync({ collection_name: COLLECTION });
  } finally {
    await client.closeConnection();
  }
}

describe.each(DRIVERS)('connections api on %s', (driver) => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  const milvusAddress = inject('milvusAddress');

  beforeAll(async () => {
    if (driver === 'sqlite') await createMilvusCollection(milvusAddress);
    db = await freshDatabase(driver);
    ({ app, url } = await startTestApp(db.env));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const patch = (path: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  let connectionId: string;

  it('creates a Milvus connection after pinging it, and never returns or stores secrets in clear', async () => {
    const response = await post('/api/connections', { name: 'lite', kind: 'milvus', url: milvusAddress, token: 'root:Milvus-token-9f2' });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toMatchObject({ name: 'lite', kind: 'milvus', url: milvusAddress, hasToken: true, hasApiKey: false, hasPassword: false });
    expect(JSON.stringify(body)).not.toContain('Milvus-token-9f2');
    connectionId = body.id;
    const [row] = await app.get(DataSource).query(`SELECT secrets FROM connections WHERE id = '${connectionId}'`);
    expect(row.secrets).toMatch(/^v1:/);
    expect(row.secrets).not.toContain('Milvus-token');
    const listed = await json(await fetch(`${url}/api/connections`));
    expect(JSON.stringify(listed)).not.toContain('Milvus-token-9f2');
  });

  it('rejects invalid bodies with the fields that are wrong', async () => {
    const response = await post('/api/connections', { name: '', kind: 'pinecone', url: 'not a url', extra: 1 });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(['extra', 'kind', 'name', 'url']);
  });

  it('reports an unreachable database with host:port as 502 and stores nothing', async () => {
    const response = await post('/api/connections', { name: 'nowhere', kind: 'milvus', url: '127.0.0.1:1' });
    expect(response.status).toBe(502);
    const body = await json(response);
    expect(body.message).toContain('127.0.0.1:1');
    expect(body.details.code).toBe('unreachable');
    const names = (await json(await fetch(`${url}/api/connections`))).map((c: { name: string }) => c.name);
    expect(names).not.toContain('nowhere');
  });

  it('refuses a second connection with the same name (409)', async () => {
    const response = await post('/api/connections', { name: 'lite', kind: 'milvus', url: milvusAddress });
    expect(response.status).toBe(409);
  });

  it('gets, tests, renames and edits secrets of a connection', async () => {
    expect((await json(await fetch(`${url}/api/connections/${connectionId}`))).name).toBe('lite');
    const tested = await post(`/api/connections/${connectionId}/test`, {});
    expect(tested.status).toBe(200);
    expect(await json(tested)).toMatchObject({ ok: true, latencyMs: expect.any(Number) });

    const renamed = await json(await patch(`/api/connections/${connectionId}`, { name: 'lite-renamed' }));
    expect(renamed).toMatchObject({ name: 'lite-renamed', hasToken: true });
    const cleared = await json(await patch(`/api/connections/${connectionId}`, { token: null }));
    expect(cleared.hasToken).toBe(false);

    const broken = await patch(`/api/connections/${connectionId}`, { url: '127.0.0.1:1' });
    expect(broken.status).toBe(502);
    expect((await json(await fetch(`${url}/api/connections/${connectionId}`))).url).toBe(milvusAddress);
  });

  it('lists and describes collections with vector fields, metrics and counts', async () => {
    const collections = await json(await fetch(`${url}/api/connections/${connectionId}/collections`));
    const mine = collections.find((c: { name: string }) => c.name === COLLECTION);
    expect(mine.info.pointCount).toBe(ROWS);
    expect(mine.info.vectorFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'dense', dimension: DIM, distance: 'cosine' }),
        expect.objectContaining({ name: 'title_vec', dimension: 4, distance: 'euclidean' }),
      ]),
    );
    const described = await json(await fetch(`${url}/api/connections/${connectionId}/collections/${COLLECTION}`));
    expect(described).toMatchObject({ name: COLLECTION, pointCount: ROWS, textField: 'text', idType: 'string' });
    expect(described.payloadFields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['text', 'source']));

    const missing = await fetch(`${url}/api/connections/${connectionId}/collections/no_such_collection`);
    expect(missing.status).toBe(404);
    expect((await json(missing)).message).toContain('no_such_collection');
  });

  it('pages through every point with a cursor and returns vectors only when asked', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=10&vectorField=dense${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await json(await fetch(`${url}/api/connections/${connectionId}/collections/${COLLECTION}/points?${query}`));
      expect(page.points.length).toBeLessThanOrEqual(10);
      for (const point of page.points) {
        expect(point.vector).toBeUndefined();
        expect(point.payload.text).toContain('chunk');
        seen.push(point.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(ROWS);

    const withVectors = await json(
      await fetch(`${url}/api/connections/${connectionId}/collections/${COLLECTION}/points?limit=3&withVectors=true&vectorField=dense`),
    );
    const first = withVectors.points[0];
    const index = Number(first.id.slice(4));
    const decoded = new Float32Array(new Uint8Array(Buffer.from(first.vector, 'base64')).buffer);
    expect(Array.from(decoded)).toEqual(vectorOf(index));

    const one = await json(await fetch(`${url}/api/connections/${connectionId}/collections/${COLLECTION}/points/doc-007`));
    expect(one).toMatchObject({ id: 'doc-007', payload: { text: expect.stringContaining('chunk 7'), source: 'file-1.pdf' } });
    const absent = await fetch(`${url}/api/connections/${connectionId}/collections/${COLLECTION}/points/doc-999`);
    expect(absent.status).toBe(404);

    const wrongField = await fetch(`${url}/api/connections/${connectionId}/collections/${COLLECTION}/points?vectorField=nope&withVectors=true`);
    expect(wrongField.status).toBe(400);
    expect(JSON.stringify(await json(wrongField))).toContain('dense');
  });

  it('deletes a connection', async () => {
    const deleted = await fetch(`${url}/api/connections/${connectionId}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await fetch(`${url}/api/connections/${connectionId}`)).status).toBe(404);
    expect((await fetch(`${url}/api/connections/${connectionId}/collections`)).status).toBe(404);
  });
});

describe('connections api with Qdrant (recorded Qdrant 1.18 exchanges)', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let replay: ReplayServer;
  beforeAll(async () => {
    replay = await ReplayServer.start([...loadScenario('server'), ...loadScenario('api-key')]);
    db = await freshDatabase('sqlite');
    ({ app, url } = await startTestApp(db.env));
  });
  afterAll(async () => {
    await app?.close();
    await replay?.close();
    await db?.drop();
  });
  afterEach(() => expect(replay.unmatched).toEqual([]));

  const create = (body: Record<string, unknown>) =>
    fetch(`${url}/api/connections`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('reports a refused API key as 401 and stores nothing', async () => {
    const response = await create({ name: 'qdrant-wrong', kind: 'qdrant', url: replay.url, apiKey: 'wrong-key' });
    expect(response.status).toBe(401);
    const body = await json(response);
    expect(body.details.code).toBe('unauthorized');
    expect(JSON.stringify(body)).not.toContain('wrong-key');
  });

  it('creates a connection with the right key and keeps the key write-only', async () => {
    const response = await create({ name: 'qdrant', kind: 'qdrant', url: replay.url, apiKey: 'secret-key' });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toMatchObject({ kind: 'qdrant', hasApiKey: true });
    expect(JSON.stringify(body)).not.toContain('secret-key');
  });
});
