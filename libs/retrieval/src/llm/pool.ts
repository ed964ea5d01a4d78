/**
 * Runs work(i) for i in 0..count-1 with at most `concurrency` in flight. The first error stops
 * new work from starting, waits for what is in flight, and is then thrown.
 */
export async function runPool(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async () => {
    while (!firstError && next < count) {
      const index = next++;
      try {
        await work(index);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  if (firstError) throw firstError.error;
}
