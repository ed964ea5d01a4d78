import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRANFIELD, cranfieldBeirParts, form, VASWANI, type UploadPart } from './evaluations-fixtures';
import { DRIVERS, freshDatabase, json, startTestApp, type TestDatabase } from './support';

const JSONL = [
  '{"id": "q1", "query": "what is attention", "relevant_ids": ["d1", "d2"], "grades": [2, 1], "query_vector": [1, 0, 0, 0]}',
  '{"id": "q2", "query": "transformers", "relevant_ids": ["d3"], "query_vector": [0, 1, 0, 0]}',
  '{"query": "no id here", "relevant_ids": [7], "query_vector": [0, 0, 1, 0]}',
].join('\n');

const CSV = 'id,query,relevant_ids,grades\nq1,"what is attention, really",d1;d2,2;1\nq2,transformers,d3,1\n';

describe.each(DRIVERS)('eval sets api on %s', (driver) => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    db = await freshDatabase(driver);
    // small enough that the Cranfield corpus (1.6 MB) is too large
    ({ app, url } = await startTestApp({ ...db.env, RAGSCOPE_MAX_BODY: '1mb' }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const upload = (fields: Record<string, string>, files: UploadPart[], path = '/api/evalsets') => fetch(`${url}${path}`, { method: 'POST', body: form(fields, files) });
  const storedRows = async () => {
    const [sets] = await app.get(DataSource).query('SELECT COUNT(*) AS n FROM eval_sets');
    const [queries] = await app.get(DataSource).query('SELECT COUNT(*) AS n FROM eval_queries');
    return { sets: Number(sets.n), queries: Number(queries.n) };
  };
  /** a bad upload: 400, the envelope, its problems, and nothing stored */
  const rejected = async (fields: Record<string, string>, files: UploadPart[]) => {
    const before = await storedRows();
    const response = await upload(fields, files);
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    expect(await storedRows()).toEqual(before);
    return body;
  };

  let cranfieldId: string;

  it('imports Cranfield in BEIR layout with precomputed query vectors', async () => {
    const response = await upload({ name: 'cranfield', format: 'beir' }, cranfieldBeirParts());
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({
      name: 'cranfield',
      format: 'beir',
      queryCount: 225,
      judgmentCount: 1837,
      relevantCount: 1612,
      graded: true,
      vectorCount: 225,
      dimension: 384,
      unmatchedVectorIds: 0,
    });
    expect(body.sources.qrels).toEqual({ filename: 'test.tsv', bytes: 17730 });
    // query ids are positions 1..225 (the README's first trap)
    expect(body.sampleQueries[0]).toEqual({
      id: '1',
      text: expect.stringContaining('similarity laws must be obeyed'),
      relevant: expect.any(Number),
      judged: expect.any(Number),
      hasVector: true,
    });
    expect(body.sampleQueries).toHaveLength(5);
    cranfieldId = body.id;
    const [row] = await app.get(DataSource).query(`SELECT vector FROM eval_queries WHERE eval_set_id = '${cranfieldId}' AND query_id = '1'`);
    expect(Buffer.from(row.vector).length).toBe(384 * 4);
  });

  it('imports Vaswani as TREC topics + qrels, then attaches its query vectors (raw float32 + ids)', async () => {
    const created = await upload({ name: 'vaswani', format: 'trec' }, [
      { field: 'topics', path: join(VASWANI, 'query-text.trec') },
      { field: 'qrels', path: join(VASWANI, 'qrels') },
    ]);
    const body = await json(created);
    expect(created.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ format: 'trec', queryCount: 93, judgmentCount: 2083, relevantCount: 2083, graded: false, vectorCount: 0, dimension: null });
    expect(body.sampleQueries[0].text).toBe('MEASUREMENT OF DIELECTRIC CONSTANT OF LIQUIDS BY THE USE OF MICROWAVE TECHNIQUES');

    const attached = await upload({}, [
      { field: 'vectors', path: join(VASWANI, 'embeddings', 'queries.f32') },
      { field: 'vector_ids', path: join(VASWANI, 'embeddings', 'queries.ids') },
    ], `/api/evalsets/${body.id}/vectors`);
    const withVectors = await json(attached);
    expect(attached.status, JSON.stringify(withVectors)).toBe(200);
    expect(withVectors).toMatchObject({ vectorCount: 93, dimension: 384, unmatchedVectorIds: 0 });
    expect(withVectors.sampleQueries.every((q: any) => q.hasVector)).toBe(true);
    expect(withVectors.sources).toMatchObject({ topics: { filename: 'query-text.trec' }, vectors: { filename: 'queries.f32' } });
  });

  it('imports JSONL with grades and inline query vectors, and CSV with list cells', async () => {
    const jsonl = await json(await upload({ name: 'tiny jsonl', format: 'jsonl' }, [{ field: 'file', content: JSONL, filename: 'set.jsonl' }]));
    expect(jsonl).toMatchObject({ queryCount: 3, judgmentCount: 4, relevantCount: 4, graded: true, vectorCount: 3, dimension: 4 });
    expect(jsonl.sampleQueries.map((q: any) => q.id)).toEqual(['q1', 'q2', '3']);

    const csv = await json(await upload({ name: 'tiny csv', format: 'csv' }, [{ field: 'file', content: CSV, filename: 'set.csv' }]));
    expect(csv).toMatchObject({ queryCount: 2, judgmentCount: 3, graded: true, vectorCount: 0, dimension: null });
    expect(csv.sampleQueries[0]).toMatchObject({ id: 'q1', text: 'what is attention, really', judged: 2 });
  });

  it('lists, gets and deletes eval sets', async () => {
    const list = await json(await fetch(`${url}/api/evalsets`));
    expect(list.map((s: any) => s.name).sort()).toEqual(['cranfield', 'tiny csv', 'tiny jsonl', 'vaswani']);
    expect(list[0].sampleQueries).toBeUndefined();
    const one = await json(await fetch(`${url}/api/evalsets/${cranfieldId}`));
    expect(one).toMatchObject({ id: cranfieldId, queryCount: 225, dimension: 384 });

    const tiny = list.find((s: any) => s.name === 'tiny csv');
    expect((await fetch(`${url}/api/evalsets/${tiny.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await fetch(`${url}/api/evalsets/${tiny.id}`);
    expect(gone.status).toBe(404);
    expect(await json(gone)).toMatchObject({ statusCode: 404, error: 'Not Found', message: `eval set ${tiny.id} does not exist` });
    const [left] = await app.get(DataSource).query(`SELECT COUNT(*) AS n FROM eval_queries WHERE eval_set_id = '${tiny.id}'`);
    expect(Number(left.n)).toBe(0);
    expect((await fetch(`${url}/api/evalsets/not-a-uuid`)).status).toBe(400);
  });

  describe('bad uploads: 400 with line numbers, nothing stored', () => {
    it('BEIR qrels with a bad header, a non-integer score and a short row; queries with bad JSON', async () => {
      const body = await rejected({ name: 'bad beir', format: 'beir' }, [
        { field: 'queries', content: '{"_id": "1", "text": "fine"}\n{"_id": "2", "text": \n{"_id": "3"}\n', filename: 'queries.jsonl' },
        { field: 'qrels', content: 'qid\tdoc\tscore\n1\td1\t1\n1\td2\thigh\n2\td3\n', filename: 'test.tsv' },
      ]);
      const byFile = Object.fromEntries(body.details.map((d: any) => [d.file, d]));
      expect(byFile.queries.filename).toBe('queries.jsonl');
      expect(byFile.queries.problems).toEqual([
        { line: 2, message: expect.stringContaining('invalid JSON') },
        { line: 3, message: '"text" must be a non-empty string' },
      ]);
      expect(byFile.qrels.problems.map((p: any) => p.line)).toEqual([1, 3, 4]);
      expect(byFile.qrels.problems[1].message).toBe('score "high" is not an integer');
      expect(body.message).toContain('nothing was stored');
      expect(body.message).toContain('line 3');
    });

    it('BEIR qrels judging a query the queries file does not define', async () => {
      const body = await rejected({ name: 'orphans', format: 'beir' }, [
        { field: 'queries', content: '{"_id": "1", "text": "a"}\n', filename: 'queries.jsonl' },
        { field: 'qrels', content: 'query-id\tcorpus-id\tscore\n1\td1\t1\n99\td2\t1\n', filename: 'test.tsv' },
      ]);
      expect(body.details[0]).toMatchObject({ file: 'qrels', problems: [{ line: 0, message: expect.stringContaining('99') }] });
    });

    it('TREC qrels with a bad grade and a duplicate; topics without a title', async () => {
      const body = await rejected({ name: 'bad trec', format: 'trec' }, [
        { field: 'topics', content: '<top>\n<num>1</num><title>ok</title>\n</top>\n<top>\n<num>2</num>\n</top>\n', filename: 'topics.trec' },
        { field: 'qrels', content: '1 0 d1 1\n1 0 d2 x\n1 0 d1 0\n1 0 d3\n', filename: 'qrels' },
      ]);
      const byFile = Object.fromEntries(body.details.map((d: any) => [d.file, d]));
      expect(byFile.topics.problems).toEqual([{ line: 4, message: 'topic 2 has no <title> text' }]);
      expect(byFile.qrels.problems).toEqual([
        { line: 2, message: 'grade "x" is not an integer' },
        { line: 3, message: 'query 1 judges document d1 again (first on line 1)' },
        { line: 4, message: 'expected 4 fields "qid iter docno grade", found 3' },
      ]);
    });

    it('JSONL rows with missing fields, mismatched grades and vector dimensions', async () => {
      const body = await rejected({ name: 'bad jsonl', format: 'jsonl' }, [
        {
          field: 'file',
          filename: 'bad.jsonl',
          content: [
            '{"query": "ok", "relevant_ids": ["d1"], "query_vector": [1, 2]}',
            '{"query": "", "relevant_ids": []}',
            '{"query": "grades", "relevant_ids": ["d1", "d2"], "grades": [1]}',
            '{"query": "dim", "relevant_ids": ["d1"], "query_vector": [1, 2, 3]}',
            'not json',
          ].join('\n'),
        },
      ]);
      expect(body.details[0].problems.map((p: any) => p.line)).toEqual([2, 2, 3, 4, 5]);
    });

    it('CSV without the relevant_ids column', async () => {
      const body = await rejected({ name: 'bad csv', format: 'csv' }, [{ field: 'file', content: 'id,query\nq1,hello\n', filename: 'bad.csv' }]);
      expect(body.details[0].problems).toEqual([{ line: 1, message: 'missing column "relevant_ids"' }]);
    });

    it('query vectors that do not fit their ids, duplicate ids, a NaN, and half a pair', async () => {
      const vectors = new Float32Array([1, 2, 3, 4, 5, 6]);
      const bytes = new Uint8Array(vectors.buffer);
      const jsonl = { field: 'file', content: '{"id": "a", "query": "x", "relevant_ids": ["d"]}\n{"id": "b", "query": "y", "relevant_ids": ["d"]}\n', filename: 'set.jsonl' };

      let body = await rejected({ name: 'v', format: 'jsonl' }, [jsonl, { field: 'vectors', content: bytes, filename: 'q.f32' }, { field: 'vector_ids', content: 'a\nb\nc\nd\n', filename: 'q.ids' }]);
      expect(body.details[0]).toMatchObject({ file: 'vectors', filename: 'q.f32', problems: [{ line: 0, message: expect.stringContaining('do not split into 4 rows') }] });

      body = await rejected({ name: 'v', format: 'jsonl' }, [jsonl, { field: 'vectors', content: bytes, filename: 'q.f32' }, { field: 'vector_ids', content: 'a\na\n', filename: 'q.ids' }]);
      expect(body.details[0]).toMatchObject({ file: 'vector_ids', problems: [{ line: 2, message: 'duplicate id a (first on line 1)' }] });

      const nan = new Float32Array([1, 2, 3, Number.NaN]);
      body = await rejected({ name: 'v', format: 'jsonl' }, [jsonl, { field: 'vectors', content: new Uint8Array(nan.buffer), filename: 'q.f32' }, { field: 'vector_ids', content: 'a\nb\n', filename: 'q.ids' }]);
      expect(body.details[0]).toMatchObject({ file: 'vectors', problems: [{ line: 2, message: expect.stringContaining('NaN') }] });

      body = await rejected({ name: 'v', format: 'jsonl' }, [jsonl, { field: 'vectors', content: bytes, filename: 'q.f32' }]);
      expect(body.details[0]).toMatchObject({ file: 'vector_ids' });

      body = await rejected({ name: 'v', format: 'jsonl' }, [jsonl, { field: 'vectors', content: bytes, filename: 'q.f32' }, { field: 'vector_ids', content: 'x\ny\n', filename: 'q.ids' }]);
      expect(body.details[0].problems[0].message).toContain('none of the 2 ids names a query');
    });

    it('files the format does not take, files it needs, an unknown format, an unknown field', async () => {
      let body = await rejected({ name: 'x', format: 'beir' }, [{ field: 'file', content: 'x', filename: 'x.jsonl' }]);
      expect(body.details.map((d: any) => d.file).sort()).toEqual(['file', 'qrels', 'queries']);

      body = await rejected({ name: 'x', format: 'parquet' }, [{ field: 'file', content: 'x' }]);
      expect(body.details).toEqual([{ field: 'format', problems: [expect.stringContaining('format must be one of')] }]);

      body = await rejected({ format: 'csv' }, [{ field: 'file', content: CSV }]);
      expect(body.details.map((d: any) => d.field)).toContain('name');

      body = await rejected({ name: 'x', format: 'csv', extra: '1' }, [{ field: 'file', content: CSV }]);
      expect(body.details.map((d: any) => d.field)).toContain('extra');

      const before = await storedRows();
      const unknown = await upload({ name: 'x', format: 'csv' }, [{ field: 'file', content: CSV }, { field: 'attachment', content: 'x' }]);
      expect(unknown.status).toBe(400);
      expect((await json(unknown)).message).toBe('Unexpected file field - attachment');
      expect(await storedRows()).toEqual(before);
    });

    it('a file larger than RAGSCOPE_MAX_BODY is refused with 413', async () => {
      const before = await storedRows();
      const response = await upload({ name: 'big', format: 'beir' }, [...cranfieldBeirParts(false), { field: 'corpus', path: join(CRANFIELD, 'corpus.jsonl') }]);
      expect(response.status).toBe(413);
      expect(await json(response)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(await storedRows()).toEqual(before);
    });
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = await json(await fetch(`${url}/api/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/evalsets', '/api/evalsets/{id}', '/api/evalsets/{id}/vectors']));
    expect(doc.paths['/api/evalsets'].post.requestBody.content['multipart/form-data']).toBeDefined();
  });
});
