import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, fixAll, fixableEdits, lint, MAX_FINDINGS_PER_RULE, RULES, type Finding } from '@linktrace/core';

const only = (ruleId: string, text: string): Finding[] => lint(text).filter((f) => f.ruleId === ruleId);

describe('lint runner', () => {
  it('places findings at 1-based lines and columns', () => {
    const text = '<p>\n  <a href="javascript:alert(1)">x</a>';
    const [finding] = only('url-scheme-unsafe', text);
    assert.ok(finding);
    assert.equal(text.slice(finding.start, finding.end).length > 0, true);
    assert.equal(finding.line, 2);
    assert.equal(finding.column, text.split('\n')[1]!.indexOf(text.slice(finding.start, finding.end)) + 1);
  });

  it('applies severity overrides and turns rules off', () => {
    const text = '<a href="javascript:alert(1)">x</a>';
    assert.equal(lint(text, { rules: { 'url-scheme-unsafe': 'info' } }).find((f) => f.ruleId === 'url-scheme-unsafe')?.severity, 'info');
    assert.equal(lint(text, { rules: { 'url-scheme-unsafe': 'off' } }).some((f) => f.ruleId === 'url-scheme-unsafe'), false);
  });

  it('honours disable-next-line, disable and enable pragmas', () => {
    const bad = '<a href="javascript:alert(1)">x</a>';
    assert.equal(only('url-scheme-unsafe', `<!-- linktrace-disable-next-line url-scheme-unsafe -->\n${bad}\n${bad}`).length, 1);
    assert.equal(only('url-scheme-unsafe', `<!-- linktrace-disable-next-line -->\n${bad}`).length, 0);
    assert.equal(only('url-scheme-unsafe', `${bad}<!-- linktrace-disable url-scheme-unsafe -->${bad}${bad}`).length, 1);
    assert.equal(only('url-scheme-unsafe', `<!-- linktrace-disable url-scheme-unsafe -->${bad}<!-- linktrace-enable url-scheme-unsafe -->${bad}`).length, 1);
  });

  it('applies safe fixes without overlapping edits', () => {
    const text = '<a href=" www.site.com ">x</a>';
    let fixed = text;
    for (let pass = 0; pass < 5; pass++) {
      const edits = fixableEdits(lint(fixed));
      if (!edits.length) break;
      fixed = applyEdits(fixed, edits);
    }
    assert.equal(fixed, '<a href="https://www.site.com">x</a>');
  });

  it('never throws, whatever the text', () => {
    for (const text of ['', '\u0000\uffff\ud800', '<a href="', '<!--[if mso]><v:rect href="x', '<'.repeat(10000), '{{'.repeat(5000), '<%'.repeat(5000)]) {
      assert.ok(Array.isArray(lint(text)));
      assert.ok(Array.isArray(lint(text, { format: 'text' })));
    }
  });

  it('has one rule file, one doc page and one test file per registered rule', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const root = path.resolve(here, '../../..');
    const ruleFiles = readdirSync(path.join(root, 'packages/core/src/rules')).filter((f) => !f.includes('helpers') && f !== 'index.ts');
    assert.deepEqual(ruleFiles.map((f) => f.replace(/\.ts$/, '')).sort(), RULES.map((r) => r.id).sort());
    for (const rule of RULES) {
      assert.match(readFileSync(path.join(root, 'docs/rules', `${rule.id}.md`), 'utf8'), new RegExp(rule.id));
      assert.ok(readFileSync(path.join(root, 'packages/core/test/rules', `${rule.id}.test.ts`), 'utf8').includes(`'${rule.id}'`));
    }
  });

  it('keeps @linktrace/core platform-free', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const src = path.resolve(here, '../src');
    const files = readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    for (const file of files) {
      const code = readFileSync(path.join(src, file), 'utf8');
      assert.doesNotMatch(code, /from\s+['"](?:node:|fs|http|path|vscode)['"/]/, `${file} imports a platform module`);
    }
  });

  it('lists at most MAX_FINDINGS_PER_RULE findings of a rule, then one saying how many more, where they start', () => {
    const row = (i: number): string => `<a href="http://shop.example/${i}">x</a>\n`;
    const count = MAX_FINDINGS_PER_RULE + 250;
    const text = Array.from({ length: count }, (_, i) => row(i)).join('');
    const findings = only('url-insecure-http', text);
    assert.equal(findings.length, MAX_FINDINGS_PER_RULE + 1);
    const summary = findings[MAX_FINDINGS_PER_RULE]!;
    assert.match(summary.message, /^250 more url-insecure-http findings from here on are not listed/);
    assert.equal(summary.line, MAX_FINDINGS_PER_RULE + 1, 'at the first finding left out');
    assert.equal(summary.fix, undefined);
    assert.equal(summary.severity, findings[0]!.severity);
    assert.ok(findings.slice(0, MAX_FINDINGS_PER_RULE).every((finding, i) => finding.line === i + 1 && !finding.message.includes('not listed')));
    // Other rules keep their own budget, and suppressed findings do not use it up.
    const suppressed = `<!-- linktrace-disable-next-line url-insecure-http -->\n${text}`;
    assert.equal(only('url-insecure-http', suppressed).length, MAX_FINDINGS_PER_RULE + 1);
    assert.equal(only('url-insecure-http', Array.from({ length: MAX_FINDINGS_PER_RULE }, (_, i) => row(i)).join('')).length, MAX_FINDINGS_PER_RULE);
  });

  it('fix-all still fixes every safe fix past the cap, in later passes', () => {
    const text = Array.from({ length: MAX_FINDINGS_PER_RULE + 300 }, (_, i) => `<a href=" https://shop.example/${i}">x</a>\n`).join('');
    assert.equal(fixAll(text).includes('href=" '), false);
  });
});
