import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readIrDataset } from '@ragscope/retrieval';
import { RagscopeClient } from './api-client';
import { DEMO_CONNECTION_NAME, DEMO_DATA_MISSING, DEMO_DATASETS, DEMO_K, demoDataRoot, type DemoDataset, type DemoDatasetName } from './demo-datasets';
import { loadDocuments } from './load-collection';
import { replayQueriesAsSpans } from './replay-spans';

export interface DemoOptions {
  /** base URL of the running ragscope, e.g. http://127.0.0.1:8700 */
  url: string;
  dataset?: DemoDatasetName;
  /** folder holding vaswani/ and cranfield/; default: demoDataRoot() */
  dataRoot?: string;
  /** Milvus address to load into; default: the embedded Milvus Lite the instance reports */
  milvusAddress?: string;
  /** drop the demo collection and everything made from it first */
  reset?: boolean;
  onProgress?: (stage: string, fraction: number) => void;
  signal?: AbortSignal;
}

export interface DemoResult {
  dataset: DemoDatasetName;
  collection: string;
  loaded: { inserted: number; total: number };
  connectionId: string;
  projectionId: string;
  evalSetId: string;
  evaluationId: string;
  eventsSent: number;
  /** what was already there and left alone */
  reused: string[];
}

interface Named {
  id: string;
  name: string;
}
interface ProjectionRow {
  id: string;
  connectionId: string;
  collection: string;
  status: string;
}
interface EvaluationRow {
  id: string;
  evalSetId: string;
  collection: string;
  k: number;
  status: string;
}

const ALIVE = new Set(['queued', 'running', 'succeeded']);

/**
 * Makes a running ragscope show a real map, real queries and a real report: loads the dataset
 * into Milvus (resumable), then creates through the public API whatever is missing — the demo
 * connection, a projection, the eval set with its query vectors, an evaluation at k = 100 — and
 * replays the queries as OTLP retrieval spans. A second run finds everything and does nothing.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const spec = DEMO_DATASETS[options.dataset ?? 'vaswani'];
  const root = options.dataRoot ?? demoDataRoot();
  if (!root) throw new Error(DEMO_DATA_MISSING);
  const progress = options.onProgress ?? (() => undefined);
  const client = new RagscopeClient(options.url);
  const reused: string[] = [];

  progress('reading the demo data', 0);
  const dataset = readIrDataset(join(root, spec.name));
  const milvusAddress = options.milvusAddress ?? (await embeddedMilvus(client));
  if (options.reset) await resetDemo(client, spec);

  const loaded = await loadDocuments(milvusAddress, spec.collection, dataset, (done, total) => progress('loading documents into Milvus Lite', (0.6 * done) / total), options.signal);
  if (loaded.inserted === 0) reused.push(`collection ${spec.collection}`);

  progress('connecting', 0.6);
  const connections = await client.get<Array<Named & { url: string }>>('/api/connections');
  const existing = connections.find((c) => c.name === DEMO_CONNECTION_NAME);
  let connection: Named | undefined = existing;
  if (existing && existing.url !== milvusAddress) {
    // the embedded Milvus Lite came back on another port (RAGSCOPE_MILVUS_LITE_PORT=0)
    connection = await client.request<Named>(`/api/connections/${existing.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: milvusAddress }),
    });
  } else if (existing) reused.push('connection');
  else connection = await client.post<Named>('/api/connections', { name: DEMO_CONNECTION_NAME, kind: 'milvus', url: milvusAddress });
  const connectionId = connection!.id;

  progress('starting the map', 0.65);
  const projections = await client.get<ProjectionRow[]>('/api/projections');
  let projection = projections.find((p) => p.connectionId === connectionId && p.collection === spec.collection && ALIVE.has(p.status));
  if (projection) reused.push('projection');
  else projection = await client.post<ProjectionRow>('/api/projections', { connectionId, collection: spec.collection });

  progress('importing the eval set', 0.7);
  const evalSet = await ensureEvalSet(client, spec, join(root, spec.name), reused);

  progress('starting the evaluation', 0.75);
  const evaluations = await client.get<EvaluationRow[]>('/api/evaluations');
  let evaluation = evaluations.find((e) => e.evalSetId === evalSet.id && e.collection === spec.collection && e.k === DEMO_K && ALIVE.has(e.status));
  if (evaluation) reused.push('evaluation');
  else evaluation = await client.post<EvaluationRow>('/api/evaluations', { evalSetId: evalSet.id, connectionId, collection: spec.collection, k: DEMO_K, name: `${spec.title} @${DEMO_K}` });

  progress('replaying queries as OTLP spans', 0.8);
  const events = await client.get<{ items: unknown[] }>(`/api/events?collection=${encodeURIComponent(spec.collection)}&limit=1`);
  let eventsSent = 0;
  if (events.items.length) reused.push('retrieval events');
  else eventsSent = await replayQueriesAsSpans(client, milvusAddress, spec.collection, dataset);

  progress('done', 1);
  return {
    dataset: spec.name,
    collection: spec.collection,
    loaded: { inserted: loaded.inserted, total: loaded.total },
    connectionId,
    projectionId: projection.id,
    evalSetId: evalSet.id,
    evaluationId: evaluation.id,
    eventsSent,
    reused,
  };
}

async function embeddedMilvus(client: RagscopeClient): Promise<string> {
  const health = await client.get<{ milvusLite?: { status: string; address?: string; error?: string } }>('/api/health');
  const lite = health.milvusLite;
  if (lite?.status !== 'ok' || !lite.address) {
    throw new Error(`the instance's embedded Milvus Lite is ${lite?.status ?? 'absent'}${lite?.error ? ` (${lite.error})` : ''}: pass a Milvus address to load the demo into`);
  }
  return lite.address;
}

async function ensureEvalSet(client: RagscopeClient, spec: DemoDataset, dir: string, reused: string[]): Promise<Named> {
  const existing = (await client.get<Named[]>('/api/evalsets')).find((e) => e.name === spec.evalSet.name);
  if (existing) {
    reused.push('eval set');
    return existing;
  }
  const form = new FormData();
  form.set('name', spec.evalSet.name);
  form.set('format', spec.evalSet.format);
  for (const [field, file] of Object.entries(spec.evalSet.files)) form.set(field, new Blob([readFileSync(join(dir, file))]), file);
  form.set('vectors', new Blob([readFileSync(join(dir, 'embeddings/queries.f32'))]), 'queries.f32');
  form.set('vector_ids', new Blob([readFileSync(join(dir, 'embeddings/queries.ids'))]), 'queries.ids');
  return client.postForm<Named>('/api/evalsets', form);
}

/** Removes what an earlier demo made from this dataset (evaluations go with their eval set). */
async function resetDemo(client: RagscopeClient, spec: DemoDataset): Promise<void> {
  const evalSet = (await client.get<Named[]>('/api/evalsets')).find((e) => e.name === spec.evalSet.name);
  if (evalSet) await client.delete(`/api/evalsets/${evalSet.id}`);
  for (const projection of await client.get<ProjectionRow[]>('/api/projections')) {
    if (projection.collection === spec.collection) {
      await client.delete(`/api/projections/${projection.id}`);
      await client.delete(`/api/projections/${projection.id}`).catch(() => undefined);
    }
  }
}

