import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EvalSetFormatError,
  parseBeirQrels,
  parseBeirQueries,
  parseEvalSetCsv,
  parseEvalSetJsonl,
  parseTrecQrels,
  parseTrecRun,
  parseTrecTopics,
  readEvalSet,
} from '../../src';

/** Runs `parse` and returns its problems as "line: message" strings. */
function problems(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(EvalSetFormatError);
    return (error as EvalSetFormatError).problems.map((p) => `${p.line}: ${p.message}`);
  }
  throw new Error('expected an EvalSetFormatError');
}

describe('TREC qrels and runs', () => {
  it('read comments, blank lines, CRLF and any whitespace', () => {
    const qrels = parseTrecQrels('# judged\r\n1 0 d1 1\r\n\n1\t0\td2   0\n2 Q0 d1 2\n');
    expect(qrels.get('1')).toEqual(new Map([['d1', 1], ['d2', 0]]));
    const { run, runId } = parseTrecRun('1 Q0 d1 1 0.5 a\n1 Q0 d2 2 -1.5e-3 b extra\n');
    expect(run.get('1')).toEqual([{ docid: 'd1', score: 0.5 }, { docid: 'd2', score: -0.0015 }]);
    expect(runId).toBe('b');
  });

  it('name the line of every bad qrels row: missing columns, non-integer grades, duplicates', () => {
    expect(problems(() => parseTrecQrels('1 0 d1 1\n1 0 d2\n1 0 d3 x\n1 0 d4 1.5\n1 0 d1 0\n'))).toEqual([
      '2: expected 4 fields "qid iter docno grade", found 3',
      '3: grade "x" is not an integer',
      '4: grade "1.5" is not an integer',
      '5: query 1 judges document d1 again (first on line 1)',
    ]);
  });

  it('name the line of every bad run row: short lines, bad scores, duplicate documents', () => {
    expect(problems(() => parseTrecRun('1 Q0 d1 1 0.5 t\n1 Q0 d2 2 0.4\n1 Q0 d3 3 high t\n1 Q0 d1 4 0.1 t\n1 Q0 d4 5 NaN t\n'))).toEqual([
      '2: expected 6 fields "qid Q0 docno rank score tag", found 5',
      '3: score "high" is not a finite number',
      '4: query 1 retrieves document d1 again (first on line 1)',
      '5: score "NaN" is not a finite number',
    ]);
  });

  it('reject empty files', () => {
    expect(problems(() => parseTrecQrels(''))).toEqual(['0: no judgments found (empty file?)']);
    expect(problems(() => parseTrecRun('# only a comment\n'))).toEqual(['0: no results found (empty file?)']);
  });

  it('stop listing at the problem limit', () => {
    const text = Array.from({ length: 10 }, (_, i) => `1 0 d${i}`).join('\n');
    try {
      parseTrecQrels(text, { maxProblems: 3, source: 'x.qrels' });
    } catch (error) {
      expect((error as EvalSetFormatError).problems).toHaveLength(3);
      expect((error as Error).message).toMatch(/^x\.qrels: 3\+ problems/);
    }
  });
});

describe('TREC topics', () => {
  it('read closed tags (as in Vaswani) and the classic unclosed style', () => {
    expect(parseTrecTopics('<top>\n<num>1</num><title>\nMEASUREMENT OF\n DIELECTRIC\n</title>\n</top>\n')).toEqual([
      { id: '1', text: 'MEASUREMENT OF DIELECTRIC' },
    ]);
    expect(parseTrecTopics('<top>\n<num> Number: 301\n<title> International Organized Crime\n<desc> Description:\nx\n</top>')).toEqual([
      { id: '301', text: 'International Organized Crime' },
    ]);
  });

  it('name the line of a topic without title, a duplicate number, an unclosed block', () => {
    const text = '<top><num>1</num><title>a</title></top>\n<top>\n<num>2</num>\n</top>\n<top><num>1</num><title>b</title></top>\n<top><num>3</num><title>c</title>\n';
    expect(problems(() => parseTrecTopics(text))).toEqual([
      '2: topic 2 has no <title> text',
      '5: topic 1 appears again (first on line 1)',
      '6: <top> is not closed by </top>',
    ]);
  });
});

describe('BEIR files', () => {
  it('validate the qrels header, columns, scores and duplicates', () => {
    expect(parseBeirQrels('query-id\tcorpus-id\tscore\n1\t184\t3\n').get('1')).toEqual(new Map([['184', 3]]));
    expect(problems(() => parseBeirQrels('qid\tdoc\tscore\n1\t2\n1\t3\tx\n1\t4\t1\n1\t4\t2\n'))).toEqual([
      '1: header must be "query-id<TAB>corpus-id<TAB>score", found "qid\tdoc\tscore"',
      '2: expected 3 tab-separated columns (query-id, corpus-id, score), found 2',
      '3: score "x" is not an integer',
      '5: duplicate judgment of document 4 for query 1 (first on line 4)',
    ]);
  });

  it('report bad JSON and missing fields in queries.jsonl by line', () => {
    expect(problems(() => parseBeirQueries('{"_id": "1", "text": "a"}\n{"_id": "2", "text": \n[1]\n{"_id": "1", "text": "b"}\n{"text": "c"}\n'))).toEqual([
      expect.stringMatching(/^2: invalid JSON/),
      '3: expected a JSON object',
      '4: duplicate query 1 (first on line 1)',
      '5: "_id" must be a non-empty string or an integer',
    ]);
  });
});

