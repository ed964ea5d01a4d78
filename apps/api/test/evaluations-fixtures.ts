import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';

import { SHARED_DATA } from './fixtures/milvus-datasets';

export const CRANFIELD = join(SHARED_DATA, 'cranfield');
export const VASWANI = join(SHARED_DATA, 'vaswani');
export const DIM = 384;

export interface UploadPart {
  field: string;
  /** file content, or a path to read */
  content?: string | Uint8Array;
  path?: string;
  filename?: string;
}

/** A multipart body: text fields, then files (as a browser would send them). */
export function form(fields: Record<string, string>, files: UploadPart[]): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const part of files) {
    const content = part.path ? readFileSync(part.path) : typeof part.content === 'string' ? Buffer.from(part.content) : Buffer.from(part.content!);
    const filename = part.filename ?? (part.path ? part.path.split('/').pop()! : `${part.field}.txt`);
    body.append(part.field, new Blob([content]), filename);
  }
  return body;
}

export function cranfieldBeirParts(withVectors = true): UploadPart[] {
  return [
    { field: 'queries', path: join(CRANFIELD, 'queries.jsonl') },
    { field: 'qrels', path: join(CRANFIELD, 'qrels', 'test.tsv') },
    ...(withVectors
      ? [
          { field: 'vectors', path: join(CRANFIELD, 'embeddings', 'queries.f32') },
          { field: 'vector_ids', path: join(CRANFIELD, 'embeddings', 'queries.ids') },
        ]
      : []),
  ];
}

/** Row-major float32 matrix and its ids, as stored in the shared embeddings folders. */
export function readMatrix(dir: string, name: 'docs' | 'queries'): { ids: string[]; vectors: Float32Array } {
  const bytes = readFileSync(join(dir, 'embeddings', `${name}.f32`));
  const vectors = new Float32Array(new Uint8Array(bytes).buffer);
  const ids = readFileSync(join(dir, 'embeddings', `${name}.ids`), 'utf8').split('\n').filter(Boolean);
  return { ids, vectors };
}

export async function dropCollection(address: string, collection: string): Promise<void> {
  const client = new MilvusClient({ address, logLevel: 'warn' });
  try {
    await client.dropCollection({ collection_name: collection });
  } finally {
    await client.closeConnection();
  }
}
