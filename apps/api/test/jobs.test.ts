import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { JobsService } from '../src/jobs/jobs.service';
import type { JobView } from '../src/jobs/jobs.types';
import { DRIVERS, freshDatabase, json, startTestApp, type TestDatabase } from './support';

/** Reads an SSE stream until it closes, returning the data of every event. */
async function readEvents(url: string): Promise<JobView[]> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream' } });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as JobView);
}

describe.each(DRIVERS)('jobs on %s', (driver) => {
  let db: TestDatabase | undefined;
  let app: NestExpressApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await db?.drop();
    db = undefined;
  });

  async function start() {
    db ??= await freshDatabase(driver);
    const started = await startTestApp(db.env);
    app = started.app;
    const jobs = app.get(JobsService);
    return { url: started.url, jobs };
  }

  it('runs a job, streams its progress over SSE and stores the result', async () => {
    const { url, jobs } = await start();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    jobs.register<{ steps: number }, { done: number }>('test.count', async ({ params, progress }) => {
      await gate;
      for (let i = 1; i <= params.steps; i++) {
        progress(`step ${i}`, i / params.steps);
        await new Promise((r) => setTimeout(r, 5));
      }
      return { done: params.steps };
    });
    const job = await jobs.enqueue('test.count', { steps: 4 });
    const events = readEvents(`${url}/api/jobs/${job.id}/events`);
    await new Promise((r) => setTimeout(r, 100));
    release();
    const seen = await events;
    expect(seen.at(-1)).toMatchObject({ status: 'succeeded', progress: 1, result: { done: 4 } });
    expect(seen.map((e) => e.stage)).toEqual(expect.arrayContaining(['step 1', 'step 4']));
    const fractions = seen.map((e) => e.progress);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);

    const stored = await json(await fetch(`${url}/api/jobs/${job.id}`));
    expect(stored).toMatchObject({ id: job.id, kind: 'test.count', status: 'succeeded', result: { done: 4 }, error: null });
    expect(Date.parse(stored.finishedAt)).toBeGreaterThanOrEqual(Date.parse(stored.startedAt));
  });

  it('cancels a running job through DELETE and records why a job failed', async () => {
    const { url, jobs } = await start();
    jobs.register('test.forever', ({ signal, progress }) => {
      progress('waiting', 0.1);
      return new Promise<Record<string, unknown>>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    jobs.register('test.broken', async () => {
      throw new Error('the collection "docs" has no vector field "embedding"');
    });
    const running = await jobs.enqueue('test.forever', {});
    await expect.poll(async () => (await jobs.get(running.id)).status).toBe('running');
    const cancelled = await fetch(`${url}/api/jobs/${running.id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect((await jobs.waitFor(running.id)).status).toBe('cancelled');

    const broken = await jobs.enqueue('test.broken', {});
    const failed = await jobs.waitFor(broken.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'the collection "docs" has no vector field "embedding"' });

    const list = await json(await fetch(`${url}/api/jobs?status=failed`));
    expect(list.map((j: JobView) => j.id)).toEqual([broken.id]);
  });

  it('marks a job left running by a stopped process as failed at the next start', async () => {
    const first = await start();
    first.jobs.register('test.forever', () => new Promise<Record<string, unknown>>(() => undefined));
    const job = await first.jobs.enqueue('test.forever', {});
    await expect.poll(async () => (await first.jobs.get(job.id)).status).toBe('running');
    // simulate a crash: the row stays "running" because no shutdown hook gets to run
    await app!.get(DataSource).query(`UPDATE jobs SET status = 'running'`);
    await app!.get(DataSource).destroy();
    app = undefined;

    const second = await start();
    const after = await json(await fetch(`${second.url}/api/jobs/${job.id}`));
    expect(after.status).toBe('failed');
    expect(after.error).toMatch(/interrupted/);
  });
});
