import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The ragscope checkout this code runs from (RAGSCOPE_HOME overrides). */
export function repoRoot(): string {
  if (process.env.RAGSCOPE_HOME) return process.env.RAGSCOPE_HOME;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'ragscope') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ragscope checkout above ${__dirname}; set RAGSCOPE_HOME`);
    dir = parent;
  }
}
