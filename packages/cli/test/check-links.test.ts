// `linktrace check-links` as users run it (the built binary) against a real server on 127.0.0.1:
// the linter's formats, exit codes, per-recipient findings, the cache between runs, usage errors.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startLinkServer, type LinkServer } from '../../daemon/test/support/link-servers';
import { ensureCliBuilt, runCli, tempDir, writeFiles } from './run-cli';

interface EslintResult {
  filePath: string;
  messages: { ruleId: string; severity: number; message: string; line: number; column: number }[];
  errorCount: number;
}

describe('linktrace check-links', function () {
  this.timeout(120_000);
  let work: ReturnType<typeof tempDir>;
  let server: LinkServer;
  before(async () => {
    ensureCliBuilt();
    server = await startLinkServer({ existingUsers: ['ada'] });
    const o = server.origin;
    work = tempDir('check-links');
    writeFiles(work.dir, {
      'linktrace.config.json': JSON.stringify({ allowedHosts: ['127.0.0.1'] }),
      'recipients.json': JSON.stringify([
        { id: 'ada', email: 'ada@example.test', fields: { slug: 'ada' } },
        { id: 'grace', email: 'grace@example.test', fields: { slug: 'grace' } },
      ]),
      'emails/welcome.html': [
        '<!doctype html><html><body>',
        `<a href="${o}/user/{{ user.slug }}">Your page</a>`,
        `<a href="${o}/ok">Shop</a>`,
        `<img src="${o}/logo-html" alt="">`,
        `<a href="${o}/unsubscribe?u={{ user.slug }}">Unsubscribe</a>`,
        '</body></html>',
      ].join('\n'),
    });
  });
  after(async () => {
    work.remove();
    await server.close();
  });

  it('reports per-recipient, image and not-checked findings as ESLint JSON, exit 1, and no GET to the opt-out', async () => {
    const run = await runCli(['check-links', 'emails', '--recipients', 'recipients.json', '--format', 'json', '--cache-ttl', '0'], work.dir);
    assert.equal(run.code, 1, run.stderr);
    const [result] = JSON.parse(run.stdout) as EslintResult[];
    assert.equal(result!.filePath, path.join(work.dir, 'emails/welcome.html'));
    assert.deepEqual(result!.messages.map((m) => [m.ruleId, m.line]), [['link-broken', 2], ['image-not-image', 4], ['link-not-checked', 5]]);
    assert.match(result!.messages[0]!.message, /^For grace \(grace@example.test\): .*\/user\/grace answers 404/);
    assert.equal(result!.errorCount, 2);
    assert.equal(server.hitsUnder('/unsubscribe'), 0);
    assert.match(run.stderr, /Checked 4 distinct URLs for 4 links and 2 recipients: 4 requests, 0 from the cache/);
  });

  it('re-runs from the cache within the TTL: no request reaches the server', async () => {
    const first = await runCli(['check-links', 'emails/welcome.html', '-r', 'recipients.json'], work.dir);
    assert.equal(first.code, 1);
    assert.ok(existsSync(path.join(work.dir, '.linktrace/link-check-cache.json')));
    const before = [...server.hits.values()].reduce((a, b) => a + b, 0);
    const second = await runCli(['check-links', 'emails/welcome.html', '-r', 'recipients.json'], work.dir);
    assert.equal([...server.hits.values()].reduce((a, b) => a + b, 0), before);
    assert.match(second.stderr, /0 requests, 4 from the cache/);
    assert.equal(second.stdout, first.stdout, 'same stylish report');
    assert.match(second.stdout, /2:\d+\s+error\s+For grace .* link-broken/);
  });

  it('lists every link per recipient with its result in a table, and every hop in report-json', async () => {
    const table = await runCli(['check-links', 'emails', '-r', 'recipients.json', '-f', 'table', '--cache-ttl', '0'], work.dir);
    assert.equal(table.code, 1);
    const o = server.origin;
    const lines = table.stdout.split('\n');
    assert.equal(lines[0], path.join('emails', 'welcome.html'));
    assert.match(lines[1]!, /^ {2}LINE:COL\s+RECIPIENT\s+RESULT\s+TIME\s+URL$/);
    const rows = lines.slice(2).filter(Boolean).map((line) => line.trim().split(/\s{2,}/));
    assert.deepEqual(rows.map((cells) => [cells[0], cells[1], cells[2]]), [
      ['2:10', 'ada', '200'], ['2:10', 'grace', '404'], ['3:10', 'all', '200'], ['4:11', 'all', '200'],
      ['5:10', 'ada', 'not checked'], ['5:10', 'grace', 'not checked'],
    ]);
    assert.match(rows[1]!.at(-1)!, new RegExp(`^${o}/user/grace$`));
    assert.match(rows[4]!.at(-1)!, /\/unsubscribe\?u=ada \(its path contains "unsubscribe"/);

    const report = await runCli(['check-links', 'emails', '-r', 'recipients.json', '-f', 'report-json', '--cache-ttl', '0'], work.dir);
    const [file] = JSON.parse(report.stdout) as { filePath: string; links: { linkId: string; recipientId?: string; url?: string; check?: { status: number; finalUrl: string; hops: { url: string; status: number; ms: number }[]; contentType?: string } }[] }[];
    const image = file!.links.find((link) => link.url === `${o}/logo-html`)!;
    assert.equal(image.check!.contentType, 'text/html');
    assert.equal(image.check!.hops.length, 1);
    assert.equal(image.check!.hops[0]!.status, 200);
    assert.equal(typeof image.check!.hops[0]!.ms, 'number');
  });

  it('describes the link-check rules in SARIF', async () => {
    const run = await runCli(['check-links', 'emails', '-r', 'recipients.json', '-f', 'sarif', '--cache-ttl', '0'], work.dir);
    const log = JSON.parse(run.stdout);
    const rules = log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id);
    for (const id of ['link-broken', 'image-not-image', 'link-not-checked', 'utm-missing']) assert.ok(rules.includes(id), id);
    const broken = log.runs[0].results.find((result: { ruleId: string }) => result.ruleId === 'link-broken');
    assert.equal(rules[broken.ruleIndex], 'link-broken');
  });

  it('refuses bad usage and bad recipients with exit 2', async () => {
    const none = await runCli(['check-links'], work.dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /name at least one template/);
    writeFiles(work.dir, { 'bad.json': '{"id":1}' });
    const bad = await runCli(['check-links', 'emails', '-r', 'bad.json'], work.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json/);
    const zero = await runCli(['check-links', 'emails', '--per-host', '0'], work.dir);
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /--per-host must be at least 1/);
  });
});
