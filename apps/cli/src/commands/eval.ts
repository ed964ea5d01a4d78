import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createVectorStore,
  EvalSetFormatError,
  EvaluationInputError,
  FileJudgmentCache,
  formatReportCsv,
  formatReportHtml,
  formatReportJson,
  formatTrecRun,
  LlmError,
  MetricsInputError,
  OpenAiEmbedder,
  OpenAiRelevanceJudge,
  parseQueryVectors,
  readEvalSet,
  reportMeasures,
  runEvaluation,
  VectorStoreError,
  type EvalSet,
  type EvaluationReport,
  type EvaluationStage,
  type VectorFieldInfo,
  type VectorStore,
} from '@ragscope/retrieval';
import { CommanderError, type Command } from 'commander';
import { EvalConfigError, loadEvalConfig, type EvalConfig } from './eval-config';

/** Exit codes of `ragscope eval`. */
export const EXIT = { ok: 0, thresholdFailed: 1, usage: 2, runtime: 3 } as const;

export interface EvalCommandOptions {
  config: string;
  failUnder?: string[];
  out?: string;
}

/** Where the command writes; tests pass their own. */
export interface EvalIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

/** A problem the person running the command must fix in their input; exit code 2. */
class UsageError extends Error {}

/**
 * `ragscope eval --config ragscope.eval.json [--fail-under measure=value]… [--out DIR]`: the api's
 * evaluation without the server (no database): eval set from files, the vector database through
 * createVectorStore, the shared report code; a table on stdout, report files in DIR, exit 1 under
 * a threshold.
 */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate retrieval: search every query of an eval set in a vector database and score the run (exit 1 when a threshold fails)')
    .requiredOption('-c, --config <file>', 'evaluation config (JSON), see apps/cli/README.md')
    .option('--fail-under <measure=value>', 'fail (exit 1) when the measure is below value, e.g. ndcg_cut_10=0.6; repeatable, overrides the config’s thresholds', collect)
    .option('-o, --out <dir>', 'write report.json, report.csv, run.trec and report.html here (overrides the config’s "out")')
    .configureOutput({ outputError: () => undefined })
    .exitOverride((error: CommanderError) => {
      // --help and --version: returning lets commander exit 0 as usual
      if (error.exitCode === 0) return;
      throw Object.assign(new Error(`${error.message.replace(/^error: /, '')} (see ragscope eval --help)`), { exitCode: EXIT.usage });
    })
    .action(async (options: EvalCommandOptions) => {
      process.exitCode = await runEval(options, { stdout: process.stdout, stderr: process.stderr });
    });
}

/** Runs the evaluation and returns the exit code; every message has been written when it returns. */
export async function runEval(options: EvalCommandOptions, io: EvalIo): Promise<number> {
  let store: VectorStore | undefined;
  try {
    const config = loadEvalConfig(options.config, io.env ?? process.env);
    const thresholds = { ...config.thresholds, ...parseThresholds(options.failUnder ?? []) };
    const evalSet = loadEvalSet(config);
    const measures = config.measures ?? reportMeasures(evalSet.qrels);
    const unknown = Object.keys(thresholds).filter((name) => !measures.includes(name));
    if (unknown.length) throw new UsageError(`threshold for ${unknown.join(', ')}: not among the report's measures (${measures.join(', ')})`);

    store = createVectorStore(config.connection);
    const info = await store.describe(config.collection).catch((error: unknown) => {
      if (error instanceof VectorStoreError && (error.code === 'not_found' || error.code === 'invalid')) throw new UsageError(error.message);
      throw error;
    });
    const field = chooseField(info.vectorFields, config.vectorField, config.collection);
    const textField = config.judge ? (config.judge.textField ?? info.textField) : undefined;
    if (config.judge && !textField) throw new UsageError(`judge: collection "${config.collection}" has no recognisable text field; set judge.textField`);

    const progress = new Progress(io.stderr);
    const { run, report } = await runEvaluation({
      store,
      collection: config.collection,
      vectorField: field.name,
      distance: field.distance,
      dimension: field.dimension,
      k: config.k,
      queries: evalSet.queries,
      qrels: evalSet.qrels,
      ...(config.embedder ? { embedder: new OpenAiEmbedder(config.embedder) } : {}),
      ...(config.judge
        ? {
            judge: {
              judge: new OpenAiRelevanceJudge(
                { baseUrl: config.judge.baseUrl, model: config.judge.model, ...(config.judge.apiKey ? { apiKey: config.judge.apiKey } : {}) },
                config.judge.cache ? { cache: await FileJudgmentCache.open(config.judge.cache) } : {},
              ),
              model: config.judge.model,
              topN: config.judge.topN,
              textField: textField!,
            },
          }
        : {}),
      onProgress: (stage, done, total) => progress.update(stage, done, total),
      report: {
        ...(config.measures ? { measures: config.measures } : {}),
        runId: config.name ? config.name.replace(/\s+/g, '_') : 'ragscope',
        meta: {
          evaluation: config.name,
          evalSet: config.evalSet.path,
          connection: `${config.connection.kind} ${config.connection.url}`,
          collection: config.collection,
          vectorField: field.name,
          distance: field.distance,
          embedder: config.embedder ? `${config.embedder.model} at ${config.embedder.baseUrl}` : 'precomputed query vectors',
          createdAt: new Date().toISOString(),
        },
      },
    });
    progress.done();

    io.stdout.write(formatTable(report, config, field.name));
    const out = options.out ?? config.out;
    if (out) {
      mkdirSync(out, { recursive: true });
      const files: [string, string][] = [
        ['report.json', formatReportJson(report)],
        ['report.csv', formatReportCsv(report)],
        ['run.trec', formatTrecRun(run, report.runId)],
        ['report.html', formatReportHtml(report, { title: `Retrieval evaluation${config.name ? `: ${config.name}` : ''}` })],
      ];
      for (const [name, body] of files) writeFileSync(join(out, name), body);
      io.stdout.write(`\nwrote ${files.map(([name]) => join(out, name)).join(', ')}\n`);
    }
    return checkThresholds(report, thresholds, io);
  } catch (error) {
    const [code, message] = classify(error);
    io.stderr.write(`ragscope eval: ${message}\n`);
    return code;
  } finally {
    await store?.close().catch(() => undefined);
  }
}