describe('JSONL and CSV eval sets', () => {
  const vector = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => i / 10));

  it('read queries, grades (default 1) and query vectors', () => {
    const set = parseEvalSetJsonl(
      `{"id": "a", "query": "what?", "relevant_ids": ["d1", 7], "grades": [2, 1], "query_vector": ${vector(3)}}\n{"query": "why?", "relevant_ids": ["d2"]}\n`,
    );
    expect(set.queries.map((q) => q.id)).toEqual(['a', '2']);
    expect(set.queries[0].vector).toEqual(new Float32Array([0, 0.1, 0.2]));
    expect(set.qrels.get('a')).toEqual(new Map([['d1', 2], ['7', 1]]));
    expect(set.qrels.get('2')).toEqual(new Map([['d2', 1]]));
  });

  it('name the line of each bad JSONL record', () => {
    const text = [
      `{"query": "q1", "relevant_ids": ["d1"], "query_vector": ${vector(3)}}`,
      '{"query": "q2", "relevant_ids": ["d1"]',
      `{"query": "q3", "relevant_ids": ["d1"], "query_vector": ${vector(4)}}`,
      '{"query": "", "relevant_ids": []}',
      '{"query": "q5", "relevant_ids": ["d1", "d1"], "grades": [1]}',
      '{"id": "1", "query": "q6", "relevant_ids": ["d1"], "grades": ["high"]}',
    ].join('\n');
    expect(problems(() => parseEvalSetJsonl(text))).toEqual([
      expect.stringMatching(/^2: invalid JSON/),
      '3: query_vector has dimension 4, expected 3 (as on line 1)',
      '4: "query" must be a non-empty string',
      '4: "relevant_ids" must be a non-empty list of document ids',
      '5: relevant_ids lists document d1 twice',
      '5: "grades" has 1 entries but "relevant_ids" has 2',
      '6: "grades" must be a list of non-negative integers',
      '6: duplicate query id 1 (first on line 1)',
    ]);
  });

  it('read CSV with list cells separated by ; or | or given as JSON', () => {
    const set = parseEvalSetCsv('id,query,relevant_ids,grades,query_vector\nq1,"what, exactly?",d1;d2,2|1,0.5 0.25\nq2,why,"[""d3""]",,"[1,2]"\n');
    expect(set.queries).toEqual([
      { id: 'q1', text: 'what, exactly?', vector: new Float32Array([0.5, 0.25]) },
      { id: 'q2', text: 'why', vector: new Float32Array([1, 2]) },
    ]);
    expect(set.qrels.get('q1')).toEqual(new Map([['d1', 2], ['d2', 1]]));
    expect(set.qrels.get('q2')).toEqual(new Map([['d3', 1]]));
  });

  it('name the line of CSV problems: missing columns, wrong cell counts, bad numbers, empty files', () => {
    expect(problems(() => parseEvalSetCsv('question,relevant_ids\nx,d1\n'))).toEqual(['1: missing column "query"']);
    expect(problems(() => parseEvalSetCsv('query,relevant_ids,grades,query_vector\na,d1,1,1 2\nb,d1\nc,d1,x,1 2\nd,d1,1,1 2 3\n'))).toEqual([
      '3: expected 4 columns as in the header, found 2',
      '4: "grades" must be a list of non-negative integers',
      '5: query_vector has dimension 3, expected 2 (as on line 2)',
    ]);
    expect(problems(() => parseEvalSetCsv(''))).toEqual([expect.stringMatching(/^0: file is empty/)]);
    expect(problems(() => parseEvalSetJsonl('\n\n'))).toEqual(['0: no queries found (empty file?)']);
  });
});

describe('reading a directory or file from disk', () => {
  it('recognises BEIR, TREC, JSONL and CSV, and checks that judged queries exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evalset-'));
    mkdirSync(join(dir, 'beir', 'qrels'), { recursive: true });
    writeFileSync(join(dir, 'beir', 'queries.jsonl'), '{"_id": "1", "text": "a"}\n{"_id": "2", "text": "unjudged"}\n');
    writeFileSync(join(dir, 'beir', 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\n1\td\t1\n');
    expect(readEvalSet(join(dir, 'beir')).queries).toEqual([{ id: '1', text: 'a' }]);

    mkdirSync(join(dir, 'trec'));
    writeFileSync(join(dir, 'trec', 'qrels'), '1 0 d 1\n9 0 d 1\n');
    writeFileSync(join(dir, 'trec', 'topics.trec'), '<top><num>1</num><title>a</title></top>\n');
    expect(() => readEvalSet(join(dir, 'trec'))).toThrow(/does not define: 9/);

    writeFileSync(join(dir, 'set.csv'), 'query,relevant_ids\na,d1\n');
    expect(readEvalSet(join(dir, 'set.csv')).queries).toHaveLength(1);
    writeFileSync(join(dir, 'set.jsonl'), '{"query": "a", "relevant_ids": ["d1"]}\n');
    expect(readEvalSet(join(dir, 'set.jsonl')).qrels.size).toBe(1);
    expect(() => readEvalSet(dir)).toThrow(EvalSetFormatError);
  });
});
