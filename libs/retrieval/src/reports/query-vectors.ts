import { EvalSetFormatError, type FormatProblem } from '../evalsets/errors';

export interface QueryVectors {
  /** Query ids in file order; row i of `vectors` belongs to ids[i]. */
  ids: string[];
  /** ids.length × dimension, row-major. */
  vectors: Float32Array;
  dimension: number;
}

/**
 * Precomputed query vectors as raw little-endian float32 rows (`queries.f32`, no header) with an ids
 * file naming row i on line i (`queries.ids`), the layout of the shared embeddings. The dimension is
 * the byte length divided by 4 × the number of ids; every value must be finite and every id unique.
 */
export function parseQueryVectors(
  f32: Uint8Array,
  idsText: string | Uint8Array,
  options: { vectorsSource?: string; idsSource?: string; dimension?: number } = {},
): QueryVectors {
  const vectorsSource = options.vectorsSource ?? 'vectors (.f32)';
  const idsSource = options.idsSource ?? 'vector ids (.ids)';
  const text = typeof idsText === 'string' ? idsText : new TextDecoder('utf-8').decode(idsText);
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const idProblems: FormatProblem[] = [];
  const ids: string[] = [];
  const seen = new Map<string, number>();
  lines.forEach((raw, i) => {
    const id = raw.replace(/\r$/, '').trim();
    const line = i + 1;
    if (id === '') idProblems.push({ line, message: 'empty id (every line names the vector in the same row of the .f32 file)' });
    else if (/\s/.test(id)) idProblems.push({ line, message: `id "${id}" contains whitespace` });
    else if (seen.has(id)) idProblems.push({ line, message: `duplicate id ${id} (first on line ${seen.get(id)})` });
    else seen.set(id, line);
    ids.push(id);
  });
  if (ids.length === 0) idProblems.push({ line: 0, message: 'no ids (empty file?)' });
  if (idProblems.length) throw new EvalSetFormatError(idsSource, idProblems.slice(0, 50), idProblems.length > 50);

  const bytes = f32.byteLength;
  if (bytes === 0 || bytes % 4 !== 0) {
    throw new EvalSetFormatError(vectorsSource, [{ line: 0, message: `${bytes} bytes is not a whole number of float32 values (a multiple of 4, at least 4)` }]);
  }
  const values = bytes / 4;
  if (values % ids.length !== 0) {
    throw new EvalSetFormatError(vectorsSource, [
      { line: 0, message: `${values} float32 values do not split into ${ids.length} rows (one per id in ${idsSource}); the files do not belong together` },
    ]);
  }
  const dimension = values / ids.length;
  if (options.dimension !== undefined && dimension !== options.dimension) {
    throw new EvalSetFormatError(vectorsSource, [{ line: 0, message: `vectors have dimension ${dimension}, expected ${options.dimension}` }]);
  }
  // copy: a Buffer's byteOffset need not be a multiple of 4, and the copy is ours to keep
  const vectors = new Float32Array(values);
  const view = new DataView(f32.buffer, f32.byteOffset, bytes);
  const problems: FormatProblem[] = [];
  for (let i = 0; i < values; i++) {
    const v = view.getFloat32(i * 4, true);
    if (!Number.isFinite(v) && problems.length < 50) {
      const row = Math.floor(i / dimension);
      problems.push({ line: row + 1, message: `row ${row + 1} (id ${ids[row]}) holds ${v} at position ${i % dimension}` });
    }
    vectors[i] = v;
  }
  if (problems.length) throw new EvalSetFormatError(vectorsSource, problems);
  return { ids, vectors, dimension };
}
