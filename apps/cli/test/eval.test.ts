import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { evaluate, parseBeirQrels, parseTrecRun } from '@ragscope/retrieval';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runEval, type EvalIo } from '../src/commands/eval';
import { buildProgram } from '../src/program';

const SHARED = resolve(__dirname, '../../../../shared/data');
const CRANFIELD = join(SHARED, 'cranfield');
const VASWANI = join(SHARED, 'vaswani');
const COLLECTION = `cli_eval_${Math.random().toString(36).slice(2, 8)}`;
const VASWANI_COLLECTION = `${COLLECTION}_vaswani`;
const DIM = 384;

/** A shared collection's documents in Milvus Lite: int64 ids from docs.ids, FLAT index, cosine. */
async function loadDocs(address: string, dataset: string, collection: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(join(dataset, 'embeddings/docs.f32')));
  const vectors = new Float32Array(bytes.buffer, 0, bytes.length / 4);
  const ids = readFileSync(join(dataset, 'embeddings/docs.ids'), 'utf8').split('\n').filter(Boolean);
  const client = new MilvusClient({ address, logLevel: 'warn' });
  try {
    await client.createCollection({
      collection_name: collection,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'embedding', data_type: DataType.FloatVector, dim: DIM },
      ],
    });
    for (let start = 0; start < ids.length; start += 500) {
      const data = ids.slice(start, start + 500).map((id, i) => ({ id, embedding: Array.from(vectors.subarray((start + i) * DIM, (start + i + 1) * DIM)) }));
      await client.insert({ collection_name: collection, data });
    }
    await client.createIndex({ collection_name: collection, field_name: 'embedding', index_type: 'FLAT', metric_type: 'COSINE' });
    await client.loadCollectionSync({ collection_name: collection });
  } finally {
    await client.closeConnection();
  }
}

function capture(isTTY = false) {
  let stdout = '';
  let stderr = '';
  const io: EvalIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t), isTTY }, env: { MILVUS_TOKEN: '' } };
  return { io, out: () => stdout, err: () => stderr };
}

let dir: string;
let configPath: string;
const address = inject('milvusAddress');

