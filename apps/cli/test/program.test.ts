import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/program';

describe('ragscope CLI', () => {
  it('describes itself in --help', () => {
    const help = buildProgram().helpInformation();
    expect(help).toContain('Usage: ragscope');
    expect(help).toContain('evaluate retrieval');
  });

  it('runs as the workspace bin from the repository root', () => {
    const root = join(__dirname, '..', '..', '..');
    const out = execFileSync('npx', ['--no-install', 'ragscope', '--help'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('Usage: ragscope');
  });
});
