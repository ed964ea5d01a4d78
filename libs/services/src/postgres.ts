import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, GiveUp, waitFor } from './ports';
import { spawnGroup } from './process-group';

export interface PostgresServer {
  /** postgres://… URL of an empty database. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Finds the PostgreSQL server binaries (Debian keeps them out of PATH). */
export function postgresBinDir(): string {
  if (process.env.RAGSCOPE_PG_BIN) return process.env.RAGSCOPE_PG_BIN;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(debian, versions[0], 'bin');
  }
  throw new Error(
    'PostgreSQL is not installed: no initdb under /usr/lib/postgresql/*/bin. ' +
      'Install it with "apt-get install -y postgresql" (scripts/setup.sh --test does), or set RAGSCOPE_PG_BIN.',
  );
}

/**
 * Starts a throw-away PostgreSQL cluster on a free loopback port. initdb refuses to run as root,
 * so as root the cluster belongs to the "postgres" user that Debian's package creates.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'ragscope-pg-'));
  const dataDir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const runAs = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));

  const [initCmd, initArgs] = runAs(join(bin, 'initdb'), ['-D', dataDir, '-U', 'ragscope', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });

  const port = await freePort();
  const [cmd, args] = runAs(join(bin, 'postgres'), [
    '-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`,
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
  ]);
  const server = spawnGroup(cmd, args);
  const url = `postgres://ragscope@127.0.0.1:${port}/postgres`;
  const { Client } = await import('pg');
  try {
    await waitFor(`PostgreSQL on port ${port}`, async () => {
      if (server.exited()) throw new GiveUp(`PostgreSQL exited: ${server.output().trim()}`);
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.end();
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url,
    async stop() {
      await server.stop(10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
