/**
 * Long computations are written as generators that yield their progress (0–1) between chunks of
 * work. The same code then runs synchronously (`runToEnd`) or cooperatively (`runCooperatively`),
 * giving the event loop a turn every few tens of milliseconds so that a server stays responsive,
 * progress can be streamed and an AbortSignal can actually fire mid-run.
 */
import { throwIfAborted } from './errors';

export type Steps<T, P = number> = Generator<P, T, void>;

/** Progress of a multi-stage computation. */
export interface StageProgress<S extends string = string> {
  stage: S;
  fraction: number;
}

/** Re-yields a stage's numeric progress tagged with the stage name. */
export function* inStage<T, S extends string>(stage: S, steps: Steps<T>): Steps<T, StageProgress<S>> {
  yield { stage, fraction: 0 };
  for (;;) {
    const step = steps.next();
    if (step.done) {
      yield { stage, fraction: 1 };
      return step.value;
    }
    yield { stage, fraction: step.value };
  }
}

export function runToEnd<T, P>(steps: Steps<T, P>, onProgress?: (progress: P) => void): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress?.(step.value);
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runCooperatively<T, P>(
  steps: Steps<T, P>,
  options: { onProgress?: (progress: P) => void; signal?: AbortSignal; sliceMs?: number } = {},
): Promise<T> {
  const sliceMs = options.sliceMs ?? 50;
  let sliceStart = performance.now();
  try {
    throwIfAborted(options.signal);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      options.onProgress?.(step.value);
      if (performance.now() - sliceStart >= sliceMs) {
        await yieldToEventLoop();
        throwIfAborted(options.signal);
        sliceStart = performance.now();
      }
    }
  } catch (error) {
    steps.return(undefined as T); // runs the generator's finally blocks (e.g. stops helper threads)
    throw error;
  }
}
