import type { Command } from 'commander';
import { RagscopeClient, type DemoDatasetName } from '@ragscope/demo';

interface DemoCommandOptions {
  url: string;
  dataset: DemoDatasetName;
  reset?: boolean;
}

interface JobState {
  id: string;
  status: string;
  stage: string | null;
  progress: number;
  error: string | null;
  result: Record<string, unknown> | null;
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * `ragscope demo`: asks a running ragscope to load a demo dataset (the same job it runs on a
 * first start) and follows its progress until the map, the report and the events are ready.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load a demo dataset into a running ragscope: map, evaluation report and replayed queries')
    .option('--url <url>', 'the running ragscope', process.env.RAGSCOPE_URL ?? 'http://127.0.0.1:8700')
    .option('--dataset <name>', 'vaswani (binary qrels) or cranfield (graded qrels)', 'vaswani')
    .option('--reset', 'drop what an earlier demo of this dataset made, then load it again')
    .action(async (options: DemoCommandOptions) => {
      if (!['vaswani', 'cranfield'].includes(options.dataset)) throw Object.assign(new Error(`unknown dataset "${options.dataset}": vaswani or cranfield`), { exitCode: 2 });
      const client = new RagscopeClient(options.url);
      const job = await client.post<JobState>('/api/demo', { dataset: options.dataset, reset: Boolean(options.reset) });
      const finished = await follow(client, job.id);
      if (finished.status !== 'succeeded') throw new Error(`the demo job ${finished.status}${finished.error ? `: ${finished.error}` : ''}`);
      const result = finished.result as { collection: string; projectionId: string; evaluationId: string; loaded: { total: number } };
      const base = options.url.replace(/\/$/, '');
      process.stdout.write(
        [
          `demo ready: ${result.loaded.total} documents in ${result.collection}`,
          `  map:    ${base}/#/maps/${result.projectionId}`,
          `  report: ${base}/#/evaluations/${result.evaluationId}`,
          `  events: ${base}/#/events`,
          '',
        ].join('\n'),
      );
    });
}

async function follow(client: RagscopeClient, jobId: string): Promise<JobState> {
  let last = '';
  for (;;) {
    const job = await client.get<JobState>(`/api/jobs/${jobId}`);
    const line = `${job.stage ?? job.status} ${Math.round(job.progress * 100)}%`;
    if (line !== last) {
      process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
      last = line;
    }
    if (FINISHED.has(job.status)) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      return job;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