function loadEvalSet(config: EvalConfig): EvalSet {
  if (!existsSync(config.evalSet.path)) throw new UsageError(`evalSet.path: ${config.evalSet.path} does not exist`);
  const set = readEvalSet(config.evalSet.path, config.evalSet.split ? { split: config.evalSet.split } : {});
  if (config.queryVectors) {
    for (const key of ['vectors', 'ids'] as const) {
      if (!existsSync(config.queryVectors[key])) throw new UsageError(`queryVectors.${key}: ${config.queryVectors[key]} does not exist`);
    }
    const vectors = parseQueryVectors(readFileSync(config.queryVectors.vectors), readFileSync(config.queryVectors.ids), {
      vectorsSource: config.queryVectors.vectors,
      idsSource: config.queryVectors.ids,
    });
    const row = new Map(vectors.ids.map((id, i) => [id, i]));
    for (const query of set.queries) {
      const i = row.get(query.id);
      if (i !== undefined) query.vector = vectors.vectors.slice(i * vectors.dimension, (i + 1) * vectors.dimension);
    }
  }
  if (!config.embedder) {
    const missing = set.queries.filter((q) => !q.vector);
    if (missing.length) {
      throw new UsageError(
        `${missing.length} of ${set.queries.length} queries have no vector (first: ${missing.slice(0, 3).map((q) => q.id).join(', ')}); set "queryVectors" (raw float32 + ids files) or "embedder" in the config`,
      );
    }
  }
  return set;
}

function chooseField(fields: readonly VectorFieldInfo[], requested: string | undefined, collection: string): VectorFieldInfo {
  const names = fields.map((f) => f.name || '(default)').join(', ');
  if (requested !== undefined) {
    const field = fields.find((f) => f.name === requested);
    if (!field) throw new UsageError(`vectorField: collection "${collection}" has no vector field "${requested}" (its vector fields: ${names || 'none'})`);
    if (!field.supported || field.type !== 'dense') throw new UsageError(`vectorField: "${requested}" is not a dense float vector field${field.reason ? ` (${field.reason})` : ''}`);
    return field;
  }
  const dense = fields.filter((f) => f.supported && f.type === 'dense');
  if (dense.length !== 1) throw new UsageError(`vectorField: collection "${collection}" has ${dense.length} dense vector fields (${names || 'none'}); name one in the config`);
  return dense[0];
}

/** `ndcg_cut_10=0.6` → { ndcg_cut_10: 0.6 } */
export function parseThresholds(specs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const match = /^([A-Za-z][\w.]*)=([+-]?(\d+\.?\d*|\.\d+))$/.exec(spec.trim());
    if (!match) throw new UsageError(`--fail-under ${spec}: expected measure=value, e.g. ndcg_cut_10=0.6`);
    out[match[1]] = Number(match[2]);
  }
  return out;
}

