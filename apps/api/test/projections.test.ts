import type { NestExpressApplication } from '@nestjs/platform-express';
import { RagscopeClient, replayQueriesAsSpans } from '@ragscope/demo';
import { decodeFieldColumn, decodeMapPoints, decodeQueryOverlay, readIrDataset } from '@ragscope/retrieval';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startOpenAiStub } from '../../../libs/retrieval/test/llm/support/openai-stub';
import { cranfieldDocuments, loadIntoMilvus, SHARED_DATA, type IrDocuments } from './fixtures/milvus-datasets';
import { DRIVERS, freshDatabase, json, startTestApp, type TestDatabase } from './support';

const COLLECTION = 'cranfield_projection_test';
const TINY = 'tiny_projection_test';
let docs: IrDocuments;

/** Follows a projection's SSE stream to its end and returns the progress events. */
async function follow(url: string, id: string) {
  const text = await (await fetch(`${url}/api/projections/${id}/events`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as { status: string; stage: string; progress: number; error: string | null });
}

beforeAll(async () => {
  docs = cranfieldDocuments();
  await loadIntoMilvus(inject('milvusAddress'), COLLECTION, docs);
  // 20 points: four clear groups, one all-zero vector, one exact duplicate
  const tiny: IrDocuments = { ids: [], texts: [], vectors: new Float32Array(20 * 4), dimension: 4 };
  for (let i = 0; i < 20; i++) {
    tiny.ids.push(String(1000 + i));
    tiny.texts.push(`tiny ${i}`);
    if (i === 7) continue;
    tiny.vectors.set([i % 4 === 0 ? 1 : 0.01 * i, i % 4 === 1 ? 1 : 0.01, i % 4 === 2 ? 1 : 0.02, i % 4 === 3 ? 1 : 0.03], i * 4);
  }
  await loadIntoMilvus(inject('milvusAddress'), TINY, tiny, { metric: 'L2' });
});

describe.each(DRIVERS)('projections on %s', (driver) => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let connectionId: string;
  let projectionId: string;

  beforeAll(async () => {
    db = await freshDatabase(driver);
    ({ app, url } = await startTestApp(db.env));
    const created = await fetch(`${url}/api/connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lite', kind: 'milvus', url: inject('milvusAddress') }),
    });
    connectionId = (await json(created)).id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const start = (body: Record<string, unknown>) =>
    fetch(`${url}/api/projections`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ connectionId, ...body }) });

  it('maps a real collection end to end: progress over SSE, points as Arrow, clusters with labels', async () => {
    const response = await start({ collection: COLLECTION, umap: { seed: 7 } });
    expect(response.status).toBe(202);
    const created = await json(response);
    projectionId = created.id;
    expect(created).toMatchObject({ collection: COLLECTION, vectorField: 'embedding', textField: 'text', jobId: expect.any(String) });

    const events = await follow(url, projectionId);
    const last = events.at(-1)!;
    expect(last.error).toBeNull();
    expect(last.status).toBe('succeeded');
    const stages = new Set(events.map((e) => e.stage));
    for (const stage of ['streaming vectors', 'finding neighbours (kNN)', 'laying out the map (UMAP)', 'clustering (HDBSCAN)']) expect(stages).toContain(stage);

    const projection = await json(await fetch(`${url}/api/projections/${projectionId}`));
    expect(projection).toMatchObject({ status: 'succeeded', progress: 1, pointCount: 1400, dimension: 384, nComponents: 2 });
    expect(projection.trustworthiness).toBeGreaterThan(0.85);
    expect(Object.keys(projection.timings)).toEqual(expect.arrayContaining(['knn', 'umap', 'clusters', 'total']));

    const pointsResponse = await fetch(`${url}/api/projections/${projectionId}/points`, { headers: { 'accept-encoding': 'gzip' } });
    expect(pointsResponse.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const points = decodeMapPoints(new Uint8Array(await pointsResponse.arrayBuffer()));
    expect(points.ids.length).toBe(1400);
    expect(new Set(points.ids)).toEqual(new Set(docs.ids));
    expect(points.x.every(Number.isFinite) && points.y.every(Number.isFinite)).toBe(true);

    const clusters = await json(await fetch(`${url}/api/projections/${projectionId}/clusters`));
    expect(clusters.length).toBeGreaterThan(1);
    const clustered = clusters.reduce((sum: number, c: { size: number }) => sum + c.size, 0);
    expect(clustered).toBe(Array.from(points.cluster).filter((c) => c >= 0).length);
    for (const cluster of clusters) {
      expect(cluster.terms.length).toBeGreaterThanOrEqual(2);
      expect(cluster.label).toMatch(/\w/);
    }
    const allText = docs.texts.join(' ').toLowerCase();
    expect(clusters[0].terms.every((t: string) => allText.includes(t))).toBe(true);
  });

  it('serves identical points without gzip, and the same seed gives the same map', async () => {
    const plain = await fetch(`${url}/api/projections/${projectionId}/points`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainBytes = new Uint8Array(await plain.arrayBuffer());

    const again = await json(await start({ collection: COLLECTION, umap: { seed: 7 } }));
    await follow(url, again.id);
    const raw = await fetch(`${url}/api/projections/${again.id}/points`, { headers: { 'accept-encoding': 'gzip' } });
    // fetch decodes gzip itself; compare what both requests decoded to
    const againBytes = new Uint8Array(await raw.arrayBuffer());
    expect(Buffer.from(againBytes).equals(Buffer.from(plainBytes))).toBe(true);
  });

  it('places documents next to themselves with transform(), one placement per vector whatever the batch', async () => {
    const points = decodeMapPoints(new Uint8Array(await (await fetch(`${url}/api/projections/${projectionId}/points`)).arrayBuffer()));
    const rows = Array.from({ length: 40 }, (_, i) => i * 35);
    const vectors = new Float32Array(rows.length * 384);
    rows.forEach((row, i) => vectors.set(docs.vectors.subarray(row * 384, (row + 1) * 384), i * 384));
    const transform = async (values: Float32Array) =>
      (await json(await fetch(`${url}/api/projections/${projectionId}/transform`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vectors: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') }),
      }))).points as Array<{ x: number; y: number }>;
    const placed = await transform(vectors);
    const distances = placed.map((p, i) => {
      const at = points.ids.indexOf(docs.ids[rows[i]]);
      return Math.hypot(p.x - points.x[at], p.y - points.y[at]);
    }).sort((a, b) => a - b);
    const spanX = Math.max(...points.x) - Math.min(...points.x);
    // a point lands among its high-dimensional neighbours, which is where its own training point sits for most documents
    expect(distances[Math.floor(distances.length / 2)]).toBeLessThan(0.03 * spanX);
    const [alone] = await transform(vectors.slice(5 * 384, 6 * 384));
    expect(alone).toEqual(placed[5]);

    const noEmbedder = await fetch(`${url}/api/projections/${projectionId}/transform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ texts: ['supersonic flow'] }),
    });
    expect(noEmbedder.status).toBe(400);
    expect((await json(noEmbedder)).message).toContain('RAGSCOPE_EMBEDDER_URL');
    const wrongDims = await fetch(`${url}/api/projections/${projectionId}/transform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vectors: Buffer.from(new Float32Array(5).buffer).toString('base64') }),
    });
    expect(wrongDims.status).toBe(400);
  });

  it('places retrieval events on the map with the map indices of what they retrieved', async () => {
    const dataset = readIrDataset(join(SHARED_DATA, 'cranfield'));
    const sent = await replayQueriesAsSpans(new RagscopeClient(url), inject('milvusAddress'), COLLECTION, dataset);
    expect(sent).toBe(225);
    // one more query whose retriever returned a document the collection does not have
    const vector = Array.from(dataset.queryEmbeddings.vectors.subarray(0, 384), (v) => ({ doubleValue: v }));
    const span = (spanId: string, attributes: unknown[]) => ({ traceId: 'ab'.repeat(16), spanId, name: spanId, kind: 1, startTimeUnixNano: '1', endTimeUnixNano: '2', attributes });
    const s = (key: string, value: string) => ({ key, value: { stringValue: value } });
    await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [
          span('00000000000000e1', [s('openinference.span.kind', 'EMBEDDING'), s('embedding.embeddings.0.embedding.text', 'ghost query'), { key: 'embedding.embeddings.0.embedding.vector', value: { arrayValue: { values: vector } } }]),
          span('00000000000000e2', [s('openinference.span.kind', 'RETRIEVER'), s('input.value', 'ghost query'), s('ragscope.collection', COLLECTION), s('retrieval.documents.0.document.id', '486'), s('retrieval.documents.1.document.id', 'not-in-collection')]),
        ] }] }],
      }),
    });

    const response = await fetch(`${url}/api/projections/${projectionId}/queries`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ragscope-queries')).toBe('226');
    const overlay = decodeQueryOverlay(new Uint8Array(await response.arrayBuffer()));
    const points = decodeMapPoints(new Uint8Array(await (await fetch(`${url}/api/projections/${projectionId}/points`)).arrayBuffer()));
    expect(overlay.ids.length).toBe(226);
    const ghost = overlay.queries.indexOf('ghost query');
    expect(Array.from(overlay.retrieved.subarray(overlay.offsets[ghost], overlay.offsets[ghost + 1]))).toEqual([points.ids.indexOf('486'), -1]);
    expect(overlay.missing[ghost]).toBe(1);
    expect(overlay.missingIds).toEqual(['not-in-collection']);
    expect(overlay.failed.every((failed) => failed === 0)).toBe(true);
    expect(overlay.startedAt[ghost]).toBe(0);
    expect(overlay.z).toBeUndefined();
    const replayed = overlay.queries.findIndex((q) => q !== 'ghost query');
    const indices = Array.from(overlay.retrieved.subarray(overlay.offsets[replayed], overlay.offsets[replayed + 1]));
    expect(indices.length).toBe(10);
    expect(indices.every((i) => i >= 0)).toBe(true);
    expect(overlay.missing.reduce((a, b) => a + b, 0)).toBe(1);
    // a query lands near what it retrieved best: closer to its top document than the map's typical spread
    const top = indices[0];
    const distance = Math.hypot(overlay.x[replayed] - points.x[top], overlay.y[replayed] - points.y[top]);
    expect(distance).toBeLessThan(0.25 * (Math.max(...points.x) - Math.min(...points.x)));
  });

  it('counts how often the events retrieved each map point, in map order, in a time window', async () => {
    const points = decodeMapPoints(new Uint8Array(await (await fetch(`${url}/api/projections/${projectionId}/points`)).arrayBuffer()));
    const all = await fetch(`${url}/api/projections/${projectionId}/retrieval-counts`);
    expect(all.status).toBe(200);
    // the 225 replayed Cranfield queries (top 10 each) and the ghost query (486 and an id the collection lacks)
    expect(all.headers.get('x-ragscope-events')).toBe('226');
    const counts = decodeFieldColumn(new Uint8Array(await all.arrayBuffer()));
    if (counts.kind !== 'numbers') throw new Error('expected numbers');
    expect(counts.values).toHaveLength(points.ids.length);
    expect(counts.values.reduce((a, b) => a + b, 0)).toBe(225 * 10 + 1);

    // the ghost span started at 1 ns after the epoch; the replayed ones now
    const early = await fetch(`${url}/api/projections/${projectionId}/retrieval-counts?to=1971-01-01T00:00:00Z`);
    expect(early.headers.get('x-ragscope-events')).toBe('1');
    const ghost = decodeFieldColumn(new Uint8Array(await early.arrayBuffer()));
    if (ghost.kind !== 'numbers') throw new Error('expected numbers');
    expect(Array.from(ghost.values).flatMap((count, i) => (count ? [[points.ids[i], count]] : []))).toEqual([['486', 1]]);
    expect((await fetch(`${url}/api/projections/${projectionId}/retrieval-counts?from=yesterday`)).status).toBe(400);
  });

  it('serves one payload field for every map point, in map order, as an Arrow column', async () => {
    const response = await fetch(`${url}/api/projections/${projectionId}/fields/text`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('apache.arrow');
    const column = decodeFieldColumn(new Uint8Array(await response.arrayBuffer()));
    const points = decodeMapPoints(new Uint8Array(await (await fetch(`${url}/api/projections/${projectionId}/points`)).arrayBuffer()));
    if (column.kind !== 'categories') throw new Error(`text is not a number: expected categories, got ${column.kind}`);
    expect(column.codes).toHaveLength(points.ids.length);
    // more than 1,000 distinct texts: the 1,000 most frequent keep a name, the others are coded -2 and counted
    const distinct = new Set(docs.texts).size;
    expect(column.names).toHaveLength(1000);
    expect(column.otherValues).toBe(distinct - 1000);
    const textOf = new Map(docs.ids.map((id, i) => [id, docs.texts[i]]));
    points.ids.forEach((id, i) => {
      const text = textOf.get(id)!;
      if (column.codes[i] === -2) return;
      const label = text === '' ? '(empty)' : text.length > 120 ? `${text.slice(0, 119)}…` : text;
      expect(column.names[column.codes[i]], id).toBe(label);
    });

    const unknown = await fetch(`${url}/api/projections/${projectionId}/fields/nope`);
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).message).toContain('nope');
  });

  it('turns bad requests into clear 4xx answers', async () => {
    const unknown = await start({ collection: 'no_such_collection' });
    expect(unknown.status).toBe(404);
    const wrongField = await start({ collection: COLLECTION, vectorField: 'nope' });
    expect(wrongField.status).toBe(400);
    expect((await json(wrongField)).message).toContain('embedding');
    const tooFew = await start({ collection: TINY, umap: { nNeighbors: 30 } });
    expect(tooFew.status).toBe(400);
    expect((await json(tooFew)).message).toMatch(/has 20 point\(s\).*nNeighbors is 30/);
    const badParams = await start({ collection: COLLECTION, umap: { minDist: -1, nComponents: 4 } });
    expect(badParams.status).toBe(400);
    expect((await json(badParams)).details.map((d: { field: string }) => d.field).sort()).toEqual(['umap.minDist', 'umap.nComponents']);
    const notDone = await fetch(`${url}/api/projections/00000000-0000-4000-8000-000000000000/points`);
    expect(notDone.status).toBe(404);
  });

  it('clamps a sample larger than the collection and reports excluded zero vectors', async () => {
    const created = await json(await start({ collection: TINY, sample: 500, umap: { nNeighbors: 5, metric: 'cosine' }, cluster: { minClusterSize: 3 } }));
    const events = await follow(url, created.id);
    expect(events.at(-1)).toMatchObject({ status: 'succeeded' });
    const projection = await json(await fetch(`${url}/api/projections/${created.id}`));
    expect(projection.pointCount).toBe(19);
    expect(projection.warnings.join('\n')).toContain('sample 500 is not smaller than the collection (20 points)');
    expect(projection.warnings.join('\n')).toMatch(/1 all-zero vector\(s\).*1007/);
  });

  it('cancels a running projection and deletes a finished one with its data', async () => {
    const created = await json(await start({ collection: COLLECTION, umap: { nEpochs: 2000 } }));
    await expect.poll(async () => (await json(await fetch(`${url}/api/projections/${created.id}`))).status, { timeout: 30_000 }).toBe('running');
    const cancelled = await json(await fetch(`${url}/api/projections/${created.id}`, { method: 'DELETE' }));
    expect(cancelled).toEqual({ deleted: false, cancelled: true });
    await expect.poll(async () => (await json(await fetch(`${url}/api/projections/${created.id}`))).status, { timeout: 30_000 }).toBe('cancelled');

    const deleted = await json(await fetch(`${url}/api/projections/${created.id}`, { method: 'DELETE' }));
    expect(deleted).toEqual({ deleted: true, cancelled: false });
    expect((await fetch(`${url}/api/projections/${created.id}`)).status).toBe(404);
  });
});

describe('queries on the map from spans that sent only the query text', () => {
  it('embeds them with the configured OpenAI-compatible embedder (a local stub here: our client code, not model quality)', async () => {
    const dataset = readIrDataset(join(SHARED_DATA, 'cranfield'));
    const vectorOf = new Map(dataset.evalSet.queries.map((q) => [q.text, Array.from(dataset.queryEmbeddings.vectors.subarray(dataset.queryEmbeddings.ids.indexOf(q.id) * 384, (dataset.queryEmbeddings.ids.indexOf(q.id) + 1) * 384))]));
    const stub = await startOpenAiStub({ embeddings: (texts) => texts.map((t) => vectorOf.get(t) ?? new Array(384).fill(0.01)) });
    const db = await freshDatabase('sqlite');
    const { app, url } = await startTestApp({ ...db.env, RAGSCOPE_EMBEDDER_URL: stub.baseUrl, RAGSCOPE_EMBEDDER_MODEL: 'all-MiniLM-L6-v2' });
    try {
      const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const connectionId = (await json(await post('/api/connections', { name: 'lite', kind: 'milvus', url: inject('milvusAddress') }))).id;
      const projection = await json(await post('/api/projections', { connectionId, collection: COLLECTION, umap: { seed: 7 } }));
      await follow(url, projection.id);
      const queries = dataset.evalSet.queries.slice(0, 3);
      const s = (key: string, value: string) => ({ key, value: { stringValue: value } });
      await post('/v1/traces', {
        resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: queries.map((q, i) => ({
          traceId: `${i}`.padStart(32, 'c'), spanId: `${i}`.padStart(16, 'd'), name: 'retrieve', kind: 1, startTimeUnixNano: '1', endTimeUnixNano: '2',
          attributes: [s('openinference.span.kind', 'RETRIEVER'), s('input.value', q.text), s('ragscope.collection', COLLECTION), s('retrieval.documents.0.document.id', '486')],
        })) }] }],
      });
      const response = await fetch(`${url}/api/projections/${projection.id}/queries`);
      expect(response.headers.get('x-ragscope-embedded')).toBe('3');
      const overlay = decodeQueryOverlay(new Uint8Array(await response.arrayBuffer()));
      expect(new Set(overlay.queries)).toEqual(new Set(queries.map((q) => q.text)));
      const embeddingRequests = stub.requestsTo('/v1/embeddings');
      expect(embeddingRequests.length).toBe(1);

      // the same vector sent directly lands on the same spot: a placement depends on the vector alone
      const first = overlay.queries.indexOf(queries[0].text);
      const direct = await json(await post(`/api/projections/${projection.id}/transform`, { vectors: Buffer.from(new Float32Array(vectorOf.get(queries[0].text)!).buffer).toString('base64') }));
      expect(direct.points[0].x).toBeCloseTo(overlay.x[first], 5);
      expect(direct.points[0].y).toBeCloseTo(overlay.y[first], 5);
    } finally {
      await app.close();
      await db.drop();
      await stub.close();
    }
  });
});
