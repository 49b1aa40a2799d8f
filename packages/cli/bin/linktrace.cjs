#!/usr/bin/env node
// Built by `npm run build` (runs on `npm install`) into dist/.
require('../dist/linktrace.cjs');
