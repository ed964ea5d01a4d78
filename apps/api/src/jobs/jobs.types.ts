import type { JobStatus } from './job.entity';

/** What a job handler gets: where to report progress and how it learns it was cancelled. */
export interface JobContext<P = Record<string, unknown>> {
  readonly jobId: string;
  readonly params: P;
  readonly signal: AbortSignal;
  /** stage: a short name a person understands ("streaming vectors"); fraction: 0–1 overall */
  progress(stage: string, fraction: number): void;
}

export type JobHandler<P = Record<string, unknown>, R = Record<string, unknown>> = (context: JobContext<P>) => Promise<R>;

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  stage: string | null;
  progress: number;
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export class JobCancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}
