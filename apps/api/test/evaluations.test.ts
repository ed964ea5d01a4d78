import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { decodeMapPoints, decodeQueryOverlay, evaluate, parseBeirQrels, parseTrecRun } from '@ragscope/retrieval';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CRANFIELD, cranfieldBeirParts, DIM, dropCollection, form, readMatrix } from './evaluations-fixtures';
import { cranfieldDocuments, loadIntoMilvus } from './fixtures/milvus-datasets';
import { DRIVERS, finishedEvaluation, freshDatabase, json, startTestApp, type TestDatabase } from './support';

const COLLECTION = `cranfield_eval_${Math.random().toString(36).slice(2, 8)}`;
const QRELS = parseBeirQrels(readFileSync(join(CRANFIELD, 'qrels', 'test.tsv')));

/** The README's exact-search numbers (pytrec_eval and trec_eval 10 on the top 1000, -c). */
const README = { P_10: 0.2467, recall_100: 0.7724, map: 0.3272, ndcg_cut_10: 0.3817, recip_rank: 0.5434, ndcg: 0.5447, Rprec: 0.316 };

/**
 * Exact search written out here, independent of Milvus and of the metrics library: float64 dot
 * products of the stored (unit-length) float32 vectors, ties by document id descending as
 * trec_eval breaks them, then P@10, recall@100 and the reciprocal rank from their definitions.
 */
