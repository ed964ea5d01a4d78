import { describe, expect, it } from 'vitest';
import {
  buildReport,
  compareRuns,
  EvalSetFormatError,
  formatReportCsv,
  formatReportHtml,
  formatTrecRun,
  measureRequests,
  parseQueryVectors,
  parseTrecRun,
  reportMeasures,
  runEvaluation,
  searchRun,
  type Qrels,
  type Run,
  type SearchHit,
  type VectorStore,
} from '../../src';

const qrels: Qrels = new Map([
  ['q1', new Map([['a', 1], ['b', 1], ['z', 0]])],
  ['q2', new Map([['c', 2]])],
  ['q3', new Map([['d', 1]])],
]);

// q1: a at rank 1, b at rank 3; q2: c not retrieved (failing); q3: absent from the run
const run: Run = new Map([
  ['q1', [{ docid: 'a', score: 0.9 }, { docid: 'x', score: 0.8 }, { docid: 'b', score: 0.7 }]],
  ['q2', [{ docid: 'y', score: 0.5 }]],
]);

describe('report measures', () => {
  it('turns value names into trec_eval -m requests', () => {
    expect(measureRequests(['P_5', 'P_10', 'map', 'ndcg_cut_10', 'num_rel_ret', 'iprec_at_recall_0.10'])).toEqual(['P.5,10', 'map', 'ndcg_cut.10', 'num_rel_ret', 'iprec_at_recall.0.10']);
  });

  it('adds ndcg_exp_cut_10 for graded judgments only', () => {
    expect(reportMeasures(qrels)).toContain('ndcg_exp_cut_10');
    expect(reportMeasures(new Map([['q', new Map([['d', 1]])]]))).not.toContain('ndcg_exp_cut_10');
  });
});

describe('buildReport', () => {
  const report = buildReport(qrels, run, { k: 3, runId: 'r', queryTexts: new Map([['q1', 'first']]) });

  it('scores every judged query (trec_eval -c), with the formulas by hand', () => {
    const value = (name: string) => report.measures.find((m) => m.name === name)!.value;
    expect(report.queryCount).toBe(3);
    expect(report.missingQueryIds).toEqual(['q3']);
    // P_5: q1 2/5, q2 0, q3 0
    expect(value('P_5')).toBeCloseTo(2 / 5 / 3, 15);
    // recip_rank: q1 1, others 0
    expect(value('recip_rank')).toBeCloseTo(1 / 3, 15);
    // map: q1 (1/1 + 2/3) / 2
    expect(value('map')).toBeCloseTo((1 + 2 / 3) / 2 / 3, 15);
    expect(value('num_rel')).toBe(4);
    expect(value('num_rel_ret')).toBe(2);
    expect(value('num_ret')).toBe(4);
  });

  it('has intervals for means only, per-query rows, worst and failing queries', () => {
    for (const m of report.measures) {
      if (m.aggregate === 'sum') expect(m.ci).toBeUndefined();
      else expect(m.ci!.lower).toBeLessThanOrEqual(m.ci!.upper);
    }
    expect(report.perQuery.map((r) => [r.queryId, r.firstRelevantRank, r.failing, r.missing, r.relevant])).toEqual([
      ['q1', 1, false, false, 2],
      ['q2', null, true, false, 1],
      ['q3', null, true, true, 1],
    ]);
    expect(report.perQuery[0].text).toBe('first');
    expect(report.worstQueries.map((r) => r.queryId)).toEqual(['q2', 'q3', 'q1']);
    expect(report.failingQueries.map((r) => r.queryId)).toEqual(['q2', 'q3']);
  });

  it('is deterministic (seeded bootstrap) and rejects unknown measures', () => {
    expect(buildReport(qrels, run, { k: 3, runId: 'r', queryTexts: new Map([['q1', 'first']]) })).toEqual(report);
    expect(() => buildReport(qrels, run, { measures: ['P_10', 'nope'] })).toThrow(/illegal measure 'nope'/);
  });
});

describe('compareRuns', () => {
  it('finds no difference between a run and itself, and lists the queries a worse run loses', () => {
    const same = compareRuns(qrels, run, run, { permutations: 200 });
    expect(same.measures.every((m) => m.difference === 0 && m.randomizationP === 1)).toBe(true);
    expect(same.unchanged).toBe(3);
    const worse: Run = new Map([['q1', [{ docid: 'x', score: 1 }, { docid: 'a', score: 0.5 }]]]);
    const comparison = compareRuns(qrels, run, worse, { keyMeasure: 'recip_rank', permutations: 200 });
    expect(comparison.worse).toEqual([{ queryId: 'q1', a: 1, b: 0.5, delta: -0.5 }]);
    expect(comparison.measures.map((m) => m.measure)).not.toContain('num_ret');
  });
});

