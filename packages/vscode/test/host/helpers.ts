// Shared by the extension-host suites: activating the extension under test, opening fixtures of
// the temporary workspace, and waiting for asynchronous editor state.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TemplateLinksResult } from '@linktrace/lsp/src/protocol';
import type { LinktraceApi } from '../../src/extension';

export const EXTENSION_ID = 'linktrace.linktrace-vscode';

export async function activateExtension(): Promise<LinktraceApi> {
  const extension = vscode.extensions.getExtension<LinktraceApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded in the extension host`);
  return extension.activate();
}

/** A fixture file of the workspace the runner opened (a copy of packages/vscode/test/fixtures). */
export function fixtureUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opened a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Drops the edits of a test and closes its editor, so the next test sees the fixture as written. */
export async function revertAndClose(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/**
 * How much longer than written every wait and per-test timeout of the host suites is:
 * LINKTRACE_TEST_TIMEOUT_SCALE (a number, at least 1; 1 when unset). A wait is not a speed check:
 * it must not fail on a slow machine (CI's loaded 2-core runner reaches a load average of 10-16),
 * and speed is measured by `npm run bench`.
 */
export const TIMEOUT_SCALE = Math.max(1, Number(process.env.LINKTRACE_TEST_TIMEOUT_SCALE) || 1);

/** `ms` stretched by LINKTRACE_TEST_TIMEOUT_SCALE. */
export function scaledTimeout(ms: number): number {
  return Math.round(ms * TIMEOUT_SCALE);
}

/** The shortest a waitFor waits before failing (before scaling): generous, since failing costs a flake and waiting costs nothing once the probe holds. */
export const WAIT_TIMEOUT_MS = 30_000;

/** Polls until `probe` returns a truthy value; fails with `what` (and the last value) after the timeout. */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** `timeoutMs` can lengthen the wait, never shorten it below WAIT_TIMEOUT_MS; both are scaled. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = WAIT_TIMEOUT_MS): Promise<Truthy<T>> {
  const waitMs = scaledTimeout(Math.max(timeoutMs, WAIT_TIMEOUT_MS));
  const deadline = Date.now() + waitMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as Truthy<T>;
    if (Date.now() > deadline) assert.fail(`timed out after ${waitMs / 1000} s waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function linktraceDiagnostics(uri: vscode.Uri, ruleId?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'linktrace' && (!ruleId || codeOf(diagnostic) === ruleId));
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

/** The range of the first occurrence of `text` in the document (after `after`, when given). */
export function rangeOf(document: vscode.TextDocument, text: string, after = 0): vscode.Range {
  const start = document.getText().indexOf(text, after);
  assert.ok(start >= 0, `${JSON.stringify(text)} is in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(start), document.positionAt(start + text.length));
}

/** The language server's analysis of the document's current version (linktrace/templateLinks). */
export async function templateLinks(api: LinktraceApi, document: vscode.TextDocument): Promise<TemplateLinksResult> {
  const result = await api.server.templateLinks(document);
  assert.ok(result, `${document.uri.path} is linted as a template`);
  assert.equal(result.version, document.version, 'the links are of the document as it is now');
  return result;
}

/** The id core gives the link whose URL is `url`, in the document's current analysis. */
export async function linkIdOf(api: LinktraceApi, document: vscode.TextDocument, url: string): Promise<string> {
  const link = (await templateLinks(api, document)).links.find((candidate) => candidate.raw === url);
  assert.ok(link, `a link to ${url} in ${document.uri.path}`);
  return link.id;
}

/**
 * A screenshot of the whole workbench into test-artifacts/NAME.png, taken by the code-server
 * harness's browser (see scripts/vscode-test-offline/README.md). Elsewhere (desktop VS Code) there
 * is no such browser and nothing is taken. Pictures are artifacts, not checks: a missing one is
 * reported, not failed.
 */
export async function screenshotWorkbench(name: string): Promise<void> {
  if (vscode.env.uiKind !== vscode.UIKind.Web) return;
  const directory = path.resolve(__dirname, '../../../../test-artifacts');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${name}.png`);
  rmSync(`${file}.done`, { force: true });
  // Let the workbench draw what the test just did.
  await new Promise((resolve) => setTimeout(resolve, 300));
  console.log(`VSC_TEST_SCREENSHOT ${file}`);
  const deadline = Date.now() + scaledTimeout(10_000);
  while (!existsSync(`${file}.done`)) {
    if (Date.now() > deadline) {
      console.warn(`screenshot ${name} was not taken (no code-server harness browser?)`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  rmSync(`${file}.done`, { force: true });
}
