import { describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm';
import { RequestRateLimiter, type LimiterClock } from '../../src/llm/rate-limiter';

/** A clock that only moves when someone sleeps, recording who slept how long. */
function manualClock() {
  let now = 1_000;
  const sleeps: number[] = [];
  const clock: LimiterClock = {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
}

describe('RequestRateLimiter', () => {
  it('lets every request through at once without a limit', async () => {
    const { clock, sleeps } = manualClock();
    const limiter = new RequestRateLimiter(undefined, clock);
    for (let i = 0; i < 5; i++) await limiter.acquire();
    expect(sleeps).toEqual([]);
  });

  it('spaces request starts 60 000 / rpm apart, the first at once', async () => {
    const { clock, sleeps } = manualClock();
    const limiter = new RequestRateLimiter(120, clock);
    for (let i = 0; i < 4; i++) await limiter.acquire();
    expect(sleeps).toEqual([500, 500, 500]);
  });

  it('does not bank unused time into a burst', async () => {
    const { clock, sleeps, advance } = manualClock();
    const limiter = new RequestRateLimiter(60, clock);
    await limiter.acquire();
    advance(10_000);
    await limiter.acquire();
    await limiter.acquire();
    expect(sleeps).toEqual([1_000]);
  });

  it('hands out slots in call order to concurrent callers', async () => {
    const { clock } = manualClock();
    const waits: number[] = [];
    const limiter = new RequestRateLimiter(60, {
      now: clock.now,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(waits).toEqual([1_000, 2_000]);
  });

  it('rejects with aborted when the signal has fired', async () => {
    const { clock } = manualClock();
    const limiter = new RequestRateLimiter(60, clock);
    await limiter.acquire();
    const error = await limiter.acquire(AbortSignal.abort()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).code).toBe('aborted');
  });

  it('wakes a real-timer wait early when aborted', async () => {
    const limiter = new RequestRateLimiter(1);
    await limiter.acquire();
    const started = Date.now();
    const error = await limiter.acquire(AbortSignal.timeout(50)).catch((e: unknown) => e);
    expect((error as LlmError).code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
