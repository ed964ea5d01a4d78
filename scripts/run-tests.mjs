#!/usr/bin/env node
// Runs every test suite of every project through Nx against real services started once for the
// whole run (Milvus Lite, PostgreSQL), runs lint and typecheck as checks, and ends with the line
// "N passed, N failed" summed over all suites (vitest writes one JSON report per project).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const resultsDir = join(root, 'test-results');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: process.env.CI ? '0' : '1' };

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function projectsWithTarget(target) {
  const dirs = ['libs', 'apps'].flatMap((d) => readdirSync(join(root, d)).map((p) => join(d, p))).concat(['e2e']);
  return dirs
    .map((dir) => join(root, dir, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')))
    .filter((pkg) => pkg.scripts?.[target])
    .map((pkg) => pkg.name);
}

const stops = [];
async function stopServices() {
  while (stops.length) await stops.pop()().catch((error) => console.error(`stopping a service failed: ${error.message}`));
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void stopServices().then(() => process.exit(130)));
}

let passed = 0;
let failed = 0;
const rows = [];
try {
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  // checks: every project lints clean and type-checks in strict mode
  for (const target of ['lint', 'typecheck']) {
    for (const project of projectsWithTarget(target)) {
      const code = await run('npx', ['nx', 'run', `${project}:${target}`, '--output-style=static']);
      rows.push([`${project}:${target}`, code === 0 ? 1 : 0, code === 0 ? 0 : 1]);
      if (code === 0) passed++;
      else failed++;
    }
  }

  const { startMilvusLite, startPostgres } = require(join(root, 'libs/services/dist/index.js'));
  const milvusDir = mkdtempSync(join(tmpdir(), 'ragscope-test-milvus-'));
  const milvus = await startMilvusLite({ dataDir: milvusDir });
  stops.push(async () => (await milvus.stop(), rmSync(milvusDir, { recursive: true, force: true })));
  const postgres = await startPostgres();
  stops.push(() => postgres.stop());
  env.MILVUS_ADDRESS = milvus.address;
  env.TEST_DATABASE_URL = postgres.url;
  console.log(`services: Milvus Lite at ${milvus.address}, PostgreSQL at ${postgres.url}`);

  const projects = projectsWithTarget('test');
  const nxCode = await run('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--output-style=stream', '--skip-nx-cache']);
  for (const project of projects) {
    const name = project.split('/').pop();
    const file = join(resultsDir, `${name}.json`);
    if (!existsSync(file)) {
      rows.push([`${project}:test`, 0, 1, 'no report: the suite did not run']);
      failed++;
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    // a file that failed to load has no tests but counts as a failure
    const brokenFiles = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
    const projectFailed = report.numFailedTests + brokenFiles;
    rows.push([`${project}:test`, report.numPassedTests, projectFailed]);
    passed += report.numPassedTests;
    failed += projectFailed;
  }
  if (nxCode !== 0 && failed === 0) {
    rows.push(['nx run-many -t test', 0, 1, `exited with ${nxCode}`]);
    failed++;
  }
} catch (error) {
  console.error(`test run aborted: ${error.stack ?? error}`);
  failed++;
} finally {
  await stopServices();
}

console.log('\nsummary');
for (const [name, p, f, note] of rows) console.log(`  ${name.padEnd(36)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed${note ? `  (${note})` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
