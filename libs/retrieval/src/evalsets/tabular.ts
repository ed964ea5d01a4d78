import { parse } from 'csv-parse/sync';
import type { Qrels } from '../metrics/types';
import { ProblemCollector, toText, type ParseOptions } from './errors';
import { idOf, jsonRecords } from './beir';
import type { EvalSet } from './types';

/** A row of a flat eval set before validation: JSONL objects and CSV rows are read into this shape. */
interface RawRow {
  line: number;
  id: unknown;
  query: unknown;
  relevantIds: unknown;
  grades: unknown;
  vector: unknown;
}

/**
 * JSON Lines eval set: one `{"query": "…", "relevant_ids": ["d1", …], "grades"?: [2, …],
 * "query_vector"?: [0.1, …], "id"?: "q1"}` per line. Without `id`, a query is named by its
 * 1-based position. Grades default to 1.
 */
export function parseEvalSetJsonl(input: string | Uint8Array, options: ParseOptions = {}): EvalSet {
  const problems = ProblemCollector.for(options, 'eval set (jsonl)');
  const rows: RawRow[] = [];
  for (const { line, record } of jsonRecords(input, problems)) {
    rows.push({ line, id: record.id, query: record.query, relevantIds: record.relevant_ids, grades: record.grades, vector: record.query_vector });
  }
  return buildEvalSet(rows, problems);
}

/**
 * CSV eval set with a header naming `query` and `relevant_ids` (and optionally `id`, `grades`,
 * `query_vector`). List cells hold a JSON array or values separated by `;` or `|`; a vector cell
 * may also separate its numbers with spaces.
 */
export function parseEvalSetCsv(input: string | Uint8Array, options: ParseOptions = {}): EvalSet {
  const problems = ProblemCollector.for(options, 'eval set (csv)');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(toText(input), { info: true, relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const lines = (error as { lines?: number }).lines ?? 0;
    problems.add(lines, `CSV syntax: ${(error as Error).message}`);
    problems.throwIfAny();
    return { queries: [], qrels: new Map() };
  }
  if (records.length === 0) {
    problems.add(0, 'file is empty; expected a header with at least "query" and "relevant_ids"');
    problems.throwIfAny();
  }
  const header = records[0].record;
  const column = (name: string) => header.indexOf(name);
  for (const required of ['query', 'relevant_ids']) if (column(required) < 0) problems.add(records[0].info.lines, `missing column "${required}"`);
  problems.throwIfAny();
  const rows: RawRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      problems.add(info.lines, `expected ${header.length} columns as in the header, found ${record.length}`);
      continue;
    }
    const cell = (name: string) => (column(name) >= 0 && record[column(name)] !== '' ? record[column(name)] : undefined);
    rows.push({
      line: info.lines,
      id: cell('id'),
      query: cell('query'),
      relevantIds: listCell(cell('relevant_ids'), /[;|]/),
      grades: numberList(listCell(cell('grades'), /[;|]/)),
      vector: numberList(listCell(cell('query_vector'), /[;|\s]+/)),
    });
  }
  return buildEvalSet(rows, problems);
}

function listCell(cell: string | undefined, separator: RegExp): unknown {
  if (cell === undefined) return undefined;
  if (cell.startsWith('[')) {
    try {
      return JSON.parse(cell);
    } catch {
      return cell;
    }
  }
  return cell.split(separator).map((part) => part.trim()).filter((part) => part !== '');
}

function numberList(value: unknown): unknown {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v)) : value;
}

function buildEvalSet(rows: readonly RawRow[], problems: ProblemCollector): EvalSet {
  const queries: EvalSet['queries'] = [];
  const qrels: Qrels = new Map();
  const seen = new Map<string, number>();
  let dimension: { size: number; line: number } | undefined;
  rows.forEach((row, index) => {
    const before = problems.problems.length;
    const id = row.id === undefined ? String(index + 1) : idOf(row.id);
    if (id === undefined) problems.add(row.line, '"id" must be a non-empty string or an integer');
    if (typeof row.query !== 'string' || row.query.trim() === '') problems.add(row.line, '"query" must be a non-empty string');
    const relevant = row.relevantIds;
    if (!Array.isArray(relevant) || relevant.length === 0) problems.add(row.line, '"relevant_ids" must be a non-empty list of document ids');
    const ids = Array.isArray(relevant) ? relevant.map(idOf) : [];
    ids.forEach((docid, i) => {
      if (docid === undefined) problems.add(row.line, `relevant_ids[${i}] is not a document id`);
      else if (ids.indexOf(docid) !== i) problems.add(row.line, `relevant_ids lists document ${docid} twice`);
    });
    let grades: number[] | undefined;
    if (row.grades !== undefined) {
      if (!Array.isArray(row.grades) || row.grades.some((g) => !Number.isInteger(g) || g < 0)) {
        problems.add(row.line, '"grades" must be a list of non-negative integers');
      } else if (row.grades.length !== ids.length) {
        problems.add(row.line, `"grades" has ${row.grades.length} entries but "relevant_ids" has ${ids.length}`);
      } else grades = row.grades as number[];
    }
    let vector: Float32Array | undefined;
    if (row.vector !== undefined) {
      if (!Array.isArray(row.vector) || row.vector.length === 0 || row.vector.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        problems.add(row.line, '"query_vector" must be a non-empty list of finite numbers');
      } else if (dimension && row.vector.length !== dimension.size) {
        problems.add(row.line, `query_vector has dimension ${row.vector.length}, expected ${dimension.size} (as on line ${dimension.line})`);
      } else {
        dimension ??= { size: row.vector.length, line: row.line };
        vector = Float32Array.from(row.vector as number[]);
      }
    }
    if (id !== undefined && seen.has(id)) problems.add(row.line, `duplicate query id ${id} (first on line ${seen.get(id)})`);
    if (problems.problems.length > before || problems.full || id === undefined) return;
    seen.set(id, row.line);
    queries.push(vector ? { id, text: row.query as string, vector } : { id, text: row.query as string });
    qrels.set(id, new Map(ids.map((docid, i) => [docid!, grades ? grades[i] : 1])));
  });
  if (rows.length === 0 && problems.problems.length === 0) problems.add(0, 'no queries found (empty file?)');
  problems.throwIfAny();
  return { queries, qrels };
}
