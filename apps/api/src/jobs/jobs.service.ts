import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { concat, defer, filter, from, Subject, takeWhile, type Observable } from 'rxjs';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { FINISHED_STATUSES, JobEntity, type JobStatus } from './job.entity';
import { JobCancelledError, type JobHandler, type JobView } from './jobs.types';

/** How often progress is written to the database; events go out on every call. */
const PROGRESS_WRITE_INTERVAL_MS = 500;

/**
 * The embedded job runner: jobs are rows, handlers run in this process with a concurrency limit,
 * progress is streamed to subscribers and written to the row. A job that was running when the
 * process stopped is marked failed at the next start, never left "running".
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Map<string, AbortController>();
  private readonly queue: string[] = [];
  private readonly events = new Subject<JobView>();
  private shuttingDown = false;

  constructor(
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const interrupted = await this.jobs.find({ where: { status: In(['queued', 'running']) } });
    for (const job of interrupted) {
      await this.finish(job, 'failed', null, 'interrupted: the server stopped while this job was queued or running; start it again');
    }
    if (interrupted.length) this.logger.warn(`${interrupted.length} job(s) were interrupted by a restart and marked failed`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const controller of this.running.values()) controller.abort();
  }

  register<P, R extends Record<string, unknown>>(kind: string, handler: JobHandler<P, R>): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    this.handlers.set(kind, handler as unknown as JobHandler);
  }

  /**
   * Stores a job and queues it. `beforeQueue` runs after the job row exists and before the job
   * can start, for the rows that refer to the job (a projection, an evaluation).
   */
  async enqueue(kind: string, params: Record<string, unknown>, beforeQueue?: (jobId: string) => Promise<void>): Promise<JobView> {
    if (!this.handlers.has(kind)) throw new Error(`no handler registered for job kind "${kind}"`);
    const job = await this.jobs.save(
      this.jobs.create({ id: randomUUID(), kind, status: 'queued', stage: 'queued', progress: 0, params, result: null, error: null, startedAt: null, finishedAt: null }),
    );
    if (beforeQueue) {
      try {
        await beforeQueue(job.id);
      } catch (error) {
        await this.jobs.delete(job.id);
        throw error;
      }
    }
    this.publish(job);
    this.queue.push(job.id);
    setImmediate(() => void this.drain());
    return toView(job);
  }

  async get(id: string): Promise<JobView> {
    return toView(await this.load(id));
  }

  async list(options: { kind?: string; status?: JobStatus; limit?: number } = {}): Promise<JobView[]> {
    const rows = await this.jobs.find({
      where: { ...(options.kind ? { kind: options.kind } : {}), ...(options.status ? { status: options.status } : {}) },
      order: { createdAt: 'DESC' },
      take: options.limit ?? 100,
    });
    return rows.map(toView);
  }

  /** Cancels a queued or running job; a finished job is left as it is. */
  async cancel(id: string): Promise<JobView> {
    const job = await this.load(id);
    if (FINISHED_STATUSES.includes(job.status)) return toView(job);
    const index = this.queue.indexOf(id);
    if (index >= 0) {
      this.queue.splice(index, 1);
      return toView(await this.finish(job, 'cancelled', null, null));
    }
    this.running.get(id)?.abort();
    return toView(job);
  }

  /** Every change of one job (or of all jobs) from now on. */
  watch(id?: string): Observable<JobView> {
    return this.events.pipe(filter((view) => id === undefined || view.id === id));
  }

  /** A job's current state, then every change, completing when it has finished. */
  progress(id: string): Observable<JobView> {
    return concat(defer(() => from(this.get(id))), this.watch(id)).pipe(takeWhile((view) => !FINISHED_STATUSES.includes(view.status), true));
  }

  status(): { mode: 'in-process'; concurrency: number; running: number; queued: number; kinds: string[] } {
    return {
      mode: 'in-process',
      concurrency: this.config.RAGSCOPE_JOB_CONCURRENCY,
      running: this.running.size,
      queued: this.queue.length,
      kinds: [...this.handlers.keys()].sort(),
    };
  }

  /** Resolves when the job has finished; for tests and the CLI. */
  async waitFor(id: string, timeoutMs = 600_000): Promise<JobView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.get(id);
      if (FINISHED_STATUSES.includes(view.status)) return view;
      if (Date.now() > deadline) throw new Error(`job ${id} did not finish within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async drain(): Promise<void> {
    while (!this.shuttingDown && this.running.size < this.config.RAGSCOPE_JOB_CONCURRENCY && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const controller = new AbortController();
      this.running.set(id, controller);
      void this.run(id, controller).finally(() => {
        this.running.delete(id);
        void this.drain();
      });
    }
  }

  private async run(id: string, controller: AbortController): Promise<void> {
    let job = await this.load(id);
    const handler = this.handlers.get(job.kind)!;
    job.status = 'running';
    job.startedAt = new Date();
    job.stage = 'starting';
    job = await this.jobs.save(job);
    this.publish(job);

    let lastWrite = 0;
    let pendingWrite: Promise<unknown> = Promise.resolve();
    const progress = (stage: string, fraction: number) => {
      if (controller.signal.aborted) return;
      job.stage = stage;
      job.progress = Math.min(1, Math.max(0, fraction));
      this.publish(job);
      const now = Date.now();
      if (now - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) {
        lastWrite = now;
        pendingWrite = pendingWrite.then(() => this.jobs.update(id, { stage: job.stage, progress: job.progress })).catch(() => undefined);
      }
    };

    try {
      const result = await handler({ jobId: id, params: job.params, signal: controller.signal, progress });
      await pendingWrite;
      if (controller.signal.aborted) throw new JobCancelledError();
      job.progress = 1;
      await this.finish(job, 'succeeded', result, null);
    } catch (error) {
      await pendingWrite;
      if (controller.signal.aborted || error instanceof JobCancelledError) {
        await this.finish(job, this.shuttingDown ? 'failed' : 'cancelled', null, this.shuttingDown ? 'interrupted: the server stopped' : null);
      } else {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`job ${id} (${job.kind}) failed: ${message}`);
        await this.finish(job, 'failed', null, message);
      }
    }
  }

  private async finish(job: JobEntity, status: JobStatus, result: Record<string, unknown> | null, error: string | null): Promise<JobEntity> {
    job.status = status;
    job.result = result;
    job.error = error;
    job.stage = status;
    job.finishedAt = new Date();
    const saved = await this.jobs.save(job);
    this.publish(saved);
    return saved;
  }

  private async load(id: string): Promise<JobEntity> {
    const job = await this.jobs.findOne({ where: { id } });
    if (!job) throw new NotFoundException(`job ${id} does not exist`);
    return job;
  }

  private publish(job: JobEntity): void {
    this.events.next(toView(job));
  }
}

export function toView(job: JobEntity): JobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    stage: job.stage,
    progress: job.progress,
    params: job.params,
    result: job.result,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
