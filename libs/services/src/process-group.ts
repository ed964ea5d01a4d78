import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface GroupProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote, for error messages. */
  output(): string;
  exited(): boolean;
  /** Stops the whole process group: SIGTERM, then SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a command as the leader of its own process group. Servers such as Milvus Lite fork
 * children that outlive their parent; killing the group is the only reliable way to stop them all.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.once('error', (error) => {
    output += `\n${error.message}`;
    exited = true;
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };

  return {
    child,
    output: () => output,
    exited: () => exited,
    async stop(graceMs = 5_000) {
      signalGroup('SIGTERM');
      const timedOut = await Promise.race([
        exit.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
      ]);
      // The leader may be gone while forked children still hold ports: always sweep the group.
      signalGroup('SIGKILL');
      if (timedOut) await Promise.race([exit, new Promise((r) => setTimeout(r, 2_000).unref())]);
    },
  };
}
