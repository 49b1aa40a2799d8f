// A real LSP client that is not VS Code: Neovim's built-in client (Debian's neovim, 0.7.2 or
// later), headless, runs `linktrace lsp --stdio` on the fixture through client.lua and reports what
// it saw in a JSON file. nvim missing is a failure with a clear message, not a skip: CI installs it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES, tempProject, type Project } from '../support/fixtures';
import { BIN, ensureCliBuilt } from '../support/lspClient';

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface NeovimReport {
  filetype?: string;
  error?: string;
  steps: { diagnostics?: boolean; relinted?: boolean };
  sync?: number;
  diagnostics?: { code: string; severity: number; lnum: number; col: number; source: string }[];
  actions?: string[];
  line_after_fix?: string;
  diagnostics_after_fix?: { code: string }[];
}

function runNeovim(project: Project, file: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      // Neovim's state, cache (lsp.log) and config stay in the temporary project.
      XDG_CONFIG_HOME: path.join(project.dir, '.xdg/config'),
      XDG_DATA_HOME: path.join(project.dir, '.xdg/data'),
      XDG_STATE_HOME: path.join(project.dir, '.xdg/state'),
      XDG_CACHE_HOME: path.join(project.dir, '.xdg/cache'),
      LINKTRACE_NVIM_OUT: path.join(project.dir, 'report.json'),
      LINKTRACE_NVIM_FILE: file,
      LINKTRACE_NVIM_ROOT: project.dir,
      LINKTRACE_NVIM_NODE: process.execPath,
      LINKTRACE_NVIM_BIN: BIN,
    };
    const child = spawn('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(HERE, 'client.lua')}`], { cwd: project.dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('Neovim (built-in LSP client, headless)', function () {
  this.timeout(90_000);
  let project: Project;
  before(() => {
    const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      throw new Error('nvim is not installed: this test needs Debian\'s neovim (apt-get install -y neovim), which .ci/run installs');
    }
    ensureCliBuilt();
    project = tempProject();
  });
  after(() => project?.remove());

  it('opens a template, receives the diagnostics and a quick fix, and the fix re-lints', async () => {
    const file = path.join(project.dir, 'newsletter.html');
    copyFileSync(path.join(FIXTURES, 'newsletter.html'), file);
    const { code, stderr } = await runNeovim(project, file);
    const reportFile = path.join(project.dir, 'report.json');
    assert.ok(existsSync(reportFile), `Neovim wrote no report (exit ${code}):\n${stderr}`);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as NeovimReport;
    assert.equal(report.error, undefined, `client.lua failed: ${report.error}\n${JSON.stringify(report)}`);
    assert.equal(report.filetype, 'html');
    assert.equal(report.sync, 2, 'incremental sync');
    assert.equal(report.steps.diagnostics, true, 'diagnostics arrived');
    assert.deepEqual(report.diagnostics, [
      { code: 'url-whitespace', severity: 2, lnum: 3, col: 11, source: 'linktrace' },
      { code: 'url-untracked-scheme', severity: 3, lnum: 4, col: 11, source: 'linktrace' },
      { code: 'url-nonproduction-host', severity: 2, lnum: 5, col: 19, source: 'linktrace' },
    ]);
    assert.deepEqual(report.actions, ['Remove the leading whitespace', 'Disable url-whitespace for this line']);
    assert.equal(report.line_after_fix, '  <a href="https://acmeshop.io/news" data-tracking="tracked" data-label="hero">Read the news</a>');
    assert.equal(report.steps.relinted, true, 'diagnostics after the fix arrived');
    assert.deepEqual(report.diagnostics_after_fix?.map((d) => d.code), ['url-untracked-scheme', 'url-nonproduction-host']);
  });
});
