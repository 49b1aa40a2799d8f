// Bundles every runnable artifact with esbuild. Runs on `npm install` (prepare) and `npm run build`.
// Usage: node scripts/build.mjs [--watch]
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);

// ws requires these optional native accelerators inside try/catch; leave them out of bundles.
const wsOptional = ['bufferutil', 'utf-8-validate'];

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  {
    // The `linktrace` CLI (lint, links, daemon, send-test, logs, report, start).
    entryPoints: [at('packages/cli/src/main.ts')],
    outfile: at('packages/cli/dist/linktrace.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: wsOptional,
  },
  {
    // `linktrace lsp` alone (the language server and core): bin/linktrace.cjs runs it for `lsp`,
    // so an editor's start-up does not load the daemon and the other commands.
    entryPoints: [at('packages/cli/src/lsp-main.ts')],
    outfile: at('packages/cli/dist/linktrace-lsp.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The daemon's render worker, loaded from beside the CLI bundle.
    entryPoints: [at('packages/daemon/src/render-worker.ts')],
    outfile: at('packages/cli/dist/render-worker.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The VS Code extension; `vscode` is provided by the extension host. Minified (names kept,
    // source map beside it): the language client library alone is about 1 MB as written, and the
    // bundle is read on every activation.
    entryPoints: [at('packages/vscode/src/extension.ts')],
    outfile: at('packages/vscode/dist/extension.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...wsOptional],
    minify: true,
    keepNames: true,
  },
  {
    // The language server bundled beside the extension (the same `linktrace lsp` bundle as the
    // CLI's): the extension forks it with the editor's own Node and talks LSP over node IPC.
    entryPoints: [at('packages/cli/src/lsp-main.ts')],
    outfile: at('packages/vscode/dist/linktrace-lsp.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The daemon bundled beside the extension: spawned with the editor's own Node.
    entryPoints: [at('packages/cli/src/main.ts')],
    outfile: at('packages/vscode/dist/linktrace.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: wsOptional,
  },
  {
    // Its render worker, beside it.
    entryPoints: [at('packages/daemon/src/render-worker.ts')],
    outfile: at('packages/vscode/dist/render-worker.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The Tracking panel's webview script (runs in the browser side of the webview).
    entryPoints: [at('packages/vscode/src/panel/webview/main.ts')],
    outfile: at('packages/vscode/dist/panel.js'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The extension-host test suite (mocha inside VS Code).
    entryPoints: [at('packages/vscode/test/host/index.ts')],
    outfile: at('packages/vscode/dist/test/index.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', 'playwright-core', ...wsOptional],
  },
];

const watch = process.argv.includes('--watch');
// Bundled, the daemon finds its render worker by __filename; import.meta.url is only its way from source.
const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none', logOverride: { 'empty-import-meta': 'silent' } };
for (const target of targets) {
  const entry = /** @type {string[]} */ (target.entryPoints)[0];
  if (!existsSync(entry)) continue; // a package not written yet
  const options = { ...common, ...target };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
if (!watch) console.log('build: ok');
