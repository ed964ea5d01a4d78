#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  console.error('ragscope: the CLI is not built yet. Run "npm run build" (or "npm ci", which builds it) in the ragscope checkout.');
  process.exit(2);
}
require(main).run(process.argv).catch((error) => {
  console.error(`ragscope: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(typeof error?.exitCode === 'number' ? error.exitCode : 1);
});
