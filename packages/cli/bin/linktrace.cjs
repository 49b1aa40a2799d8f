#!/usr/bin/env node
// Built by `npm run build` (runs on `npm install`) into dist/. `linktrace lsp` has its own, smaller
// bundle: editors start the language server on every launch.
require(process.argv[2] === 'lsp' ? '../dist/linktrace-lsp.cjs' : '../dist/linktrace.cjs');
