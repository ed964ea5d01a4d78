/**
 * A helper thread for the two-core fast path, usable from synchronous code.
 *
 * Kernels are plain self-contained functions `(context, args) => result` (no imports, no
 * closures): the main thread calls them directly, and the helper thread runs a copy made from
 * their source text, so the same code runs on both sides and results do not depend on whether a
 * helper was available. The helper is started from source text (`eval: true`) because the
 * library also runs untranspiled from TypeScript sources (tests), where no worker .js file exists.
 *
 * The main thread posts a call, does its own share of the work, then blocks on Atomics.wait until
 * the helper signals, and takes the reply with receiveMessageOnPort, all without returning to
 * the event loop, so generators (see steps.ts) can use it between yields.
 */
import { availableParallelism, loadavg } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kernels are untyped at the thread boundary
export type Kernel = (context: Record<string, any>, args: any) => any;

const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const kernels = {};
for (const [name, source] of Object.entries(workerData.kernels)) kernels[name] = new Function('return (' + source + ')')();
const signal = new Int32Array(workerData.signal);
const context = {};
parentPort.on('message', ({ kernel, args }) => {
  let reply;
  try {
    reply = { result: kernels[kernel](context, args) };
  } catch (error) {
    reply = { error: String((error && error.stack) || error) };
  }
  workerData.port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

const WAIT_LIMIT_MS = 15 * 60_000;

export class HelperThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private pending = false;

  private constructor(kernels: Record<string, Kernel>) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const sources = Object.fromEntries(Object.entries(kernels).map(([name, kernel]) => [name, kernel.toString()]));
    this.worker = new Worker(BOOTSTRAP, { eval: true, workerData: { kernels: sources, signal: this.signal.buffer, port: port2 }, transferList: [port2] });
    this.worker.unref();
  }

  /** A helper when the machine has a second core and `threads` allows it, else null (run everything inline). */
  static start(kernels: Record<string, Kernel>, threads = defaultThreads()): HelperThread | null {
    if (threads < 2 || typeof SharedArrayBuffer === 'undefined') return null;
    return new HelperThread(kernels);
  }

  /** Starts `kernel(helperContext, args)` on the helper; collect the result with `wait()`. */
  post(kernel: string, args: unknown): void {
    if (this.pending) throw new Error('helper thread is busy');
    this.pending = true;
    Atomics.store(this.signal, 0, 0);
    this.worker.postMessage({ kernel, args });
  }

  /** Blocks until the posted call finishes and returns its result. */
  wait<T>(): T {
    const started = Date.now();
    while (Atomics.wait(this.signal, 0, 0, 1000) === 'timed-out') {
      if (Date.now() - started > WAIT_LIMIT_MS) throw new Error('helper thread did not answer');
    }
    this.pending = false;
    const reply = receiveMessageOnPort(this.port)?.message as { result?: T; error?: string } | undefined;
    if (!reply) throw new Error('helper thread signalled without a reply');
    if (reply.error) throw new Error(`helper thread failed: ${reply.error}`);
    return reply.result as T;
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}

/**
 * Two threads when a second core is free. On a machine already busy with other work, measured
 * runs of the UMAP epochs got slower with a helper (each epoch ends in a barrier, and the
 * scheduler let one of the two threads starve), so then stay on one thread. Results are the same
 * either way; only the speed differs.
 */
export function defaultThreads(): number {
  const cores = availableParallelism();
  if (cores < 2) return 1;
  return loadavg()[0] < cores - 0.5 ? 2 : 1;
}

/** Copies a typed array into shared memory (no copy when it already is). */
export function shared<T extends Float32Array | Int32Array | Float64Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Constructor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Constructor(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}
