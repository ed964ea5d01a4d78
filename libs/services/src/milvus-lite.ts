import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { freePort, GiveUp, waitFor } from './ports';
import { spawnGroup } from './process-group';
import { repoRoot } from './repo';

export interface MilvusLiteOptions {
  /** Folder that holds the database file (created if missing). */
  dataDir: string;
  /** File name inside dataDir; Milvus Lite allows [A-Za-z0-9._-], at most 36 characters. */
  dbName?: string;
  host?: string;
  port?: number;
  python?: string;
  startTimeoutMs?: number;
}

export interface MilvusLiteServer {
  /** host:port for @zilliz/milvus2-sdk-node. */
  readonly address: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export function milvusLitePython(): string {
  return process.env.RAGSCOPE_PYTHON ?? join(repoRoot(), '.venv', 'bin', 'python');
}

/** Throws a message that says how to install Milvus Lite when it is missing. */
export function assertMilvusLiteInstalled(python = milvusLitePython()): void {
  if (!existsSync(python)) {
    throw new Error(
      `Milvus Lite is not installed: no Python at ${python}. Run "bash scripts/setup.sh" ` +
        `(it creates .venv with milvus-lite==2.5.1), or point RAGSCOPE_PYTHON at a Python that has milvus-lite.`,
    );
  }
}

/** Starts Milvus Lite as a gRPC server in its own process group and waits until it answers. */
export async function startMilvusLite(options: MilvusLiteOptions): Promise<MilvusLiteServer> {
  const python = options.python ?? milvusLitePython();
  assertMilvusLiteInstalled(python);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const address = `${host}:${port}`;
  const dbFile = join(dataDir, options.dbName ?? 'milvus.db');
  const script = join(repoRoot(), 'scripts', 'milvus_lite_server.py');
  const server = spawnGroup(python, [script, dbFile, address], { env: { ...process.env, PYTHONUNBUFFERED: '1' } });

  try {
    await waitFor(
      `Milvus Lite at ${address}`,
      async () => {
        if (server.exited()) throw new GiveUp(`Milvus Lite exited: ${server.output().trim() || 'no output'}`);
        const client = new MilvusClient({ address, timeout: 5_000, logLevel: 'warn' });
        try {
          await client.connectPromise;
          const res = await client.showCollections();
          if (res.status.error_code !== 'Success') throw new Error(res.status.reason);
        } finally {
          await client.closeConnection();
        }
      },
      { timeoutMs: options.startTimeoutMs ?? 60_000 },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }

  return { address, pid: server.child.pid ?? -1, stop: () => server.stop() };
}
