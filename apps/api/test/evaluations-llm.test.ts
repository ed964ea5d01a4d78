import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parseBeirQrels } from '@ragscope/retrieval';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startOpenAiStub, type OpenAiStub } from '../../../libs/retrieval/test/llm/support/openai-stub';
import { CRANFIELD, cranfieldBeirParts, DIM, dropCollection, form, readMatrix } from './evaluations-fixtures';
import { cranfieldDocuments, loadIntoMilvus } from './fixtures/milvus-datasets';
import { DRIVERS, finishedEvaluation, freshDatabase, json, startTestApp, type TestDatabase } from './support';

const COLLECTION = `cranfield_llm_${Math.random().toString(36).slice(2, 8)}`;
const QRELS = parseBeirQrels(readFileSync(join(CRANFIELD, 'qrels', 'test.tsv')));
const TOP_N = 3;

const docs = cranfieldDocuments();
const queries = readMatrix(CRANFIELD, 'queries');
const queryTexts = new Map(
  readFileSync(join(CRANFIELD, 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { _id: string; text: string })
    .map((q) => [q._id, q.text]),
);
const vectorOfText = new Map([...queryTexts].map(([id, text]) => [text, Array.from(queries.vectors.subarray(queries.ids.indexOf(id) * DIM, (queries.ids.indexOf(id) + 1) * DIM))]));
const docIdOfText = new Map(docs.ids.map((id, i) => [docs.texts[i], id]));
const queryIdOfText = new Map([...queryTexts].map(([id, text]) => [text, id]));

/** The stub judge grades a passage by the qrels (capped at 3), so the expected context relevance follows from the run. */
function stubGrade(query: string, passage: string): number {
  const grade = QRELS.get(queryIdOfText.get(query)!)?.get(docIdOfText.get(passage)!) ?? 0;
  return Math.min(3, Math.max(0, grade));
}

let stub: OpenAiStub;
beforeAll(async () => {
  await loadIntoMilvus(inject('milvusAddress'), COLLECTION, docs);
  stub = await startOpenAiStub({
    // the "model" hands back the precomputed MiniLM vector of each query text
    embeddings: (texts) => texts.map((text) => vectorOfText.get(text)!),
    chat: (messages) => {
      const user = messages.find((m) => m.role === 'user')!.content;
      const [, query, passage] = /^Query:\n([\s\S]*?)\n\nPassage:\n([\s\S]*)$/.exec(user)!;
      return JSON.stringify({ grade: stubGrade(query, passage), reason: 'from the qrels' });
    },
  });
});
afterAll(async () => {
  await stub?.close();
  await dropCollection(inject('milvusAddress'), COLLECTION).catch(() => undefined);
});

describe.each(DRIVERS)('evaluations with an embedder and an LLM judge on %s', (driver) => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let connectionId: string;
  let evalSetId: string;

  const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const waitFor = (id: string) => finishedEvaluation(url, id, 1200);

  beforeAll(async () => {
    db = await freshDatabase(driver);
    ({ app, url } = await startTestApp(db.env));
    connectionId = (await json(await post('/api/connections', { name: 'lite', kind: 'milvus', url: inject('milvusAddress') }))).id;
    // no precomputed vectors: the embedder provides them
    evalSetId = (await json(await fetch(`${url}/api/evalsets`, { method: 'POST', body: form({ name: 'cranfield text only', format: 'beir' }, cranfieldBeirParts(false)) }))).id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('embeds the query texts, searches, judges the top passages and reports context relevance; API keys are never stored', async () => {
    const before = stub.requests.length;
    const response = await post('/api/evaluations', {
      evalSetId,
      connectionId,
      collection: COLLECTION,
      k: 1000,
      embedder: { baseUrl: stub.baseUrl, model: 'minilm-stub', apiKey: 'sk-embed-secret-1' },
      judge: { baseUrl: stub.baseUrl, model: 'judge-stub', apiKey: 'sk-judge-secret-2', topN: TOP_N },
    });
    const created = await json(response);
    expect(response.status, JSON.stringify(created)).toBe(202);
    expect(created.params).toMatchObject({ embedder: { model: 'minilm-stub' }, judge: { model: 'judge-stub', topN: TOP_N, textField: 'text' } });
    expect(JSON.stringify(created)).not.toContain('secret');

    const done = await waitFor(created.id);
    expect(done.status, done.error).toBe('succeeded');
    expect(JSON.stringify(done)).not.toContain('secret');
    const calls = stub.requests.slice(before);
    expect(calls.find((r) => r.path === '/v1/embeddings')!.headers.authorization).toBe('Bearer sk-embed-secret-1');
    expect(calls.find((r) => r.path === '/v1/chat/completions')!.headers.authorization).toBe('Bearer sk-judge-secret-2');
    expect(calls.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(225 * TOP_N);

    const report = await json(await fetch(`${url}/api/evaluations/${created.id}/report`));
    // the embedded vectors are the precomputed ones, so exact search gives the README's numbers again
    expect(report.measures.find((m: any) => m.name === 'ndcg_cut_10').value).toBeCloseTo(0.3817, 4);
    expect(report.measures.find((m: any) => m.name === 'map').value).toBeCloseTo(0.3272, 4);

    // context relevance: mean over queries of (mean grade of the top 3) / 3, from the run itself
    const rows = new Map(report.perQuery.map((r: any) => [r.queryId, r]));
    expect(rows.size).toBe(225);
    const run = (await (await fetch(`${url}/api/evaluations/${created.id}/export?format=trec`)).text()).split('\n').filter(Boolean).map((l) => l.split(' '));
    let sum = 0;
    for (const qid of queryTexts.keys()) {
      const top = run.filter((f) => f[0] === qid && Number(f[3]) <= TOP_N).map((f) => f[2]);
      const perQuery = top.reduce((acc, docid) => acc + Math.min(3, QRELS.get(qid)!.get(docid) ?? 0), 0) / top.length / 3;
      expect(report.judge.perQuery[qid].contextRelevance).toBeCloseTo(perQuery, 12);
      sum += perQuery;
    }
    expect(report.judge).toMatchObject({ model: 'judge-stub', topN: TOP_N, judged: 225 * TOP_N, missing: 0 });
    expect(report.judge.contextRelevance).toBeCloseTo(sum / 225, 12);
    expect(report.judge.contextRelevanceCi.lower).toBeLessThan(report.judge.contextRelevance);
    expect(report.judge.measures.map((m: any) => m.name)).toEqual(['P_5', 'P_10', 'recip_rank', 'ndcg_cut_10']);
    expect(done.summary.contextRelevance).toBeCloseTo(sum / 225, 12);

    const html = await (await fetch(`${url}/api/evaluations/${created.id}/export?format=html`)).text();
    expect(html).toContain('LLM judge');
    expect(html).toContain('judge-stub');
  });

  it('refuses embedder and judge settings that cannot work: 400', async () => {
    let response = await post('/api/evaluations', { evalSetId, connectionId, collection: COLLECTION });
    expect(response.status).toBe(400);
    expect((await json(response)).message).toContain('precomputed vectors for 0 of its 225 queries');
    response = await post('/api/evaluations', { evalSetId, connectionId, collection: COLLECTION, embedder: { baseUrl: stub.baseUrl, model: 'm', dimensions: 768 } });
    expect(response.status).toBe(400);
    expect((await json(response)).message).toContain('embedder.dimensions is 768');
    response = await post('/api/evaluations', {
      evalSetId,
      connectionId,
      collection: COLLECTION,
      embedder: { baseUrl: stub.baseUrl, model: 'm' },
      judge: { baseUrl: stub.baseUrl, model: 'j', textField: 'summary' },
    });
    expect(response.status).toBe(400);
    expect((await json(response)).message).toContain('no payload field "summary"');
    response = await post('/api/evaluations', { evalSetId, connectionId, collection: COLLECTION, judge: { baseUrl: 'ftp://x', model: 'j' } });
    expect(response.status).toBe(400);
  });

  it('fails the job with the endpoint’s error when the embedder cannot be reached', async () => {
    const created = await json(await post('/api/evaluations', { evalSetId, connectionId, collection: COLLECTION, embedder: { baseUrl: 'http://127.0.0.1:1/v1', model: 'm' } }));
    const done = await waitFor(created.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/cannot connect|unreachable|127\.0\.0\.1:1/);
  });
});
