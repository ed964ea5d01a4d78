import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

/**
 * Workspace libraries resolved to their TypeScript sources, so tests never need a build first.
 * Exact matches: '@ragscope/retrieval/arrow' (the browser-safe Arrow codecs) is its own entry.
 */
export const sourceAliases = [
  { find: /^@ragscope\/retrieval\/arrow$/, replacement: join(root, 'libs/retrieval/src/arrow/index.ts') },
  { find: /^@ragscope\/retrieval$/, replacement: join(root, 'libs/retrieval/src/index.ts') },
  { find: /^@ragscope\/services$/, replacement: join(root, 'libs/services/src/index.ts') },
  { find: /^@ragscope\/demo$/, replacement: join(root, 'libs/demo/src/index.ts') },
];

export type ServiceName = 'milvus' | 'postgres';

/**
 * The vitest setup every project shares: sources aliased, a JSON report per project in
 * test-results/ (summed by scripts/run-tests.mjs), and the real services a project needs
 * started by the global setup unless the caller already runs them.
 */
export function projectConfig(projectDir: string, options: { services?: ServiceName[] } & ViteUserConfig = {}) {
  const { services = [], ...overrides } = options;
  const name = basename(projectDir);
  return mergeConfig(
    defineConfig({
      resolve: { alias: sourceAliases },
      test: {
        name,
        root: projectDir,
        include: ['src/**/*.{spec,test}.{ts,tsx}', 'test/**/*.{spec,test}.{ts,tsx}'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        reporters: ['default', ['json', { outputFile: join(root, 'test-results', `${name}.json`) }]],
        globalSetup: services.length ? [join(here, 'services-setup.ts')] : [],
        provide: { requiredServices: services },
      },
    }),
    overrides,
  );
}