describe('exports', () => {
  it('writes a TREC run in trec_eval order (score descending, ties by docid descending) that reads back the same', () => {
    const tied: Run = new Map([['q1', [{ docid: 'a', score: 0.5 }, { docid: 'b', score: 0.5 }, { docid: 'c', score: 1e-7 }]], ['10', [{ docid: 'd', score: -2 }]]]);
    const text = formatTrecRun(tied, 'my run');
    expect(text).toBe('10 Q0 d 1 -2 my_run\nq1 Q0 b 1 0.5 my_run\nq1 Q0 a 2 0.5 my_run\nq1 Q0 c 3 1e-7 my_run\n');
    expect(parseTrecRun(text).run.get('q1')).toEqual([{ docid: 'b', score: 0.5 }, { docid: 'a', score: 0.5 }, { docid: 'c', score: 1e-7 }]);
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    const report = buildReport(qrels, run, { queryTexts: new Map([['q1', '=HYPERLINK("x")'], ['q2', 'a, "b"']]) });
    const lines = formatReportCsv(report).split('\r\n');
    expect(lines[1].startsWith('q1,"\'=HYPERLINK(""x"")",')).toBe(true);
    expect(lines[2].startsWith('q2,"a, ""b""",')).toBe(true);
    expect(lines.at(-2)!.startsWith('all,,')).toBe(true);
  });

  it('escapes text in the HTML report and loads nothing from elsewhere', () => {
    const report = buildReport(qrels, run, { queryTexts: new Map([['q2', '<script>alert(1)</script>']]) });
    const html = formatReportHtml(report, { title: 'a <b> & c', generatedAt: new Date(0) });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>a &lt;b&gt; &amp; c</title>');
    expect(html).not.toMatch(/<script|<link|src=|href=/);
  });
});

describe('query vectors', () => {
  const bytes = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);

  it('reads raw float32 rows named by an ids file, from any byte offset', () => {
    const buffer = Buffer.concat([Buffer.from([0]), Buffer.from(bytes([1, 2, 3, 4, 5, 6]))]).subarray(1);
    const parsed = parseQueryVectors(buffer, 'q1\r\nq2\n');
    expect(parsed).toEqual({ ids: ['q1', 'q2'], dimension: 3, vectors: new Float32Array([1, 2, 3, 4, 5, 6]) });
  });

  it('reports what does not fit, by line', () => {
    expect(() => parseQueryVectors(bytes([1, 2, 3]), 'a\nb\n')).toThrow(/do not split into 2 rows/);
    expect(() => parseQueryVectors(bytes([1, 2]), 'a\n\na\n')).toThrow(EvalSetFormatError);
    try {
      parseQueryVectors(bytes([1, 2]), 'a\n\na\n');
    } catch (error) {
      expect((error as EvalSetFormatError).problems).toEqual([
        { line: 2, message: expect.stringContaining('empty id') },
        { line: 3, message: 'duplicate id a (first on line 1)' },
      ]);
    }
    expect(() => parseQueryVectors(new Uint8Array(5), 'a\n')).toThrow(/not a whole number of float32/);
  });
});

/** A store that answers from a fixed table, like a database with a distance metric (lower is better). */
function fakeStore(hits: SearchHit[][], seen: number[] = []): VectorStore {
  return {
    kind: 'milvus',
    ping: async () => ({}),
    listCollections: async () => [],
    describe: async () => {
      throw new Error('unused');
    },
    stream: () => {
      throw new Error('unused');
    },
    fetch: async () => [],
    search: async (_c, vectors, _k) => {
      const n = vectors.length / 2;
      seen.push(n);
      return hits.splice(0, n);
    },
    close: async () => undefined,
  };
}

describe('searchRun and runEvaluation', () => {
  it('searches in batches, turns distances into higher-is-better scores, drops duplicate hits and empty results', async () => {
    const batches: number[] = [];
    const store = fakeStore(
      [
        [{ id: 'a', score: 0.1 }, { id: 'b', score: 0.4 }, { id: 'a', score: 0.4 }],
        [],
        [{ id: 'c', score: 2 }],
      ],
      batches,
    );
    const { run } = await searchRun(store, { collection: 'c', distance: 'euclidean', queryIds: ['q1', 'q2', 'q3'], vectors: new Float32Array(6), dimension: 2, k: 3, batchSize: 2 });
    expect(batches).toEqual([2, 1]);
    expect(run).toEqual(new Map([['q1', [{ docid: 'a', score: -0.1 }, { docid: 'b', score: -0.4 }]], ['q3', [{ docid: 'c', score: -2 }]]]));
  });

  it('stops at the next batch when cancelled', async () => {
    const controller = new AbortController();
    const store = fakeStore([[{ id: 'a', score: 1 }], [{ id: 'b', score: 1 }]]);
    const search = store.search.bind(store);
    store.search = async (...args) => {
      controller.abort();
      return search(...args);
    };
    await expect(searchRun(store, { collection: 'c', queryIds: ['q1', 'q2'], vectors: new Float32Array(4), dimension: 2, k: 1, batchSize: 1, signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('refuses queries without vectors or of another dimension before searching', async () => {
    const store = fakeStore([]);
    const queries = [{ id: 'q1', text: 'x', vector: new Float32Array(2) }, { id: 'q2', text: 'y' }];
    await expect(runEvaluation({ store, collection: 'c', k: 1, queries, qrels })).rejects.toThrow(/1 of 2 queries have no precomputed vector/);
    await expect(runEvaluation({ store, collection: 'c', k: 1, dimension: 3, queries: [queries[0]], qrels })).rejects.toThrow(/dimension 2.*has 3/);
  });
});
