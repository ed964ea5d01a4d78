import { LlmError } from './errors';

export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Spaces request starts evenly: a token bucket holding one token, refilled every 60 000 / rpm ms.
 * No bursts, because local servers (Ollama, vLLM) queue badly and hosted ones count per second too.
 * Slots are handed out in call order, so concurrent callers are served first come, first served.
 */
export class RequestRateLimiter {
  private readonly intervalMs: number;
  private nextSlot = Number.NEGATIVE_INFINITY;

  constructor(
    requestsPerMinute: number | undefined,
    private readonly clock: LimiterClock = realClock,
  ) {
    this.intervalMs = requestsPerMinute ? 60_000 / requestsPerMinute : 0;
  }

  /** Resolves when the caller may start its request; rejects with LlmError('aborted') if the signal fires first. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortedWhileWaiting(signal);
    if (this.intervalMs === 0) return;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot <= now) return;
    try {
      await this.clock.sleep(slot - now, signal);
    } catch {
      // the slot stays consumed: handing it back would let later callers start too close together
      throw abortedWhileWaiting(signal);
    }
  }
}

function abortedWhileWaiting(signal: AbortSignal | undefined): LlmError {
  return new LlmError('aborted', 'aborted by the caller while waiting for the rate limit', undefined, { cause: signal?.reason });
}
