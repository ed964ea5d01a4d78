import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type DemoDatasetName = 'vaswani' | 'cranfield';

export interface DemoDataset {
  name: DemoDatasetName;
  title: string;
  /** Milvus collection the documents are loaded into */
  collection: string;
  /** how ragscope's eval-set upload reads the queries and qrels */
  evalSet: { name: string; format: 'trec' | 'beir'; files: Record<string, string> };
  /** documents, for the loader's progress and the checks after a load */
  documentCount: number;
}

export const DEMO_CONNECTION_NAME = 'demo (Milvus Lite)';
export const DEMO_K = 100;

export const DEMO_DATASETS: Record<DemoDatasetName, DemoDataset> = {
  vaswani: {
    name: 'vaswani',
    title: 'Vaswani (NPL) physics abstracts',
    collection: 'demo_vaswani',
    evalSet: { name: 'Vaswani (demo)', format: 'trec', files: { topics: 'query-text.trec', qrels: 'qrels' } },
    documentCount: 11_429,
  },
  cranfield: {
    name: 'cranfield',
    title: 'Cranfield 1400 aerodynamics abstracts',
    collection: 'demo_cranfield',
    evalSet: { name: 'Cranfield (demo)', format: 'beir', files: { queries: 'queries.jsonl', qrels: 'qrels/test.tsv' } },
    documentCount: 1_400,
  },
};

/**
 * Where the demo collections live: RAGSCOPE_DEMO_DATA, else the shared/data folder beside the
 * checkout (how this project's machines lay them out). Undefined when neither exists.
 */
export function demoDataRoot(env: NodeJS.ProcessEnv = process.env, checkout = resolve(__dirname, '..', '..', '..')): string | undefined {
  const candidates = [env.RAGSCOPE_DEMO_DATA, join(checkout, '..', 'shared', 'data')].filter((p): p is string => Boolean(p));
  return candidates.map((p) => resolve(p)).find((p) => existsSync(join(p, 'vaswani', 'embeddings', 'docs.f32')) || existsSync(join(p, 'cranfield', 'embeddings', 'docs.f32')));
}

/** The one line to print when the demo data cannot be found. */
export const DEMO_DATA_MISSING =
  'demo data not found: set RAGSCOPE_DEMO_DATA to a folder holding vaswani/ (doc-text.trec, query-text.trec, qrels, embeddings/{docs,queries}.{f32,ids}), or RAGSCOPE_DEMO=0 to skip the demo';