function bruteForce() {
  const docs = readMatrix(CRANFIELD, 'docs');
  const queries = readMatrix(CRANFIELD, 'queries');
  const perQuery = new Map<string, { P_10: number; recall_100: number; recip_rank: number; top: string[] }>();
  queries.ids.forEach((qid, q) => {
    const qv = queries.vectors.subarray(q * DIM, (q + 1) * DIM);
    const scored = docs.ids.map((docid, d) => {
      let dot = 0;
      for (let j = 0; j < DIM; j++) dot += qv[j] * docs.vectors[d * DIM + j];
      return { docid, score: dot };
    });
    scored.sort((a, b) => b.score - a.score || (a.docid < b.docid ? 1 : a.docid > b.docid ? -1 : 0));
    const grades = QRELS.get(qid)!;
    const relevant = (docid: string) => (grades.get(docid) ?? 0) >= 1;
    const numRel = [...grades.values()].filter((g) => g >= 1).length;
    const top = scored.slice(0, 1000).map((s) => s.docid);
    const first = top.findIndex(relevant);
    perQuery.set(qid, {
      P_10: top.slice(0, 10).filter(relevant).length / 10,
      recall_100: top.slice(0, 100).filter(relevant).length / numRel,
      recip_rank: first < 0 ? 0 : 1 / (first + 1),
      top,
    });
  });
  return perQuery;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

beforeAll(async () => {
  await loadIntoMilvus(inject('milvusAddress'), COLLECTION, cranfieldDocuments());
});
afterAll(async () => {
  await dropCollection(inject('milvusAddress'), COLLECTION).catch(() => undefined);
});

describe.each(DRIVERS)('evaluations api on %s', (driver) => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let connectionId: string;
  let evalSetId: string;
  let exactId: string;
  let top10Id: string;
  const expected = bruteForce();

  const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const waitFor = (id: string) => finishedEvaluation(url, id);

  beforeAll(async () => {
    db = await freshDatabase(driver);
    ({ app, url } = await startTestApp(db.env));
    connectionId = (await json(await post('/api/connections', { name: 'lite', kind: 'milvus', url: inject('milvusAddress') }))).id;
    const uploaded = await fetch(`${url}/api/evalsets`, { method: 'POST', body: form({ name: 'cranfield', format: 'beir' }, cranfieldBeirParts()) });
    expect(uploaded.status).toBe(201);
    evalSetId = (await json(uploaded)).id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('runs an evaluation as a job: 202, stages over SSE, then succeeded with headline measures', async () => {
    const response = await post('/api/evaluations', { evalSetId, connectionId, collection: COLLECTION, k: 1000, name: 'minilm exact' });
    const created = await json(response);
    expect(response.status, JSON.stringify(created)).toBe(202);
    expect(created).toMatchObject({ name: 'minilm exact', status: 'queued', k: 1000, vectorField: 'embedding', collection: COLLECTION, job: { kind: 'evaluation', id: created.jobId } });
    exactId = created.id;

    const events = (await (await fetch(`${url}/api/jobs/${created.jobId}/events`)).text())
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)));
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', progress: 1 });
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const done = await waitFor(exactId);
    expect(done).toMatchObject({ status: 'succeeded', error: null, job: { status: 'succeeded', result: { evaluationId: exactId, queryCount: 225 } } });
    expect(done.summary.queryCount).toBe(225);
    expect(done.summary.measures.find((m: any) => m.name === 'ndcg_cut_10').value).toBeCloseTo(README.ndcg_cut_10, 4);
    expect(done.params).toMatchObject({ evalSetId, connectionId, k: 1000, distance: 'cosine' });
    const [stored] = await app.get(DataSource).query(`SELECT COUNT(*) AS n FROM evaluation_results WHERE evaluation_id = '${exactId}'`);
    expect(Number(stored.n)).toBe(225);
  });

  it('reproduces the Cranfield README numbers of exact search, and the metric formulas per query', async () => {
    const report = await json(await fetch(`${url}/api/evaluations/${exactId}/report`));
    const value = (name: string) => report.measures.find((m: any) => m.name === name).value;
    for (const [name, number] of Object.entries(README)) expect(value(name), name).toBeCloseTo(number, 4);
    expect(value('num_rel')).toBe(1612);
    expect(value('num_rel_ret')).toBe(1591);
    expect(value('num_ret')).toBe(225_000);
    expect(report).toMatchObject({ version: 1, k: 1000, queryCount: 225, relevantCount: 1612, graded: true, keyMeasure: 'ndcg_cut_10', missingQueryIds: [] });
    expect(report.measures.map((m: any) => m.name)).toEqual([
      'P_5', 'P_10', 'recall_10', 'recall_100', 'success_1', 'success_5', 'success_10', 'recip_rank', 'map', 'map_cut_10',
      'ndcg', 'ndcg_cut_10', 'Rprec', 'num_ret', 'num_rel', 'num_rel_ret', 'ndcg_exp_cut_10',
    ]);

    // per query, against the brute force above
    const rows = new Map(report.perQuery.map((r: any) => [r.queryId, r]));
    expect(rows.size).toBe(225);
    for (const name of ['P_10', 'recall_100', 'recip_rank'] as const) {
      const ours = [...expected].map(([qid, e]) => [(rows.get(qid) as any).values[name], e[name]]);
      const differing = ours.filter(([a, b]) => Math.abs(a - b) > 1e-12);
      expect(differing, name).toEqual([]);
      expect(mean(ours.map(([a]) => a))).toBeCloseTo(mean(ours.map(([, b]) => b)), 12);
    }

    // intervals: seeded, around the estimate, none for the summed counts
    for (const m of report.measures) {
      if (m.aggregate === 'sum') expect(m.ci).toBeUndefined();
      else {
        expect(m.ci.lower).toBeLessThanOrEqual(m.value + 1e-12);
        expect(m.ci.upper).toBeGreaterThanOrEqual(m.value - 1e-12);
      }
    }
    expect(report.bootstrap).toEqual({ resamples: 1000, confidence: 0.95, seed: 20240229 });
    const ndcgCi = report.measures.find((m: any) => m.name === 'ndcg_cut_10').ci;
    expect(ndcgCi.upper - ndcgCi.lower).toBeGreaterThan(0.03);
    expect(ndcgCi.upper - ndcgCi.lower).toBeLessThan(0.15);

    // worst queries by ndcg_cut_10, failing = nothing relevant retrieved
    expect(report.worstQueries).toHaveLength(10);
    const worst = report.worstQueries.map((r: any) => r.values.ndcg_cut_10);
    expect(worst).toEqual([...worst].sort((a, b) => a - b));
    expect(Math.max(...worst)).toBeLessThanOrEqual(Math.min(...report.perQuery.filter((r: any) => !report.worstQueries.some((w: any) => w.queryId === r.queryId)).map((r: any) => r.values.ndcg_cut_10)));
    expect(report.failingQueries.map((r: any) => r.queryId)).toEqual(report.perQuery.filter((r: any) => r.values.num_rel_ret === 0).map((r: any) => r.queryId));
    const first = rows.get('1') as any;
    expect(first.text).toContain('similarity laws');
    expect(first.firstRelevantRank).toBe(expected.get('1')!.recip_rank ? Math.round(1 / expected.get('1')!.recip_rank) : null);

    // the same report again (cached or rebuilt): identical
    expect(await json(await fetch(`${url}/api/evaluations/${exactId}/report`))).toEqual(report);
  });

  it('exports json, csv, the TREC run (trec_eval reads back the same numbers) and a self-contained HTML file', async () => {
    const report = await json(await fetch(`${url}/api/evaluations/${exactId}/report`));

    const asJson = await fetch(`${url}/api/evaluations/${exactId}/export?format=json`);
    expect(asJson.headers.get('content-type')).toContain('application/json');
    expect(asJson.headers.get('content-disposition')).toMatch(/^attachment; filename="ragscope-minilm-exact-[0-9a-f]{8}\.json"$/);
    expect(await json(asJson)).toEqual(report);

    const csv = await (await fetch(`${url}/api/evaluations/${exactId}/export?format=csv`)).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 225 + 1);
    expect(lines[0]).toBe(`query_id,query,${report.measures.map((m: any) => m.name).join(',')},first_relevant_rank,failing`);
    expect(lines.at(-1)).toMatch(/^all,,0\.\d+,/);

    const trecResponse = await fetch(`${url}/api/evaluations/${exactId}/export?format=trec`);
    expect(trecResponse.headers.get('content-type')).toContain('text/plain');
    const trec = await trecResponse.text();
    expect(trec.split('\n').filter(Boolean)).toHaveLength(225_000);
    expect(trec.split('\n')[0]).toMatch(/^1 Q0 \d+ 1 0\.\d+ ragscope-[0-9a-f]{8}$/);
    const { run } = parseTrecRun(trec);
    expect(run.get('1')!.slice(0, 1000).map((d) => d.docid)).toEqual(expected.get('1')!.top);
    const rescored = evaluate(QRELS, run, { measures: ['map', 'ndcg_cut.10', 'P.10'], complete: true });
    expect(rescored.summary.get('map')).toBe(report.measures.find((m: any) => m.name === 'map').value);
    expect(rescored.summary.get('ndcg_cut_10')).toBe(report.measures.find((m: any) => m.name === 'ndcg_cut_10').value);

    const htmlResponse = await fetch(`${url}/api/evaluations/${exactId}/export?format=html`);
    expect(htmlResponse.headers.get('content-type')).toContain('text/html');
    const html = await htmlResponse.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).toContain('histogram of ndcg_cut_10');
    expect(html).toContain('histogram of recip_rank');
    expect(html).toContain('Worst queries');
    expect(html).toContain(report.measures.find((m: any) => m.name === 'ndcg_cut_10').value.toFixed(4));
    expect(html).not.toMatch(/<script|<link|@import|src=|href=/i);
    expect(html).not.toMatch(/https?:\/\//);

    const bad = await fetch(`${url}/api/evaluations/${exactId}/export?format=pdf`);
    expect(bad.status).toBe(400);
  });

  it("places the evaluation's queries on a map of the collection: stored vectors through the map's model, its run, its failing queries", async () => {
    const projection = await json(await post('/api/projections', { connectionId, collection: COLLECTION, umap: { seed: 7 } }));
    await (await fetch(`${url}/api/projections/${projection.id}/events`)).text(); // the stream ends when the job does
    const response = await fetch(`${url}/api/projections/${projection.id}/queries?evaluation=${exactId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ragscope-queries')).toBe('225');
    expect(response.headers.get('x-ragscope-skipped')).toBe('0');
    const overlay = decodeQueryOverlay(new Uint8Array(await response.arrayBuffer()));
    const points = decodeMapPoints(new Uint8Array(await (await fetch(`${url}/api/projections/${projection.id}/points`)).arrayBuffer()));
    const report = await json(await fetch(`${url}/api/evaluations/${exactId}/report`));
    const rows = new Map<string, any>(report.perQuery.map((row: any) => [row.queryId, row]));
    expect([...overlay.ids].sort()).toEqual([...rows.keys()].sort());
    overlay.ids.forEach((id, i) => expect(overlay.failed[i], id).toBe(rows.get(id).failing ? 1 : 0));
    expect(overlay.failed.reduce((a, b) => a + b, 0)).toBe(report.failingQueries.length);

    // what a query retrieved, in the TREC run's order, as map indices: every Cranfield document is on the map
    const { run } = parseTrecRun(await (await fetch(`${url}/api/evaluations/${exactId}/export?format=trec`)).text());
    const first = overlay.ids.indexOf('1');
    const indices = Array.from(overlay.retrieved.subarray(overlay.offsets[first], overlay.offsets[first + 1]));
    expect(indices).toEqual(run.get('1')!.map((d) => points.ids.indexOf(d.docid)));
    expect(overlay.missing.every((m) => m === 0)).toBe(true);

    // placed from the eval set's own query vector: the same spot as that vector sent to /transform
    const queries = readMatrix(CRANFIELD, 'queries');
    const row = queries.ids.indexOf('1');
    const vector = Buffer.from(queries.vectors.slice(row * DIM, (row + 1) * DIM).buffer).toString('base64');
    const direct = await json(await post(`/api/projections/${projection.id}/transform`, { vectors: vector }));
    expect(direct.points[0].x).toBeCloseTo(overlay.x[first], 5);
    expect(direct.points[0].y).toBeCloseTo(overlay.y[first], 5);

    expect((await fetch(`${url}/api/projections/${projection.id}/queries?evaluation=${exactId}&from=2026-01-01T00:00:00Z`)).status).toBe(400);
    expect((await fetch(`${url}/api/projections/${projection.id}/queries?evaluation=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${url}/api/projections/${projection.id}/queries?evaluation=not-a-uuid`)).status).toBe(400);
  });

  it('compares two evaluations of the same eval set with paired tests and better/worse queries', async () => {
    const created = await json(await post('/api/evaluations', { evalSetId, connectionId, collection: COLLECTION, vectorField: 'embedding', k: 10 }));
    top10Id = created.id;
    expect(created.name).toBe(`cranfield on ${COLLECTION} (k=10)`);
    expect((await waitFor(top10Id)).status).toBe('succeeded');
    const top10 = await json(await fetch(`${url}/api/evaluations/${top10Id}/report`));
    expect(top10.k).toBe(10);
    // with 10 documents per query, the failing queries are those without a relevant one in the first 10
    const success10 = top10.perQuery.filter((r: any) => r.values.success_10 === 0).map((r: any) => r.queryId);
    expect(top10.failingQueries.map((r: any) => r.queryId)).toEqual(success10);
    expect(success10.length).toBeGreaterThan(0);
    expect(top10.measures.find((m: any) => m.name === 'P_10').value).toBeCloseTo(README.P_10, 4);

    const response = await fetch(`${url}/api/evaluations/compare?a=${exactId}&b=${top10Id}&measure=map`);
    const comparison = await json(response);
    expect(response.status, JSON.stringify(comparison)).toBe(200);
    expect(comparison).toMatchObject({ queryCount: 225, keyMeasure: 'map', a: { evaluationId: exactId, k: 1000 }, b: { evaluationId: top10Id, k: 10 } });
    const byName = Object.fromEntries(comparison.measures.map((m: any) => [m.name ?? m.measure, m]));
    expect(byName.P_10).toMatchObject({ difference: 0, randomizationP: 1, tTestP: 1 });
    expect(byName.ndcg_cut_10.difference).toBe(0);
    expect(byName.map.difference).toBeLessThan(0);
    expect(byName.recall_100.difference).toBeLessThan(-0.3);
    expect(byName.recall_100.randomizationP).toBeLessThan(0.001);
    expect(byName.recall_100.tTestP).toBeLessThan(1e-10);
    expect(byName.num_ret).toBeUndefined();
    expect(comparison.better).toEqual([]);
    expect(comparison.worse.length).toBeGreaterThan(0);
    expect(comparison.worse[0].delta).toBeLessThan(0);
    expect(comparison.worse[0].delta).toBeLessThanOrEqual(comparison.worse.at(-1).delta);
    expect(comparison.worseCount + comparison.unchanged).toBe(225);

    const sameSet = await fetch(`${url}/api/evaluations/compare?a=${exactId}&b=${exactId}&measure=nope`);
    expect(sameSet.status).toBe(400);
    const missing = await fetch(`${url}/api/evaluations/compare?a=${exactId}`);
    expect(missing.status).toBe(400);
  });

  it('lists evaluations with their status and summary', async () => {
    const list = await json(await fetch(`${url}/api/evaluations`));
    expect(list.map((e: any) => e.id)).toEqual(expect.arrayContaining([exactId, top10Id]));
    expect(list.every((e: any) => e.summary && e.status === 'succeeded')).toBe(true);
    const filtered = await json(await fetch(`${url}/api/evaluations?evalSetId=${evalSetId}&status=succeeded`));
    expect(filtered).toHaveLength(2);
  });

  it('cancels a running evaluation through DELETE /api/evaluations/:id, and through the jobs api', async () => {
    for (const via of ['evaluations', 'jobs'] as const) {
      const created = await json(await post('/api/evaluations', { evalSetId, connectionId, collection: COLLECTION, k: 1000 }));
      const response = await fetch(`${url}/api/${via}/${via === 'jobs' ? created.jobId : created.id}`, { method: 'DELETE' });
      expect(response.status).toBe(via === 'jobs' ? 200 : 202);
      const done = await waitFor(created.id);
      expect(done.status, via).toBe('cancelled');
      // the row is marked when the handler stops; the job row a moment later, when the runner records it
      await expect.poll(async () => (await json(await fetch(`${url}/api/evaluations/${created.id}`))).job.status).toBe('cancelled');
      const report = await fetch(`${url}/api/evaluations/${created.id}/report`);
      expect(report.status).toBe(409);
      expect(await json(report)).toMatchObject({ statusCode: 409, message: expect.stringContaining('cancelled'), details: { status: 'cancelled' } });
      // a finished evaluation is deleted with its run
      expect((await fetch(`${url}/api/evaluations/${created.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(`${url}/api/evaluations/${created.id}`)).status).toBe(404);
      const [left] = await app.get(DataSource).query(`SELECT COUNT(*) AS n FROM evaluation_results WHERE evaluation_id = '${created.id}'`);
      expect(Number(left.n)).toBe(0);
    }
  });

  describe('bad requests', () => {
    const valid = () => ({ evalSetId, connectionId, collection: COLLECTION });
    const expectError = async (body: unknown, status: number, text: string | RegExp) => {
      const response = await post('/api/evaluations', body);
      const payload = await json(response);
      expect(response.status, JSON.stringify(payload)).toBe(status);
      expect(payload.message).toMatch(text);
      return payload;
    };

    it('unknown eval set, connection or collection: 404', async () => {
      await expectError({ ...valid(), evalSetId: '00000000-0000-4000-8000-000000000000' }, 404, /eval set 00000000-.* does not exist/);
      await expectError({ ...valid(), connectionId: '00000000-0000-4000-8000-000000000000' }, 404, /connection 00000000-.* does not exist/);
      await expectError({ ...valid(), collection: 'no_such_collection' }, 404, /no_such_collection/);
      expect((await fetch(`${url}/api/evaluations/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      expect((await fetch(`${url}/api/evaluations/00000000-0000-4000-8000-000000000000/report`)).status).toBe(404);
    });

    it('a vector field that does not exist, or vectors of another dimension: 400', async () => {
      const body = await expectError({ ...valid(), vectorField: 'title_vec' }, 400, /no vector field "title_vec".*embedding/);
      expect(body.details).toMatchObject({ code: 'invalid', vectorField: 'title_vec' });
      const tiny = await json(
        await fetch(`${url}/api/evalsets`, {
          method: 'POST',
          body: form({ name: 'dim 4', format: 'jsonl' }, [{ field: 'file', filename: 'x.jsonl', content: '{"query": "q", "relevant_ids": ["1"], "query_vector": [1, 0, 0, 0]}\n' }]),
        }),
      );
      await expectError({ ...valid(), evalSetId: tiny.id }, 400, /dimension 4.*has 384/);
      const noVectors = await json(
        await fetch(`${url}/api/evalsets`, { method: 'POST', body: form({ name: 'no vectors', format: 'beir' }, cranfieldBeirParts(false)) }),
      );
      await expectError({ ...valid(), evalSetId: noVectors.id }, 400, /precomputed vectors for 0 of its 225 queries/);
    });

    it('k out of 1..1000, unknown properties, malformed ids: 400 with the fields', async () => {
      await expectError({ ...valid(), k: 0 }, 400, /k must not be less than 1/);
      let body = await expectError({ ...valid(), k: 1001, extra: true, collection: '' }, 400, /Invalid request/);
      expect(body.details.map((d: any) => d.field).sort()).toEqual(['collection', 'extra', 'k']);
      body = await expectError({ evalSetId: 'x', connectionId: 'y' }, 400, /Invalid request/);
      expect(body.details.map((d: any) => d.field).sort()).toEqual(['collection', 'connectionId', 'evalSetId']);
      body = await expectError({ ...valid(), embedder: { baseUrl: 'not a url', model: '' } }, 400, /Invalid request/);
      expect(body.details.map((d: any) => d.field).sort()).toEqual(['embedder.baseUrl', 'embedder.model']);
    });

    it('a report or compare of evaluations that cannot be compared: 400 / 409', async () => {
      const other = await json(
        await fetch(`${url}/api/evalsets`, { method: 'POST', body: form({ name: 'other', format: 'beir' }, cranfieldBeirParts()) }),
      );
      const created = await json(await post('/api/evaluations', { ...valid(), evalSetId: other.id, k: 5 }));
      expect((await waitFor(created.id)).status).toBe('succeeded');
      const response = await fetch(`${url}/api/evaluations/compare?a=${exactId}&b=${created.id}`);
      expect(response.status).toBe(400);
      expect((await json(response)).message).toContain('different eval sets');
    });
  });

  it('deleting an eval set deletes its evaluations', async () => {
    expect((await fetch(`${url}/api/evalsets/${evalSetId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${url}/api/evaluations/${exactId}`)).status).toBe(404);
    const [left] = await app.get(DataSource).query(`SELECT COUNT(*) AS n FROM evaluation_results WHERE evaluation_id = '${exactId}'`);
    expect(Number(left.n)).toBe(0);
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = await json(await fetch(`${url}/api/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/evaluations', '/api/evaluations/compare', '/api/evaluations/{id}', '/api/evaluations/{id}/report', '/api/evaluations/{id}/export']),
    );
    expect(doc.components.schemas.CreateEvaluationDto.properties.k).toMatchObject({ minimum: 1, maximum: 1000, default: 100 });
  });
});
