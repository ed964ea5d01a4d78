import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseBeirCorpus } from '../evalsets/beir';
import { readEvalSet } from '../evalsets/directory';
import type { EvalSet } from '../evalsets/types';
import { parseTrecDocuments, type CorpusText } from './trec-documents';

export interface EmbeddingMatrix {
  ids: string[];
  /** ids.length × dimension, row-major */
  vectors: Float32Array;
  dimension: number;
}

/** A test collection on disk with precomputed embeddings (the layout of shared/data/vaswani and cranfield). */
export interface IrDataset {
  name: string;
  documents: CorpusText[];
  evalSet: EvalSet;
  docEmbeddings: EmbeddingMatrix;
  queryEmbeddings: EmbeddingMatrix;
}

/**
 * Reads a TREC directory (doc-text.trec, query-text.trec, qrels) or a BEIR directory
 * (corpus.jsonl, queries.jsonl, qrels/test.tsv), each with `embeddings/{docs,queries}.{f32,ids}`.
 */
export function readIrDataset(dir: string): IrDataset {
  const evalSet = readEvalSet(dir);
  const docEmbeddings = readEmbeddings(join(dir, 'embeddings'), 'docs');
  const queryEmbeddings = readEmbeddings(join(dir, 'embeddings'), 'queries');
  const documents = existsSync(join(dir, 'corpus.jsonl'))
    ? parseBeirCorpus(readFileSync(join(dir, 'corpus.jsonl')), { source: join(dir, 'corpus.jsonl') }).map((d) => ({ id: d.id, text: [d.title, d.text].filter(Boolean).join(' ') }))
    : parseTrecDocuments(readFileSync(join(dir, 'doc-text.trec')), { source: join(dir, 'doc-text.trec') });
  if (documents.length !== docEmbeddings.ids.length) {
    throw new Error(`${dir}: ${documents.length} documents but ${docEmbeddings.ids.length} document vectors`);
  }
  return { name: basename(dir), documents, evalSet, docEmbeddings, queryEmbeddings };
}

/** `<name>.f32` (raw little-endian float32, row-major) with `<name>.ids` (one id a line). */
export function readEmbeddings(dir: string, name: string): EmbeddingMatrix {
  const ids = readFileSync(join(dir, `${name}.ids`), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
  const bytes = new Uint8Array(readFileSync(join(dir, `${name}.f32`)));
  if (bytes.length % (4 * ids.length) !== 0) {
    throw new Error(`${join(dir, `${name}.f32`)} holds ${bytes.length} bytes, not a whole number of float32 rows for ${ids.length} ids`);
  }
  const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  return { ids, vectors, dimension: vectors.length / ids.length };
}
