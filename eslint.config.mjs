// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const frameworkImports = ['@nestjs/*', 'typeorm', 'express', 'react', 'react-dom', '@deck.gl/*', 'better-sqlite3', 'pg'];
const vectorDbSdks = ['@zilliz/milvus2-sdk-node', '@qdrant/js-client-rest'];
// embeddings and judge calls go through libs/retrieval/src/llm, behind the Embedder and RelevanceJudge interfaces
const llmClients = ['openai'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.venv/**', '.nx/**', 'test-results/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The core stays framework-free, and only the connectors talk to vector-database SDKs.
    files: ['libs/retrieval/src/**/*.ts'],
    ignores: ['libs/retrieval/src/connectors/**', 'libs/retrieval/src/llm/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...frameworkImports, ...vectorDbSdks, ...llmClients, '**/apps/**'] }],
    },
  },
  {
    files: ['libs/retrieval/src/connectors/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...frameworkImports, ...llmClients, '**/apps/**'] }] },
  },
  {
    files: ['libs/retrieval/src/llm/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...frameworkImports, ...vectorDbSdks, '**/apps/**'] }] },
  },
  {
    files: ['apps/api/src/**/*.ts', 'apps/cli/src/**/*.ts', 'apps/viewer/src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...vectorDbSdks, ...llmClients] }] },
  },
  {
    // tests read JSON bodies of many shapes; typing each one would hide what they check
    files: ['**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['apps/viewer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
