import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, GiveUp, repoRoot, spawnGroup, waitFor } from '../../libs/services/src';

export interface RunningApi {
  baseUrl: string;
  dataDir: string;
  /** stops the api (and its Milvus Lite); removes the data dir unless keepData */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** SIGKILL, as a crash or an impatient kill -9 would: no shutdown hook runs; the data dir stays */
  kill(): void;
}

/** Starts the built api exactly as `npm start` does, on a free port with a fresh data dir (or the one given, to restart). */
export async function startApi(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<RunningApi> {
  const root = repoRoot();
  const main = join(root, 'apps/api/dist/main.js');
  if (!existsSync(main)) throw new Error('the api is not built: run "npx nx run-many -t build" first');
  if (!existsSync(join(root, 'apps/viewer/dist/index.html'))) throw new Error('the viewer is not built: run "npx nx run-many -t build" first');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ragscope-e2e-'));
  const port = await freePort();
  const server = spawnGroup(process.execPath, [main], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RAGSCOPE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', RAGSCOPE_MILVUS_LITE_PORT: '0', RAGSCOPE_DEMO: '0', ...env },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor('the ragscope api', async () => {
    if (server.exited()) throw new GiveUp(`the api exited: ${server.output()}`);
    const response = await fetch(`${baseUrl}/api/health`);
    if (!response.ok) throw new Error(`health answered ${response.status}`);
  });
  return {
    baseUrl,
    dataDir,
    kill() {
      try {
        if (server.child.pid) process.kill(-server.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
    async stop({ keepData = false } = {}) {
      await server.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
