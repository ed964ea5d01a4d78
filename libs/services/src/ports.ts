import { createServer } from 'node:net';

/** Asks the kernel for a free TCP port on the given host. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

export async function waitFor<T>(
  what: string,
  attempt: () => Promise<T>,
  { timeoutMs = 60_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof GiveUp) throw new Error(error.message, { cause: error });
      lastError = error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  const cause = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`${what} did not become ready within ${timeoutMs} ms (last error: ${cause})`, { cause: lastError });
}

/** Thrown inside a waitFor attempt when waiting longer cannot help (the process died). */
export class GiveUp extends Error {}
