export type { JobView } from '@ragscope/retrieval';

/** What a job handler gets: where to report progress and how it learns it was cancelled. */
export interface JobContext<P = Record<string, unknown>> {
  readonly jobId: string;
  readonly params: P;
  readonly signal: AbortSignal;
  /** stage: a short name a person understands ("streaming vectors"); fraction: 0–1 overall */
  progress(stage: string, fraction: number): void;
}

export type JobHandler<P = Record<string, unknown>, R = Record<string, unknown>> = (context: JobContext<P>) => Promise<R>;


export class JobCancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}
