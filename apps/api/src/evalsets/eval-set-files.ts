import {
  EvalSetFormatError,
  parseBeirCorpus,
  parseBeirQrels,
  parseBeirQueries,
  parseEvalSetCsv,
  parseEvalSetJsonl,
  parseQueryVectors,
  parseTrecQrels,
  parseTrecTopics,
  type EvalQuery,
  type FormatProblem,
  type Qrels,
  type QueryVectors,
} from '@ragscope/retrieval';
import type { EvalSetFormat } from './eval-set.entity';

/** What multer hands over for one uploaded file (memory storage). */
export interface UploadedFile {
  fieldname: string;
  originalname: string;
  size: number;
  buffer: Buffer;
}

/** The multipart file fields an upload may carry, by role. */
export const FILE_FIELDS = ['queries', 'qrels', 'corpus', 'topics', 'file', 'vectors', 'vector_ids'] as const;
export type FileField = (typeof FILE_FIELDS)[number];
export type UploadedFiles = Partial<Record<FileField, UploadedFile>>;

/** Which file fields each format needs and allows (vectors + vector_ids are allowed with every format). */
export const FORMAT_FILES: Record<EvalSetFormat, { required: FileField[]; optional: FileField[] }> = {
  beir: { required: ['queries', 'qrels'], optional: ['corpus'] },
  trec: { required: ['topics', 'qrels'], optional: [] },
  jsonl: { required: ['file'], optional: [] },
  csv: { required: ['file'], optional: [] },
};

export interface FileProblems {
  /** the form field */
  file: string;
  /** the uploaded file's name */
  filename?: string;
  problems: FormatProblem[];
  truncated?: boolean;
}