function writeConfig(name: string, config: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

const baseConfig = () => ({
  name: 'cranfield minilm',
  evalSet: { path: CRANFIELD, split: 'test' },
  queryVectors: { vectors: join(CRANFIELD, 'embeddings/queries.f32'), ids: join(CRANFIELD, 'embeddings/queries.ids') },
  connection: { kind: 'milvus', url: address },
  collection: COLLECTION,
  k: 1000,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ragscope-cli-eval-'));
  await loadDocs(address, CRANFIELD, COLLECTION);
  configPath = writeConfig('ragscope.eval.json', baseConfig());
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new MilvusClient({ address, logLevel: 'warn' });
  await client.dropCollection({ collection_name: COLLECTION }).catch(() => undefined);
  await client.dropCollection({ collection_name: VASWANI_COLLECTION }).catch(() => undefined);
  await client.closeConnection();
});

describe('ragscope eval', () => {
  it('evaluates Cranfield in Milvus Lite: the README numbers in the table, report files in --out, exit 0 when thresholds hold', async () => {
    const { io, out, err } = capture();
    const outDir = join(dir, 'reports');
    const code = await runEval({ config: configPath, out: outDir, failUnder: ['ndcg_cut_10=0.35', 'recall_100=0.75'] }, io);
    expect(code, err()).toBe(0);
    const table = out();
    expect(table).toContain(`cranfield minilm: 225 queries, top 1000, milvus ${address} / ${COLLECTION} (embedding)`);
    expect(table).toMatch(/^P_10\s+0\.2467\s+0\.\d{4} – 0\.\d{4}$/m);
    expect(table).toMatch(/^recall_100\s+0\.7724 /m);
    expect(table).toMatch(/^map\s+0\.3272 /m);
    expect(table).toMatch(/^ndcg_cut_10\s+0\.3817 /m);
    expect(table).toMatch(/^recip_rank\s+0\.5434 /m);
    expect(table).toMatch(/^ndcg\s+0\.5447 /m);
    expect(table).toMatch(/^Rprec\s+0\.3160 /m);
    expect(table).toMatch(/^num_rel_ret\s+1591$/m);
    expect(table).toContain('ok    ndcg_cut_10 = 0.3817 ≥ 0.35');
    // not a terminal: plain progress lines, no bar
    expect(err()).toContain('searching: 225/225 queries');
    expect(err()).not.toContain('\r');

    const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ queryCount: 225, k: 1000, runId: 'cranfield_minilm' });
    expect(readFileSync(join(outDir, 'report.csv'), 'utf8').split('\r\n')[0]).toMatch(/^query_id,query,P_5,P_10,/);
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toContain('<svg');
    // the run file, scored again, gives the same numbers
    const { run } = parseTrecRun(readFileSync(join(outDir, 'run.trec')));
    const again = evaluate(parseBeirQrels(readFileSync(join(CRANFIELD, 'qrels/test.tsv'))), run, { measures: ['map'], complete: true });
    expect(again.summary.get('map')).toBe(report.measures.find((m: any) => m.name === 'map').value);
  });

  it('evaluates Vaswani from its TREC directory with the precomputed query vectors (the README numbers, ties aside)', async () => {
    await loadDocs(address, VASWANI, VASWANI_COLLECTION);
    const path = writeConfig('vaswani.json', {
      evalSet: { path: VASWANI },
      queryVectors: { vectors: join(VASWANI, 'embeddings/queries.f32'), ids: join(VASWANI, 'embeddings/queries.ids') },
      connection: { kind: 'milvus', url: address },
      collection: VASWANI_COLLECTION,
      k: 1000,
      measures: ['P_10', 'recall_100', 'map', 'ndcg_cut_10', 'recip_rank', 'ndcg', 'Rprec', 'num_rel', 'num_rel_ret'],
    });
    const outDir = join(dir, 'vaswani');
    const { io, err } = capture();
    expect(await runEval({ config: path, out: outDir }, io), err()).toBe(0);
    const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
    const value = (name: string) => report.measures.find((m: any) => m.name === name).value;
    expect(report.queryCount).toBe(93);
    expect(report.graded).toBe(false);
    // shared/data/vaswani/embeddings/README.md (its 16 tied duplicates are ordered as trec_eval orders them, so all 4 decimals hold)
    const readme = { P_10: 0.3634, recall_100: 0.6074, map: 0.2793, ndcg_cut_10: 0.4335, recip_rank: 0.6802, ndcg: 0.6075, Rprec: 0.2897 };
    for (const [name, expected] of Object.entries(readme)) expect(value(name), name).toBeCloseTo(expected, 4);
    expect(value('num_rel')).toBe(2083);
    expect(value('num_rel_ret')).toBe(1961);
  }, 180_000);

  it('exits 1 and names the measure when a threshold fails (config thresholds, overridden on the command line)', async () => {
    const path = writeConfig('thresholds.json', { ...baseConfig(), k: 10, thresholds: { ndcg_cut_10: 0.9, P_10: 0.1 } });
    const { io, out, err } = capture(true);
    const code = await runEval({ config: path, failUnder: ['P_10=0.5'] }, io);
    expect(code).toBe(1);
    expect(out()).toContain('FAIL  ndcg_cut_10 = 0.3817 < 0.9');
    expect(out()).toContain('FAIL  P_10 = 0.2467 < 0.5');
    expect(err()).toContain('2 thresholds failed: ndcg_cut_10 = 0.3817 < 0.9; P_10 = 0.2467 < 0.5');
    // a terminal gets a redrawn bar
    expect(err()).toContain('\r\u001b[2Ksearching         [##############################] 225/225 queries');
  });

  it('exits 2 with clear messages on bad configs and arguments', async () => {
    const cases: [Record<string, unknown> | string, string[], RegExp][] = [
      ['{ not json', [], /not valid JSON/],
      [{ ...baseConfig(), k: 0, collection: '', colection: 'x' }, [], /^(?=[\s\S]*\n {2}k: expected an integer from 1 to 1000, got 0)(?=[\s\S]*\n {2}collection: expected a non-empty string)(?=[\s\S]*\n {2}colection: unknown setting)/],
      [{ ...baseConfig(), connection: { kind: 'pinecone', url: address } }, [], /connection.kind: expected one of milvus, qdrant, got "pinecone"/],
      [{ ...baseConfig(), connection: { kind: 'milvus', url: address, tokenEnv: 'MILVUS_TOKEN' } }, [], /connection.tokenEnv: the environment variable MILVUS_TOKEN is not set/],
      [{ ...baseConfig(), evalSet: { path: join(dir, 'nowhere') } }, [], /evalSet.path: .*nowhere does not exist/],
      [{ ...baseConfig(), queryVectors: undefined }, [], /225 of 225 queries have no vector.*queryVectors/],
      [{ ...baseConfig(), collection: 'no_such_collection' }, [], /no_such_collection/],
      [{ ...baseConfig(), vectorField: 'title_vec' }, [], /no vector field "title_vec" \(its vector fields: embedding\)/],
      [baseConfig(), ['ndcg_cut_10=high'], /--fail-under ndcg_cut_10=high: expected measure=value/],
      [baseConfig(), ['bpref=0.2'], /threshold for bpref: not among the report's measures/],
    ];
    for (const [i, [config, failUnder, message]] of cases.entries()) {
      const path = join(dir, `bad-${i}.json`);
      writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
      const { io, err } = capture();
      expect(await runEval({ config: path, failUnder }, io), `case ${i}: ${err()}`).toBe(2);
      expect(err(), `case ${i}`).toMatch(message);
    }
    const { io, err } = capture();
    expect(await runEval({ config: join(dir, 'missing.json') }, io)).toBe(2);
    expect(err()).toContain('cannot read the file');
  });

  it('exits 2 on a bad eval set, listing its problems with line numbers', async () => {
    const evalSet = join(dir, 'bad.jsonl');
    writeFileSync(evalSet, '{"query": "ok", "relevant_ids": ["1"], "query_vector": [1]}\n{"query": "", "relevant_ids": []}\n');
    const path = writeConfig('bad-set.json', { ...baseConfig(), evalSet: { path: evalSet }, queryVectors: undefined });
    const { io, err } = capture();
    expect(await runEval({ config: path }, io)).toBe(2);
    expect(err()).toContain('line 2: "query" must be a non-empty string');
  });

  it('exits 3 when the vector database cannot be reached', async () => {
    const path = writeConfig('unreachable.json', { ...baseConfig(), connection: { kind: 'milvus', url: '127.0.0.1:1', timeoutMs: 2000 } });
    const { io, err } = capture();
    expect(await runEval({ config: path }, io)).toBe(3);
    expect(err()).toContain('127.0.0.1:1');
  });

  it('parses its options through the program: a usage error is exit code 2, --help lists the options', async () => {
    const program = buildProgram().exitOverride();
    await expect(program.parseAsync(['node', 'ragscope', 'eval'])).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("required option '-c, --config <file>' not specified") });
    await expect(buildProgram().exitOverride().parseAsync(['node', 'ragscope', 'eval', '-c', configPath, '--bogus'])).rejects.toMatchObject({ exitCode: 2 });
    const help = buildProgram().commands.find((c) => c.name() === 'eval')!.helpInformation();
    expect(help).toContain('--fail-under <measure=value>');
    expect(help).toContain('--out <dir>');

    const previous = process.exitCode;
    try {
      const path = writeConfig('program.json', { ...baseConfig(), k: 10 });
      await buildProgram().parseAsync(['node', 'ragscope', 'eval', '--config', path, '--fail-under', 'P_10=0.99']);
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = previous;
    }
  });
});
