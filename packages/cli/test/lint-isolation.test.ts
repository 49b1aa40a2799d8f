// A failure inside linktrace on one file is an internal-error finding on that file; the other
// files of the same command line keep their results.
import assert from 'node:assert/strict';
import path from 'node:path';
import { lint, type LintOptions } from '@linktrace/core';
import { lintFileIsolated } from '../src/commands/lint';
import { formatStylish } from '../src/formatters/stylish';
import { ensureCliBuilt, runCli, tempDir, writeFiles } from './run-cli';

const UNSAFE = '<p><a href="javascript:alert(1)">Click</a></p>\n';
const CRASH_MARKER = '<!-- crash here -->';

/** Core's lint, except that it fails the way a stack overflow did on one kind of template. */
const lintThatFailsOnMarker = (text: string, options: LintOptions) => {
  if (text.includes(CRASH_MARKER)) throw new RangeError('Maximum call stack size exceeded');
  return lint(text, options);
};

describe('linktrace lint: fault isolation', function () {
  this.timeout(120_000);
  let work: ReturnType<typeof tempDir>;
  beforeEach(() => {
    work = tempDir('isolation');
  });
  afterEach(() => work.remove());

  it('a failure on one file is an internal-error finding there; the next file is linted as usual', async () => {
    writeFiles(work.dir, { 'a.html': `${CRASH_MARKER}\n${UNSAFE}`, 'b.html': UNSAFE });
    const a = await lintFileIsolated(path.join(work.dir, 'a.html'), {}, false, lintThatFailsOnMarker);
    const b = await lintFileIsolated(path.join(work.dir, 'b.html'), {}, false, lintThatFailsOnMarker);
    assert.deepEqual(a.findings.map((finding) => [finding.ruleId, finding.severity, finding.line, finding.column]), [['internal-error', 'error', 1, 1]]);
    assert.match(a.findings[0]!.message, /Maximum call stack size exceeded.*please report/);
    assert.deepEqual(b.findings.map((finding) => finding.ruleId), lint(UNSAFE).map((finding) => finding.ruleId));
    assert.ok(b.findings.some((finding) => finding.ruleId === 'url-scheme-unsafe'));
    const report = formatStylish([a, b], { cwd: work.dir });
    assert.match(report, /a\.html[^]*internal-error[^]*b\.html[^]*url-scheme-unsafe/);
  });

  it('with --fix too', async () => {
    writeFiles(work.dir, { 'a.html': `${CRASH_MARKER}\n<a href="www.example.com">x</a>` });
    const a = await lintFileIsolated(path.join(work.dir, 'a.html'), {}, true, lintThatFailsOnMarker);
    assert.deepEqual(a.findings.map((finding) => finding.ruleId), ['internal-error']);
  });

  it('the templates that used to crash lint are linted, and every file on the command line is reported', async () => {
    ensureCliBuilt();
    writeFiles(work.dir, {
      'nested.html': '<!--[if mso]>'.repeat(4_000),
      'vml.html': '<!--[if mso]><v:roundrect href="https://example.com/">'.repeat(2_000),
      'unsafe.html': UNSAFE,
    });
    const run = await runCli(['lint', '--format', 'json', 'nested.html', 'vml.html', 'unsafe.html'], work.dir);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.equal(run.code, 1, run.stderr);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const rulesOf = (name: string) => results.find((result) => path.basename(result.filePath) === name)?.messages.map((message) => message.ruleId);
    assert.ok(rulesOf('nested.html')?.includes('parse-limit'));
    assert.ok(rulesOf('vml.html')?.includes('parse-limit'));
    assert.ok(rulesOf('unsafe.html')?.includes('url-scheme-unsafe'));
    assert.ok(results.every((result) => !result.messages.some((message) => message.ruleId === 'internal-error')));
  });
});
