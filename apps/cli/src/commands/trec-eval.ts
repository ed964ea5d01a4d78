import { readFileSync } from 'node:fs';
import { evaluate, formatTrecEval, parseTrecQrels, parseTrecRun } from '@ragscope/retrieval';
import type { Command } from 'commander';

interface TrecEvalOptions {
  q?: boolean;
  c?: boolean;
  n?: boolean;
  measure: string[];
  M?: number;
  l?: number;
}

/**
 * `ragscope trec-eval [-q] [-c] [-n] [-l level] [-M max] [-m measure[.k,k…]]… QRELS RUN` prints what
 * trec_eval 10 prints for the measures ragscope implements (see libs/retrieval/src/metrics/README.md).
 */
export function registerTrecEval(program: Command): void {
  program
    .command('trec-eval')
    .description('score a TREC run against TREC qrels, printing exactly what trec_eval 10 prints')
    .argument('<qrels>', 'qrels file: "qid iter docno grade" per line')
    .argument('<run>', 'run file: "qid Q0 docno rank score tag" per line, or - for standard input')
    .option('-q', 'also print each query’s values')
    .option('-c', 'average over every query in the qrels; queries missing from the run score 0')
    .option('-n', 'no summary (`all`) lines')
    .option('-m, --measure <measure>', 'measure or set (official, all_trec, P.5,10, ndcg_cut.10, ndcg_exp, …); repeatable', collect, [])
    .option('-M <max>', 'evaluate at most this many documents per query', integer)
    .option('-l <level>', 'lowest grade counted as relevant (default 1)', integer)
    .action((qrelsPath: string, runPath: string, options: TrecEvalOptions) => {
      const qrels = parseTrecQrels(readFileSync(qrelsPath), { source: qrelsPath });
      const { run, runId } = parseTrecRun(readFileSync(runPath === '-' ? 0 : runPath), { source: runPath === '-' ? 'stdin' : runPath });
      const evaluation = evaluate(qrels, run, {
        measures: options.measure.length ? options.measure : ['official'],
        complete: options.c ?? false,
        relevanceLevel: options.l ?? 1,
        maxDocsPerTopic: options.M,
        runId,
      });
      if (evaluation.queryIds.length === 0) throw exitError('trec_eval: No queries with both results and relevance info', 7);
      process.stdout.write(formatTrecEval(evaluation, { perQuery: options.q ?? false, summary: !options.n }));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integer(value: string): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw exitError(`not an integer: ${value}`, 1);
  return Number.parseInt(value, 10);
}

function exitError(message: string, exitCode: number): Error {
  return Object.assign(new Error(message), { exitCode });
}