function checkThresholds(report: EvaluationReport, thresholds: Record<string, number>, io: EvalIo): number {
  const entries = Object.entries(thresholds);
  if (!entries.length) return EXIT.ok;
  const failed: string[] = [];
  io.stdout.write('\nthresholds\n');
  for (const [name, minimum] of entries) {
    const value = report.measures.find((m) => m.name === name)!.value;
    const ok = value >= minimum;
    io.stdout.write(`  ${ok ? 'ok  ' : 'FAIL'}  ${name} = ${format(value)} ${ok ? '≥' : '<'} ${minimum}\n`);
    if (!ok) failed.push(`${name} = ${format(value)} < ${minimum}`);
  }
  if (failed.length) {
    io.stderr.write(`ragscope eval: ${failed.length} threshold${failed.length === 1 ? '' : 's'} failed: ${failed.join('; ')}\n`);
    return EXIT.thresholdFailed;
  }
  return EXIT.ok;
}

export function formatTable(report: EvaluationReport, config: Pick<EvalConfig, 'name' | 'collection' | 'connection'>, vectorField: string): string {
  const lines: string[] = [];
  lines.push(`${config.name ? `${config.name}: ` : ''}${report.queryCount} queries, top ${report.k}, ${config.connection.kind} ${config.connection.url} / ${config.collection} (${vectorField})`);
  const width = Math.max(...report.measures.map((m) => m.name.length), 'measure'.length);
  lines.push(`${'measure'.padEnd(width)}    value   95% CI`);
  for (const m of report.measures) {
    const value = m.aggregate === 'sum' ? String(m.value).padStart(8) : format(m.value).padStart(8);
    lines.push(`${m.name.padEnd(width)} ${value}${m.ci ? `   ${format(m.ci.lower)} – ${format(m.ci.upper)}` : ''}`);
  }
  if (report.judge) {
    lines.push(`context relevance (${report.judge.model}, top ${report.judge.topN}) ${report.judge.contextRelevance === null ? '—' : format(report.judge.contextRelevance)}`);
  }
  lines.push(`failing queries: ${report.failingQueries.length} (no relevant document in the top ${report.k})${report.missingQueryIds.length ? `; ${report.missingQueryIds.length} with no results` : ''}`);
  const worst = report.worstQueries.slice(0, 5).map((r) => `${r.queryId} (${format(r.values[report.keyMeasure])})`);
  if (worst.length) lines.push(`worst by ${report.keyMeasure}: ${worst.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function format(value: number): string {
  return value.toFixed(4);
}

/** A progress bar on a terminal; plain lines (one per tenth of a stage) when stderr is a file or pipe. */
class Progress {
  private lastStage = '';
  private lastTenth = -1;
  private drawn = false;

  constructor(private readonly stream: EvalIo['stderr']) {}

  update(stage: EvaluationStage, done: number, total: number): void {
    const unit = stage === 'judging' ? 'passages' : stage === 'scoring' ? '' : 'queries';
    if (this.stream.isTTY) {
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : width;
      this.stream.write(`\r\x1b[2K${stage.padEnd(17)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${unit ? `${done}/${total} ${unit}` : ''}`);
      this.drawn = true;
      return;
    }
    const tenth = total ? Math.floor((done / total) * 10) : 10;
    if (stage === this.lastStage && tenth === this.lastTenth) return;
    if (stage === 'scoring' && done === 0) return;
    this.lastStage = stage;
    this.lastTenth = tenth;
    this.stream.write(`${stage}${unit ? `: ${done}/${total} ${unit}` : ''}\n`);
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
  }
}

function classify(error: unknown): [number, string] {
  if (error instanceof EvalConfigError) return [EXIT.usage, error.message];
  if (error instanceof UsageError) return [EXIT.usage, error.message];
  if (error instanceof EvalSetFormatError) return [EXIT.usage, `the eval set has problems:\n${error.message}`];
  if (error instanceof MetricsInputError) return [EXIT.usage, error.message];
  if (error instanceof EvaluationInputError) return [EXIT.usage, error.message];
  if (error instanceof VectorStoreError) return [error.code === 'invalid' || error.code === 'unsupported' ? EXIT.usage : EXIT.runtime, error.message];
  if (error instanceof LlmError) return [error.code === 'invalid' ? EXIT.usage : EXIT.runtime, error.message];
  return [EXIT.runtime, error instanceof Error ? error.message : String(error)];
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
