export type ProjectionErrorCode =
  | 'invalid_shape'
  | 'too_few_points'
  | 'non_finite_values'
  | 'zero_vectors'
  | 'invalid_option'
  | 'aborted'
  | 'invalid_model';

/** A projection input or option the caller must fix; `rows` names the offending rows where there are any. */
export class ProjectionError extends Error {
  constructor(
    readonly code: ProjectionErrorCode,
    message: string,
    readonly rows: Int32Array = new Int32Array(0),
  ) {
    super(message);
    this.name = 'ProjectionError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ProjectionError('aborted', 'embedding map build was cancelled');
}