/** Everything wrong with an upload, file by file; nothing of it is stored. */
export class UploadProblems extends Error {
  constructor(readonly files: FileProblems[]) {
    super(
      files
        .map((f) => `${f.file}${f.filename ? ` (${f.filename})` : ''}: ${f.problems.slice(0, 3).map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.message}`).join('; ')}${f.problems.length > 3 ? `; … ${f.problems.length - 3} more` : ''}`)
        .join(' | '),
    );
  }
}

export interface ParsedEvalSet {
  queries: EvalQuery[];
  qrels: Qrels;
  /** Vectors attached from vectors + vector_ids, by query id (inline query_vector values are on the queries). */
  dimension: number | null;
  corpusCount?: number;
  /** Ids in the vector ids file that name no query of the set (e.g. unjudged queries). */
  unmatchedVectorIds: number;
}

/**
 * Reads an uploaded eval set with the retrieval library's readers. Every file is read even when an
 * earlier one fails, so one answer lists every problem with its line number.
 */
export function parseUpload(format: EvalSetFormat, files: UploadedFiles): ParsedEvalSet {
  const problems: FileProblems[] = [];
  const spec = FORMAT_FILES[format];
  const allowed = new Set<FileField>([...spec.required, ...spec.optional, 'vectors', 'vector_ids']);
  for (const field of FILE_FIELDS) {
    if (files[field] && !allowed.has(field)) problems.push({ file: field, filename: files[field]!.originalname, problems: [{ line: 0, message: `format "${format}" takes no "${field}" file (it takes ${[...allowed].join(', ')})` }] });
  }
  for (const field of spec.required) {
    if (!files[field]) problems.push({ file: field, problems: [{ line: 0, message: `format "${format}" needs a "${field}" file` }] });
  }
  if (Boolean(files.vectors) !== Boolean(files.vector_ids)) {
    const missing = files.vectors ? 'vector_ids' : 'vectors';
    problems.push({ file: missing, problems: [{ line: 0, message: 'query vectors come as two files: "vectors" (raw float32) and "vector_ids" (one query id per line)' }] });
  }
  if (problems.length) throw new UploadProblems(problems);

  const read = <T>(field: FileField, parse: (bytes: Buffer, source: string) => T): T | undefined => {
    const file = files[field];
    if (!file) return undefined;
    try {
      return parse(file.buffer, file.originalname || field);
    } catch (error) {
      if (!(error instanceof EvalSetFormatError)) throw error;
      problems.push({ file: field, filename: file.originalname, problems: byLine(error.problems), ...(error.truncated ? { truncated: true } : {}) });
      return undefined;
    }
  };

  let queries: EvalQuery[] | undefined;
  let qrels: Qrels | undefined;
  let corpusCount: number | undefined;
  let queriesField: FileField = 'file';
  switch (format) {
    case 'beir': {
      queriesField = 'queries';
      queries = read('queries', (b, source) => parseBeirQueries(b, { source }));
      qrels = read('qrels', (b, source) => parseBeirQrels(b, { source }));
      corpusCount = read('corpus', (b, source) => parseBeirCorpus(b, { source }).length);
      break;
    }
    case 'trec': {
      queriesField = 'topics';
      queries = read('topics', (b, source) => parseTrecTopics(b, { source }));
      qrels = read('qrels', (b, source) => parseTrecQrels(b, { source }));
      break;
    }
    case 'jsonl':
    case 'csv': {
      const set = read('file', (b, source) => (format === 'csv' ? parseEvalSetCsv(b, { source }) : parseEvalSetJsonl(b, { source })));
      queries = set?.queries;
      qrels = set?.qrels;
      break;
    }
  }
  const vectors = files.vectors && files.vector_ids ? readVectors(files.vectors, files.vector_ids, problems) : undefined;
  if (problems.length || !queries || !qrels) throw new UploadProblems(problems);

  // judgments for a query the query file does not define are an error; unjudged queries are dropped
  const known = new Set(queries.map((q) => q.id));
  const unknown = [...qrels.keys()].filter((qid) => !known.has(qid));
  if (unknown.length) {
    throw new UploadProblems([
      {
        file: 'qrels',
        filename: files.qrels?.originalname,
        problems: [{ line: 0, message: `judgments for queries the ${queriesField} file does not define: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? `, … (${unknown.length} in all)` : ''}` }],
      },
    ]);
  }
  const judged = queries.filter((q) => qrels.has(q.id));
  const inlineDimension = judged.find((q) => q.vector)?.vector?.length ?? null;
  const attached = vectors ? attachVectors(judged, vectors) : { dimension: inlineDimension, unmatched: 0 };
  return { queries: judged, qrels, dimension: attached.dimension, ...(corpusCount !== undefined ? { corpusCount } : {}), unmatchedVectorIds: attached.unmatched };
}

/** Puts each vector on the query of its id (replacing any inline one); ids of no query are counted, not errors. */
export function attachVectors(queries: EvalQuery[], vectors: QueryVectors): { dimension: number; unmatched: number } {
  const row = new Map(vectors.ids.map((id, i) => [id, i]));
  let matched = 0;
  for (const query of queries) {
    const i = row.get(query.id);
    if (i === undefined) {
      delete query.vector;
      continue;
    }
    query.vector = vectors.vectors.slice(i * vectors.dimension, (i + 1) * vectors.dimension);
    matched++;
  }
  if (matched === 0) {
    throw new UploadProblems([
      { file: 'vector_ids', problems: [{ line: 0, message: `none of the ${vectors.ids.length} ids names a query of this eval set (first ids: ${vectors.ids.slice(0, 3).join(', ')}; query ids: ${queries.slice(0, 3).map((q) => q.id).join(', ')})` }] },
    ]);
  }
  const queryIds = new Set(queries.map((q) => q.id));
  return { dimension: vectors.dimension, unmatched: vectors.ids.filter((id) => !queryIds.has(id)).length };
}

/** parseQueryVectors with its problems filed under the file they concern. */
export function readVectors(vectors: UploadedFile, ids: UploadedFile, problems: FileProblems[]): QueryVectors | undefined {
  const idsSource = `vector_ids:${ids.originalname}`;
  try {
    return parseQueryVectors(vectors.buffer, ids.buffer, { vectorsSource: vectors.originalname, idsSource });
  } catch (error) {
    if (!(error instanceof EvalSetFormatError)) throw error;
    const [file, filename] = error.source === idsSource ? ['vector_ids', ids.originalname] : ['vectors', vectors.originalname];
    problems.push({ file, filename, problems: byLine(error.problems), ...(error.truncated ? { truncated: true } : {}) });
    return undefined;
  }
}

/** Problems in line order (readers find some in a first pass, e.g. bad JSON, and others later). */
function byLine(problems: readonly FormatProblem[]): FormatProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}
