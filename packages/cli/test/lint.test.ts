import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '@linktrace/core';
import { ensureCliBuilt, runCli, tempDir, writeFiles } from './run-cli';

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** 1-based line and column of the first occurrence of `needle`, as editors show them. */
function placeOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `fixture contains ${needle}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const CLEAN = `<!doctype html>
<html>
<body>
  <p>Hello {{ first_name }},</p>
  <a href="https://shop.northwind-outfitters.com/sale?utm_source=email" data-label="hero">Shop the sale</a>
  <img src="https://cdn.northwind-outfitters.com/logo.png" alt="Logo">
  <a href="https://shop.northwind-outfitters.com/unsubscribe" data-tracking="opt-out">Unsubscribe</a>
</body>
</html>
`;

/** A clean email plus one extra link. */
const withLink = (anchor: string) => CLEAN.replace('</body>', `  ${anchor}\n</body>`);

const UNSAFE = withLink('<a href="javascript:alert(1)">Click</a>');
const NO_SCHEME = withLink('<a href="www.site.com" data-label="site">Our site</a>');
const INSECURE = withLink('<a href="http://old.northwind-outfitters.com/" data-label="old">Old site</a>');
/** Two links that only draw info findings: an untracked mailto: and a phone number with spaces. */
const HINTS_ONLY = CLEAN.replace('</body>', [
  '  <a href="mailto:help@northwind-outfitters.com">Write to us</a>',
  '  <a href="tel:+41 600 00 00">Call us</a>',
  '</body>',
].join('\n'));
const MIXED = CLEAN.replace('</body>', [
  '  <a href="www.site.com" data-label="site">Our site</a>',
  '  <a href="javascript:alert(1)">Click</a>',
  '  <a href="http://old.northwind-outfitters.com/" data-label="old">Old site</a>',
  '</body>',
].join('\n'));

interface EslintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: { range: [number, number]; text: string };
}
interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  fatalErrorCount: number;
  output?: string;
}

describe('linktrace lint', function () {
  this.timeout(120_000);
  let work: ReturnType<typeof tempDir>;
  let dir: string;
  before(() => ensureCliBuilt());
  beforeEach(() => {
    work = tempDir('lint');
    dir = work.dir;
  });
  afterEach(() => work.remove());

  const lintJson = async (args: string[], cwd = dir) => {
    const run = await runCli(['lint', '--format', 'json', ...args], cwd);
    return { ...run, results: JSON.parse(run.stdout) as EslintResult[] };
  };

  describe('exit codes', () => {
    it('exits 0 and prints nothing for a clean template', async () => {
      writeFiles(dir, { 'clean.html': CLEAN });
      const run = await runCli(['lint', 'clean.html'], dir);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, '');
    });

    it('exits 1 on an error finding and names file, place and rule', async () => {
      writeFiles(dir, { 'unsafe.html': UNSAFE });
      const run = await runCli(['lint', 'unsafe.html'], dir);
      assert.equal(run.code, 1);
      const { line, column } = placeOf(UNSAFE, 'javascript:');
      assert.match(run.stdout, /^unsafe\.html$/m);
      assert.match(run.stdout, new RegExp(`^  ${line}:${column}\\s+error\\s+.*url-scheme-unsafe$`, 'm'));
      assert.match(run.stdout, /✖ 1 problem \(1 error, 0 warnings\)/);
    });

    it('exits 0 on warnings only, and 1 when they exceed --max-warnings', async () => {
      writeFiles(dir, { 'insecure.html': INSECURE });
      const plain = await runCli(['lint', 'insecure.html'], dir);
      assert.equal(plain.code, 0);
      assert.match(plain.stdout, /warning\s+.*url-insecure-http/);
      assert.equal((await runCli(['lint', '--max-warnings', '1', 'insecure.html'], dir)).code, 0);
      const over = await runCli(['lint', '--max-warnings', '0', 'insecure.html'], dir);
      assert.equal(over.code, 1);
      assert.match(over.stderr, /too many warnings \(1; --max-warnings is 0\)/);
    });

    it('exits 2 for a missing file but still lints the others', async () => {
      writeFiles(dir, { 'unsafe.html': UNSAFE });
      const run = await lintJson(['missing.html', 'unsafe.html']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /missing\.html: file not found/);
      assert.deepEqual(run.results.map((r) => path.basename(r.filePath)), ['unsafe.html']);
      assert.equal(run.results[0]!.errorCount, 1);
    });
  });

  describe('--format json (ESLint-compatible)', () => {
    it('gives each file with exact places, severities 2/1 and counts', async () => {
      writeFiles(dir, { 'mixed.html': MIXED, 'clean.html': CLEAN });
      const run = await lintJson(['mixed.html', 'clean.html']);
      assert.equal(run.code, 1);
      assert.equal(run.stderr, '');
      assert.deepEqual(run.results.map((r) => r.filePath), [path.join(dir, 'mixed.html'), path.join(dir, 'clean.html')]);
      const [mixed, clean] = run.results as [EslintResult, EslintResult];
      assert.deepEqual(clean.messages, []);
      assert.equal(clean.errorCount + clean.warningCount, 0);

      const byRule = (id: string) => mixed.messages.find((m) => m.ruleId === id);
      const unsafe = byRule('url-scheme-unsafe');
      assert.ok(unsafe, 'reports javascript:');
      const start = placeOf(MIXED, 'javascript:alert(1)');
      assert.deepEqual(
        { severity: unsafe.severity, line: unsafe.line, column: unsafe.column, endLine: unsafe.endLine, endColumn: unsafe.endColumn },
        { severity: 2, ...start, endLine: start.line, endColumn: start.column + 'javascript:alert(1)'.length },
      );
      assert.equal(byRule('url-insecure-http')?.severity, 1);
      for (const message of mixed.messages) {
        assert.equal(typeof message.message, 'string');
        assert.ok([0, 1, 2].includes(message.severity));
      }
      assert.equal(mixed.errorCount, mixed.messages.filter((m) => m.severity === 2).length);
      assert.equal(mixed.warningCount, mixed.messages.filter((m) => m.severity === 1).length);
      assert.equal(mixed.fatalErrorCount, 0);
    });

    it('carries safe fixes as ESLint fix ranges that repair the text', async () => {
      writeFiles(dir, { 'noscheme.html': NO_SCHEME });
      const { results } = await lintJson(['noscheme.html']);
      const message = results[0]!.messages.find((m) => m.ruleId === 'url-scheme-missing');
      assert.ok(message?.fix, 'url-scheme-missing has a fix');
      const { range, text } = message.fix;
      const repaired = NO_SCHEME.slice(0, range[0]) + text + NO_SCHEME.slice(range[1]);
      assert.ok(repaired.includes('href="https://www.site.com"'), repaired);
      assert.equal(results[0]!.fixableErrorCount + results[0]!.fixableWarningCount, 1);
    });
  });

  describe('--format sarif', () => {
    it('is a SARIF 2.1.0 log with every rule and located results', async () => {
      writeFiles(dir, { 'emails/unsafe.html': UNSAFE });
      const run = await runCli(['lint', '--format', 'sarif', 'emails'], dir);
      assert.equal(run.code, 1);
      const log = JSON.parse(run.stdout);
      assert.equal(log.version, '2.1.0');
      assert.match(log.$schema, /sarif-2\.1\.0/);
      assert.equal(log.runs.length, 1);
      const [sarifRun] = log.runs;
      assert.equal(sarifRun.tool.driver.name, 'linktrace');
      const rules = sarifRun.tool.driver.rules as { id: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[];
      assert.deepEqual(rules.map((rule) => rule.id), RULES.map((rule) => rule.id));
      for (const rule of rules) {
        assert.equal(rule.helpUri, `https://github.com/linktrace/linktrace/blob/main/docs/rules/${rule.id}.md`);
        assert.ok(existsSync(path.join(REPOSITORY_ROOT, 'docs', 'rules', `${rule.id}.md`)), `the page behind ${rule.helpUri} exists in the repository`);
        assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      }
      const result = sarifRun.results.find((r: { ruleId: string }) => r.ruleId === 'url-scheme-unsafe');
      assert.ok(result, 'reports javascript:');
      assert.equal(result.level, 'error');
      assert.equal(rules[result.ruleIndex]!.id, 'url-scheme-unsafe');
      const location = result.locations[0].physicalLocation;
      assert.deepEqual(location.artifactLocation, { uri: 'emails/unsafe.html', uriBaseId: 'SRCROOT' });
      const start = placeOf(UNSAFE, 'javascript:alert(1)');
      assert.equal(location.region.startLine, start.line);
      assert.equal(location.region.startColumn, start.column);
      assert.equal(location.region.endColumn, start.column + 'javascript:alert(1)'.length);
      assert.equal(location.region.snippet.text, 'javascript:alert(1)');
      assert.equal(sarifRun.originalUriBaseIds.SRCROOT.uri, `file://${dir}/`);
      assert.equal(sarifRun.invocations[0].executionSuccessful, true);
    });

    it('describes a safe fix as a SARIF replacement that repairs the text', async () => {
      writeFiles(dir, { 'noscheme.html': NO_SCHEME });
      const run = await runCli(['lint', '--format', 'sarif', 'noscheme.html'], dir);
      const result = JSON.parse(run.stdout).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'url-scheme-missing');
      const [change] = result.fixes[0].artifactChanges;
      assert.equal(change.artifactLocation.uri, 'noscheme.html');
      let repaired = NO_SCHEME;
      for (const { deletedRegion, insertedContent } of [...change.replacements].reverse()) {
        repaired = repaired.slice(0, deletedRegion.charOffset) + insertedContent.text + repaired.slice(deletedRegion.charOffset + deletedRegion.charLength);
      }
      assert.ok(repaired.includes('href="https://www.site.com"'), repaired);
    });

    it('reports an unreadable file as a failed execution notification', async () => {
      writeFiles(dir, { 'logo.html': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]) });
      const run = await runCli(['lint', '--format', 'sarif', 'logo.html'], dir);
      assert.equal(run.code, 2);
      const [sarifRun] = JSON.parse(run.stdout).runs;
      assert.equal(sarifRun.invocations[0].executionSuccessful, false);
      assert.match(sarifRun.invocations[0].toolExecutionNotifications[0].message.text, /logo\.html: binary file/);
    });
  });

  describe('info findings (hints)', () => {
    it('stay out of stylish and json output unless --info asks, and never change the exit code', async () => {
      writeFiles(dir, { 'hints.html': HINTS_ONLY });
      const stylish = await runCli(['lint', '--max-warnings', '0', 'hints.html'], dir);
      assert.equal(stylish.code, 0, stylish.stdout + stylish.stderr);
      assert.equal(stylish.stdout, '');
      const json = await lintJson(['hints.html']);
      assert.equal(json.code, 0);
      assert.deepEqual(json.results[0]!.messages, []);
      assert.equal(json.results[0]!.warningCount, 0);
    });

    it('with --info: stylish says info, json sends severity 1 (never 0, ESLint\'s "off") marked as info', async () => {
      writeFiles(dir, { 'hints.html': HINTS_ONLY });
      const stylish = await runCli(['lint', '--info', 'hints.html'], dir);
      assert.equal(stylish.code, 0);
      const { line, column } = placeOf(HINTS_ONLY, 'mailto:');
      assert.match(stylish.stdout, new RegExp(`^  ${line}:${column}\\s+info\\s+.*url-untracked-scheme$`, 'm'));
      assert.match(stylish.stdout, /info\s+The phone link "tel:\+41 600 00 00" has spaces.*url-whitespace$/m);
      assert.match(stylish.stdout, /\(0 errors, 0 warnings, 3 info\)/);

      const json = await lintJson(['--info', '--max-warnings', '0', 'hints.html']);
      assert.equal(json.code, 0, 'info findings are not warnings for --max-warnings');
      const [result] = json.results as [EslintResult];
      assert.deepEqual(
        result.messages.map((m) => [m.ruleId, m.severity, (m as { linktraceSeverity?: string }).linktraceSeverity]),
        [['url-untracked-scheme', 1, 'info'], ['url-untracked-scheme', 1, 'info'], ['url-whitespace', 1, 'info']],
      );
      assert.equal(result.warningCount, 3, 'counts agree with the messages');
    });

    it('SARIF always carries them, as notes', async () => {
      writeFiles(dir, { 'hints.html': HINTS_ONLY });
      const run = await runCli(['lint', '--format', 'sarif', 'hints.html'], dir);
      assert.equal(run.code, 0);
      const [sarifRun] = JSON.parse(run.stdout).runs;
      const levels = (sarifRun.results as { ruleId: string; level: string }[]).map((r) => `${r.ruleId}:${r.level}`);
      assert.deepEqual(levels, ['url-untracked-scheme:note', 'url-untracked-scheme:note', 'url-whitespace:note']);
    });
  });

  describe('--fix', () => {
    it('writes only safe fixes and reports them', async () => {
      writeFiles(dir, { 'mixed.html': MIXED });
      const run = await runCli(['lint', '--fix', 'mixed.html'], dir);
      const after = readFileSync(path.join(dir, 'mixed.html'), 'utf8');
      assert.equal(after, MIXED.replace('href="www.site.com"', 'href="https://www.site.com"'), 'only the missing scheme is fixed');
      assert.match(run.stdout, /^Fixed 1 problem in 1 file:$/m);
      const { line, column } = placeOf(MIXED, 'www.site.com');
      assert.match(run.stdout, new RegExp(`^  mixed\\.html:${line}:${column}  .*url-scheme-missing$`, 'm'));
      // The unfixable error remains and is still reported against the fixed text.
      assert.equal(run.code, 1);
      assert.match(run.stdout, /url-scheme-unsafe/);
      assert.doesNotMatch(run.stdout.split('\n\n').slice(1).join('\n'), /url-scheme-missing/);

      const again = await runCli(['lint', '--fix', 'mixed.html'], dir);
      assert.doesNotMatch(again.stdout, /Fixed/);
      assert.equal(readFileSync(path.join(dir, 'mixed.html'), 'utf8'), after, 'a second --fix changes nothing');
    });

    it('keeps stdout pure JSON and reports fixes on stderr, with ESLint output', async () => {
      writeFiles(dir, { 'noscheme.html': NO_SCHEME });
      const run = await lintJson(['--fix', 'noscheme.html']);
      assert.match(run.stderr, /Fixed 1 problem/);
      assert.equal(run.results[0]!.output, readFileSync(path.join(dir, 'noscheme.html'), 'utf8'));
      assert.ok(run.results[0]!.output!.includes('href="https://www.site.com"'));
      assert.equal(run.results[0]!.messages.some((m) => m.ruleId === 'url-scheme-missing'), false);
    });

    it('keeps a UTF-8 byte-order mark', async () => {
      writeFiles(dir, { 'bom.html': `\ufeff${NO_SCHEME}` });
      await runCli(['lint', '--fix', 'bom.html'], dir);
      const bytes = readFileSync(path.join(dir, 'bom.html'));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.ok(bytes.toString('utf8').includes('https://www.site.com'));
    });

    it('never writes without --fix, in any format', async () => {
      writeFiles(dir, { 'mixed.html': MIXED });
      const file = path.join(dir, 'mixed.html');
      const before = statSync(file).mtimeMs;
      for (const format of ['stylish', 'json', 'sarif']) {
        const run = await runCli(['lint', '--format', format, 'mixed.html'], dir);
        assert.equal(run.code, 1);
      }
      assert.equal(readFileSync(file, 'utf8'), MIXED);
      assert.equal(statSync(file).mtimeMs, before);
    });
  });

  describe('unreadable and binary files', () => {
    const cases: { name: string; bytes: Uint8Array; message: RegExp }[] = [
      { name: 'image.html', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), message: /image\.html: binary file \(NUL byte at offset 8\)/ },
      { name: 'latin1.html', bytes: Buffer.from('<a href="https://example.com/caf\xe9">Caf\xe9</a>', 'latin1'), message: /latin1\.html: not valid UTF-8/ },
      { name: 'utf16.html', bytes: Buffer.from('\ufeff<a href="x">', 'utf16le'), message: /utf16\.html: UTF-16 encoded; save it as UTF-8/ },
    ];
    for (const { name, bytes, message } of cases) {
      it(`refuses ${name} with a clear message and exit 2, linting the others`, async () => {
        writeFiles(dir, { [name]: bytes, 'unsafe.html': UNSAFE });
        const run = await lintJson(['.']);
        assert.equal(run.code, 2);
        assert.match(run.stderr, message);
        const refused = run.results.find((r) => r.filePath.endsWith(name));
        assert.equal(refused?.fatalErrorCount, 1);
        assert.equal(refused?.messages[0]?.fatal, true);
        assert.ok(run.results.find((r) => r.filePath.endsWith('unsafe.html'))!.errorCount >= 1, 'the good file is still linted');
        assert.deepEqual(readFileSync(path.join(dir, name)), Buffer.from(bytes), 'left as it was');
      });
    }

    it('says so when a directory holds no templates', async () => {
      writeFiles(dir, { 'notes/readme.md': '# hi' });
      const run = await runCli(['lint', 'notes'], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /notes: no email templates found/);
    });
  });

  describe('targets', () => {
    it('expands directories to email templates, skipping tooling folders and non-email text', async () => {
      writeFiles(dir, {
        'a.html': CLEAN,
        'b.hbs': CLEAN,
        'c.htm': CLEAN,
        'nested/d.liquid': CLEAN,
        'nested/e.njk': CLEAN,
        'welcome.html': CLEAN,
        'welcome.txt': 'Hi, see (https://shop.northwind-outfitters.com/)',
        'receipt.text.txt': 'Your receipt: (https://shop.northwind-outfitters.com/r)',
        'README.txt': 'not an email',
        'notes.md': '# notes',
        'node_modules/pkg/x.html': UNSAFE,
        'dist/y.html': UNSAFE,
        '.git/z.html': UNSAFE,
        '.linktrace/w.html': UNSAFE,
      });
      const run = await lintJson([]);
      assert.equal(run.code, 0, run.stderr + JSON.stringify(run.results.filter((r) => r.messages.length)));
      assert.deepEqual(
        run.results.map((r) => path.relative(dir, r.filePath)).sort(),
        ['a.html', 'b.hbs', 'c.htm', 'nested/d.liquid', 'nested/e.njk', 'receipt.text.txt', 'welcome.html', 'welcome.txt'],
      );
    });

    it('finds MJML, Twig, Smarty/.tpl, Nunjucks, Handlebars and Liquid templates in a directory', async () => {
      const mjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-button href="javascript:alert(1)">Click</mj-button>
</mj-column></mj-section></mj-body></mjml>`;
      writeFiles(dir, {
        'emails/news.mjml': mjml,
        'emails/order.twig': CLEAN,
        'emails/reset.tpl': CLEAN,
        'emails/layout.njk': CLEAN,
        'emails/a.hbs': CLEAN,
        'emails/b.handlebars': CLEAN,
        'emails/c.liquid': CLEAN,
        'emails/d.html': CLEAN,
        'emails/notes.md': '# notes',
      });
      const run = await lintJson(['emails']);
      assert.deepEqual(
        run.results.map((r) => path.relative(dir, r.filePath)).sort(),
        ['emails/a.hbs', 'emails/b.handlebars', 'emails/c.liquid', 'emails/d.html', 'emails/layout.njk', 'emails/news.mjml', 'emails/order.twig', 'emails/reset.tpl'],
      );
      const news = run.results.find((r) => r.filePath.endsWith('news.mjml'))!;
      const unsafe = news.messages.find((m) => m.ruleId === 'url-scheme-unsafe');
      assert.ok(unsafe, 'the mj-button href is linted');
      assert.deepEqual({ line: unsafe.line, column: unsafe.column }, placeOf(mjml, 'javascript:alert(1)'));
    });

    it('adds the files a config\'s "include" globs name, relative to the config', async () => {
      writeFiles(dir, {
        'linktrace.config.json': JSON.stringify({ include: ['*.php', 'mailers/**/*.eex'] }),
        'views/welcome.php': UNSAFE,
        'mailers/user/confirm.eex': CLEAN,
        'other/confirm.eex': UNSAFE,
        'views/helper.js': UNSAFE,
        'views/page.html': CLEAN,
      });
      const run = await lintJson([]);
      assert.deepEqual(
        run.results.map((r) => path.relative(dir, r.filePath)).sort(),
        ['mailers/user/confirm.eex', 'views/page.html', 'views/welcome.php'],
      );
      assert.equal(run.code, 1, 'the included welcome.php is linted, and its javascript: link is an error');
      const only = await runCli(['lint', 'other'], dir);
      assert.equal(only.code, 2, 'other/confirm.eex is outside the include globs');
      assert.match(only.stderr, /no email templates found/);
    });

    it('stops on an "include" that is not a list of globs', async () => {
      writeFiles(dir, { 'linktrace.config.json': JSON.stringify({ include: [3] }), 'a.html': CLEAN });
      const run = await runCli(['lint'], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /"include" must be a list of globs/);
    });

    it('expands globs, lints an explicit file of any extension once, and reports empty globs', async () => {
      writeFiles(dir, { 'emails/spring/a.html': UNSAFE, 'emails/b.html': CLEAN, 'emails/c.hbs': CLEAN, 'other.tmpl': UNSAFE });
      const run = await lintJson(['emails/**/*.html', 'emails/b.html', 'other.tmpl']);
      assert.deepEqual(run.results.map((r) => path.relative(dir, r.filePath)), ['emails/b.html', 'emails/spring/a.html', 'other.tmpl']);
      assert.equal(run.code, 1);
      const empty = await runCli(['lint', 'emails/**/*.mjml'], dir);
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /emails\/\*\*\/\*\.mjml: no files match this pattern/);
    });
  });

  describe('linktrace.config.json', () => {
    it('applies rule severities and per-glob overrides from the nearest config', async () => {
      writeFiles(dir, {
        'linktrace.config.json': JSON.stringify({
          rules: { 'url-insecure-http': 'error' },
          overrides: [{ files: ['legacy/**'], rules: { 'url-insecure-http': 'off' } }],
        }),
        'emails/insecure.html': INSECURE,
        'legacy/insecure.html': INSECURE,
      });
      // Run from a subdirectory: the config is found by walking up.
      const run = await lintJson(['.', '../legacy'], path.join(dir, 'emails'));
      assert.equal(run.code, 1);
      const current = run.results.find((r) => r.filePath.includes('/emails/'))!;
      const legacy = run.results.find((r) => r.filePath.includes('/legacy/'))!;
      assert.equal(current.messages.find((m) => m.ruleId === 'url-insecure-http')?.severity, 2);
      assert.equal(legacy.messages.some((m) => m.ruleId === 'url-insecure-http'), false);
    });

    it('uses --config instead of the nearest config', async () => {
      writeFiles(dir, {
        'linktrace.config.json': '{"rules":{"url-scheme-unsafe":"off"}}',
        'strict.json': '{"rules":{"url-insecure-http":"error"}}',
        'insecure.html': INSECURE,
      });
      const nearest = await runCli(['lint', 'insecure.html'], dir);
      assert.equal(nearest.code, 0);
      const explicit = await runCli(['lint', '--config', 'strict.json', 'insecure.html'], dir);
      assert.equal(explicit.code, 1);
      assert.match(explicit.stdout, /error\s+.*url-insecure-http/);
    });

    it('stops with exit 2 and names the problem for an invalid config', async () => {
      writeFiles(dir, { 'linktrace.config.json': '{"rules":{"url-insecure-htp":"error"}}', 'clean.html': CLEAN });
      const run = await runCli(['lint'], dir);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /linktrace\.config\.json: "rules" names an unknown rule "url-insecure-htp" \(did you mean "url-insecure-http"\?\)/);
      const missing = await runCli(['lint', '--config', 'nope.json'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /nope\.json: file not found/);
    });
  });
});
