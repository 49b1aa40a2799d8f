import assert from 'node:assert/strict';
import { ensureCliBuilt, runCli, tempDir, writeFiles } from './run-cli';

const TEMPLATE = `<!doctype html>
<html><body>
<a href="https://shop.example.com/sale?u={{ user.id }}" data-label="hero">Shop the sale</a>
<img src="https://cdn.example.com/logo.png" alt="">
<a href="https://shop.example.com/view" data-tracking="mirror-page">View in your browser</a>
<a href="mailto:help@example.com">Write to us</a>
<a href="{{ unsubscribe_url }}">Unsubscribe</a>
</body></html>
`;

interface InventoryLink {
  linkId: string;
  kind: string;
  tag: string;
  url: string;
  line: number;
  column: number;
  type: string;
  source: string;
  label?: string;
}

describe('linktrace links', function () {
  this.timeout(120_000);
  let work: ReturnType<typeof tempDir>;
  before(() => {
    ensureCliBuilt();
    work = tempDir('links');
    writeFiles(work.dir, {
      'emails/welcome.html': TEMPLATE,
      'emails/welcome.txt': 'Shop the sale: <https://shop.example.com/sale>\n',
      'binary.html': new Uint8Array([0x47, 0x49, 0x46, 0x00, 0x01]),
    });
  });
  after(() => work.remove());

  it('lists every link with place, tag, type and label in a table', async () => {
    const run = await runCli(['links', 'emails/welcome.html'], work.dir);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0]!, /^emails\/welcome\.html \(dialect: \w+, format: html, opens: on, clicks: on\)$/);
    assert.match(lines[1]!, /^platform: an email platform that tracks links after rendering \(no platform tag found; set "platform" in linktrace.config.json to be exact\)$/, 'which platform was assumed, and why');
    assert.match(lines[2]!, /^message: marketing \(/);
    assert.match(run.stdout, /^LINE:COL\s+TAG\s+TYPE\s+LABEL\s+URL$/m);
    assert.match(run.stdout, /^3:10\s+a\s+tracked\s+hero\s+https:\/\/shop\.example\.com\/sale\?u=\{\{ user\.id \}\}$/m);
    assert.match(run.stdout, /^4:11\s+img\s+never \(untrackable\)\s+-\s+https:\/\/cdn\.example\.com\/logo\.png$/m);
    assert.match(run.stdout, /^5:10\s+a\s+mirror-page\s+-\s+https:\/\/shop\.example\.com\/view$/m);
    assert.match(run.stdout, /^7:10\s+a\s+opt-out\s+-\s+\{\{ unsubscribe_url \}\}$/m);
    assert.match(run.stdout, /^5 links: 1 tracked, 1 opt-out, 1 mirror-page, 2 never$/m);
  });

  it('gives ids, kinds and tracking sources as JSON', async () => {
    const run = await runCli(['links', '--format', 'json', 'emails/welcome.html'], work.dir);
    assert.equal(run.code, 0, run.stderr);
    const inventory = JSON.parse(run.stdout) as { filePath: string; settings: unknown; links: InventoryLink[] };
    assert.ok(inventory.filePath.endsWith('/emails/welcome.html'));
    assert.deepEqual(inventory.settings, { opens: true, clicks: true });
    const { platform } = inventory as unknown as { platform: { id: string; tracking: string; reason: string } };
    assert.deepEqual([platform.id, platform.tracking], ['generic', 'rendered']);
    assert.match(platform.reason, /no platform tag found/);
    const brief = inventory.links.map(({ linkId, kind, tag, line, column, type, source, label }) => ({ linkId, kind, tag, line, column, type, source, label }));
    assert.deepEqual(brief, [
      { linkId: 'L1', kind: 'link', tag: 'a', line: 3, column: 10, type: 'tracked', source: 'default', label: 'hero' },
      { linkId: 'L2', kind: 'image', tag: 'img', line: 4, column: 11, type: 'never', source: 'untrackable', label: undefined },
      { linkId: 'L3', kind: 'link', tag: 'a', line: 5, column: 10, type: 'mirror-page', source: 'attribute', label: undefined },
      { linkId: 'L4', kind: 'link', tag: 'a', line: 6, column: 10, type: 'never', source: 'untrackable', label: undefined },
      { linkId: 'L5', kind: 'link', tag: 'a', line: 7, column: 10, type: 'opt-out', source: 'builtin', label: undefined },
    ]);
    assert.equal(inventory.links[3]!.url, 'mailto:help@example.com');
  });

  it('reads a .txt file as a text part and honours the config settings', async () => {
    writeFiles(work.dir, { 'linktrace.config.json': '{"clicks": false}' });
    try {
      const run = await runCli(['links', '-f', 'json', 'emails/welcome.txt'], work.dir);
      assert.equal(run.code, 0, run.stderr);
      const inventory = JSON.parse(run.stdout) as { format: string; links: InventoryLink[] };
      assert.equal(inventory.format, 'text');
      assert.deepEqual(inventory.links.map(({ kind, url, line, column, type }) => ({ kind, url, line, column, type })), [
        { kind: 'text-url', url: 'https://shop.example.com/sale', line: 1, column: 17, type: 'never' },
      ]);
    } finally {
      writeFiles(work.dir, { 'linktrace.config.json': '{}' });
    }
  });

  it('refuses a binary file with exit 2', async () => {
    const run = await runCli(['links', 'binary.html'], work.dir);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /binary\.html: binary file \(NUL byte at offset 3\)/);
  });

  it('reports a missing file or a directory with exit 2', async () => {
    const missing = await runCli(['links', 'nope.html'], work.dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.html: file not found/);
    const directory = await runCli(['links', 'emails'], work.dir);
    assert.equal(directory.code, 2);
    assert.match(directory.stderr, /emails: cannot read: is a directory/);
  });
});
