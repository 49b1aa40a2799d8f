#!/usr/bin/env node
// Built by `npm run build` (runs on `npm install`) into dist/. `linktrace lsp` has its own, smaller
// bundle, loaded through V8's code cache: editors start the language server on every launch.
if (process.argv[2] === 'lsp') require('./code-cache.cjs').runWithCodeCache(require('node:path').join(__dirname, '../dist/linktrace-lsp.cjs'));
else require('../dist/linktrace.cjs');
