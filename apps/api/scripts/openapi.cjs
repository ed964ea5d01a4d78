// Writes the api's OpenAPI document to apps/api/openapi.json (checked in; test/openapi.test.ts
// fails when it is stale). Run after changing a controller or DTO: npm run openapi -w @ragscope/api
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ragscope-openapi-'));
  try {
    const { createApp, openApiDocument } = require('../dist/app.js');
    const { loadConfig } = require('../dist/config/config.js');
    const app = await createApp(loadConfig({ RAGSCOPE_DATA_DIR: dataDir, RAGSCOPE_MILVUS_LITE: '0', RAGSCOPE_DEMO: '0', LOG_LEVEL: 'error' }), { logger: false });
    await app.init();
    writeFileSync(join(__dirname, '..', 'openapi.json'), `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
