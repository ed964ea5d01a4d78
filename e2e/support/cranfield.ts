import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cranfieldDocuments, loadIntoMilvus, SHARED_DATA } from '../../apps/api/test/fixtures/milvus-datasets';

export const CRANFIELD = join(SHARED_DATA, 'cranfield');

/** Cranfield's 1,400 documents (MiniLM vectors, title + text as "text") in a Milvus collection. */
export async function loadCranfield(address: string, collection: string): Promise<Map<string, string>> {
  const docs = cranfieldDocuments();
  await loadIntoMilvus(address, collection, docs);
  return new Map(docs.ids.map((id, i) => [id, docs.texts[i]]));
}

export async function waitForMilvusLite(baseUrl: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const health = await (await fetch(`${baseUrl}/api/health`)).json();
    if (health.milvusLite?.status === 'ok' && health.milvusLite.address) return health.milvusLite.address as string;
    if (Date.now() > deadline) throw new Error(`Milvus Lite did not come up: ${JSON.stringify(health.milvusLite)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Imports Cranfield's BEIR queries + test qrels with the precomputed MiniLM query vectors. */
export async function importCranfieldEvalSet(baseUrl: string, name: string): Promise<{ id: string }> {
  const form = new FormData();
  form.set('name', name);
  form.set('format', 'beir');
  const file = (path: string, _filename: string) => new Blob([readFileSync(join(CRANFIELD, path))]);
  form.set('queries', file('queries.jsonl', 'queries.jsonl'), 'queries.jsonl');
  form.set('qrels', file('qrels/test.tsv', 'test.tsv'), 'test.tsv');
  form.set('vectors', file('embeddings/queries.f32', 'queries.f32'), 'queries.f32');
  form.set('vector_ids', file('embeddings/queries.ids', 'queries.ids'), 'queries.ids');
  const response = await fetch(`${baseUrl}/api/evalsets`, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`eval set import: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function runEvaluation(baseUrl: string, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${baseUrl}/api/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 202) throw new Error(`evaluation: ${response.status} ${await response.text()}`);
  const { id } = await response.json();
  const deadline = Date.now() + 120_000;
  for (;;) {
    const evaluation = await (await fetch(`${baseUrl}/api/evaluations/${id}`)).json();
    if (evaluation.status === 'succeeded') return id;
    if (['failed', 'cancelled'].includes(evaluation.status)) throw new Error(`evaluation ${evaluation.status}: ${evaluation.error}`);
    if (Date.now() > deadline) throw new Error('evaluation did not finish');
    await new Promise((r) => setTimeout(r, 500));
  }
}

function readQueries(): Array<{ id: string; text: string; vector: number[] }> {
  const texts = new Map(
    readFileSync(join(CRANFIELD, 'queries.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { _id: string; text: string })
      .map((q) => [q._id, q.text]),
  );
  const ids = readFileSync(join(CRANFIELD, 'embeddings/queries.ids'), 'utf8').split('\n').filter(Boolean);
  const bytes = new Uint8Array(readFileSync(join(CRANFIELD, 'embeddings/queries.f32')));
  const vectors = new Float32Array(bytes.buffer, 0, bytes.length / 4);
  const d = vectors.length / ids.length;
  return ids.map((id, i) => ({ id, text: texts.get(id) ?? '', vector: Array.from(vectors.subarray(i * d, (i + 1) * d)) }));
}

function qrels(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(join(CRANFIELD, 'qrels/test.tsv'), 'utf8').split('\n').slice(1)) {
    const [q, doc, grade] = line.split('\t');
    if (!q || Number(grade) <= 0) continue;
    out.set(q, [...(out.get(q) ?? []), doc]);
  }
  return out;
}

const anyValue = (value: unknown): unknown =>
  typeof value === 'string'
    ? { stringValue: value }
    : typeof value === 'number'
      ? Number.isInteger(value)
        ? { intValue: String(value) }
        : { doubleValue: value }
      : Array.isArray(value)
        ? { arrayValue: { values: value.map(anyValue) } }
        : { stringValue: String(value) };
const attrs = (values: Record<string, unknown>) => Object.entries(values).map(([key, value]) => ({ key, value: anyValue(value) }));

/**
 * Sends OpenInference traces for the first `count` Cranfield queries: a RETRIEVER span (query
 * text, the query's judged relevant documents as results) and an EMBEDDING span carrying the
 * query vector, which the api links to the retrieval event.
 */
export async function sendCranfieldTraces(baseUrl: string, collection: string, count: number): Promise<Array<{ traceId: string; spanId: string; text: string; docs: string[] }>> {
  const judged = qrels();
  const queries = readQueries().filter((q) => judged.has(q.id)).slice(0, count);
  const start = BigInt(Date.now()) * 1_000_000n;
  const sent: Array<{ traceId: string; spanId: string; text: string; docs: string[] }> = [];
  const spans = queries.flatMap((q, i) => {
    const traceId = (i + 1).toString(16).padStart(32, 'e');
    const spanId = (i + 1).toString(16).padStart(16, 'a');
    const docs = judged.get(q.id)!.slice(0, 5);
    sent.push({ traceId, spanId, text: q.text, docs });
    const time = (start + BigInt(i) * 1_000_000_000n).toString();
    const end = (start + BigInt(i) * 1_000_000_000n + 5_000_000n).toString();
    const retriever: Record<string, unknown> = { 'openinference.span.kind': 'RETRIEVER', 'input.value': q.text, 'ragscope.collection': collection };
    docs.forEach((doc, rank) => {
      retriever[`retrieval.documents.${rank}.document.id`] = doc;
      retriever[`retrieval.documents.${rank}.document.score`] = 0.9 - rank * 0.05;
    });
    return [
      { traceId, spanId, name: 'retrieve', kind: 1, startTimeUnixNano: time, endTimeUnixNano: end, attributes: attrs(retriever), status: { code: 1 } },
      {
        traceId,
        spanId: (i + 1).toString(16).padStart(16, 'b'),
        name: 'embed',
        kind: 1,
        startTimeUnixNano: time,
        endTimeUnixNano: end,
        attributes: attrs({ 'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'all-MiniLM-L6-v2', 'embedding.embeddings.0.embedding.text': q.text, 'embedding.embeddings.0.embedding.vector': q.vector }),
        status: { code: 1 },
      },
    ];
  });
  const body = { resourceSpans: [{ resource: { attributes: attrs({ 'service.name': 'cranfield-rag' }) }, scopeSpans: [{ scope: { name: 'e2e', version: '1' }, spans }] }] };
  const response = await fetch(`${baseUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`OTLP export: ${response.status} ${await response.text()}`);
  return sent;
}
