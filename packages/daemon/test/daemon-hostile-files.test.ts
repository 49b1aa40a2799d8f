// A data directory someone else prepared (a cloned repository can ship `.linktrace/`): links planted
// where the daemon writes, foreign files, forged daemon.json and lock. The daemon never writes
// through them, stops start-up naming the file, and leaves everything as it found it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LinkCheckCache, startDaemon, type Daemon } from '../src/index';
import { DATA_DIR_MARKER_FILE, DELIVERIES_DIR, DELIVERIES_FILE, ForeignFileError, JOURNAL_DIR, LOCK_FILE, UntrustedDataDirError, segmentFileName } from '../src/storage/index';
import { DAEMON_INFO_FILE } from '../src/daemon-info';
import { pathOf, prepare, request } from './support/daemon';

const VICTIM_TEXT = 'precious data that is not Linktrace\'s\n';

/** Starts, prepares a delivery and logs a click, so every file the daemon writes gets written. */
async function exercise(dataDir: string, options: { trustDataDir?: boolean } = {}): Promise<Daemon> {
  const daemon = await startDaemon({ dataDir, port: 0, ...options });
  try {
    const { delivery } = await prepare(Object.assign(daemon, { dispose: async () => undefined }), { template: '<a href="https://shop.example/">Shop</a>' });
    const page = await request(daemon, { path: pathOf(delivery.recipients[0]!.emailUrl) });
    const href = /href="([^"]+)"/.exec(page.text)![1]!;
    assert.equal((await request(daemon, { path: pathOf(href) })).status, 302);
  } finally {
    await daemon.close();
  }
  return daemon;
}

function snapshot(target: string): string {
  if (!fs.existsSync(target)) return '<missing>';
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return `${stat.mode.toString(8)} ${fs.readFileSync(target, 'utf8')}`;
  return fs.readdirSync(target).sort().map((name) => `${name}: ${snapshot(path.join(target, name))}`).join('\n');
}

describe('daemon: hostile data directories', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(tmpdir(), 'linktrace-hostile-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A data directory this daemon made and used, then stopped. */
  async function usedDataDir(): Promise<string> {
    const dataDir = path.join(root, 'project', '.linktrace');
    await exercise(dataDir);
    return dataDir;
  }

  const journalSegment = path.join(JOURNAL_DIR, segmentFileName(1));
  // Every name the daemon creates, and the temp names it (or lowdb) used to use.
  const plantedNames = [
    DATA_DIR_MARKER_FILE,
    '.gitignore',
    LOCK_FILE,
    `${LOCK_FILE}.takeover`,
    DAEMON_INFO_FILE,
    DELIVERIES_FILE,
    journalSegment,
    JOURNAL_DIR,
    DELIVERIES_DIR,
    `.${DELIVERIES_FILE}.tmp`,
    `${DAEMON_INFO_FILE}.${process.pid}.tmp`,
    `${LOCK_FILE}.${process.pid}.tmp`,
  ];

  for (const name of plantedNames) {
    for (const dangling of [false, true]) {
      it(`never writes through a ${dangling ? 'dangling ' : ''}link planted at ${name}`, async () => {
        const dataDir = await usedDataDir();
        const planted = path.join(dataDir, name);
        const isDir = name === JOURNAL_DIR || name === DELIVERIES_DIR;
        const victim = path.join(root, isDir ? 'victim-dir' : 'victim.txt');
        if (!dangling) {
          if (isDir) {
            fs.mkdirSync(victim);
            fs.writeFileSync(path.join(victim, segmentFileName(1)), VICTIM_TEXT);
          } else fs.writeFileSync(victim, VICTIM_TEXT);
        }
        const before = snapshot(victim);
        fs.rmSync(planted, { recursive: true, force: true });
        fs.symlinkSync(victim, planted);

        const outcome = await exercise(dataDir).then(
          () => 'started',
          (error: Error) => error,
        );
        assert.equal(snapshot(victim), before, `the link's target was changed (${String(outcome)})`);
        assert.ok(fs.lstatSync(planted).isSymbolicLink(), 'the planted link itself is left in place');
        if (outcome !== 'started') {
          assert.ok(outcome instanceof ForeignFileError, String(outcome));
          assert.ok(outcome.message.includes(planted), outcome.message);
          assert.match(outcome.message, /symbolic link.*left it untouched/);
        } else {
          // Only names the daemon never opens may be ignored.
          assert.ok(name.endsWith('.tmp') || name.endsWith('.takeover'), `started over a link at ${name}`);
        }
      });
    }
  }

  it('refuses a data directory that is itself a link', async () => {
    const real = await usedDataDir();
    const linked = path.join(root, 'linked');
    fs.symlinkSync(real, linked);
    await assert.rejects(startDaemon({ dataDir: linked, port: 0 }), (e: Error) => e instanceof ForeignFileError && e.message.includes(linked));
  });

  for (const [name, content] of [
    [DAEMON_INFO_FILE, 'not json at all'],
    [DAEMON_INFO_FILE, JSON.stringify({ url: 'http://10.0.0.1:47003', token: 'x' })],
    [DAEMON_INFO_FILE, JSON.stringify({ token: 'a'.repeat(64), exfiltrate: true })],
    [LOCK_FILE, 'garbage'],
    [DELIVERIES_FILE, '{"deliveries": []}'],
    [DATA_DIR_MARKER_FILE, 'forged'],
  ] as const) {
    it(`stops start-up on a foreign ${name} (${content.slice(0, 30)}) and leaves it untouched`, async () => {
      const dataDir = await usedDataDir();
      fs.writeFileSync(path.join(dataDir, name), content);
      const before = snapshot(dataDir);
      const error = await startDaemon({ dataDir, port: 0 }).then(
        async (daemon) => {
          await daemon.close();
          return assert.fail('started');
        },
        (e: Error) => e,
      );
      assert.ok(error instanceof ForeignFileError || error instanceof UntrustedDataDirError || error.name === 'CorruptDataError', String(error));
      assert.ok(error.message.includes(name), error.message);
      assert.equal(snapshot(dataDir), before);
    });
  }

  it('stops start-up on a file of another user', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can give a file to someone else
    const dataDir = await usedDataDir();
    const file = path.join(dataDir, DELIVERIES_FILE);
    fs.chownSync(file, 65534, 65534);
    await assert.rejects(startDaemon({ dataDir, port: 0 }), (e: Error) => e instanceof ForeignFileError && e.message.includes(file) && /another user/.test(e.message));
  });

  it('refuses a copied or cloned data directory until the user trusts it, then replaces its token', async () => {
    const original = await usedDataDir();
    const clone = path.join(root, 'clone', '.linktrace');
    fs.cpSync(original, clone, { recursive: true });
    const planted = 'b'.repeat(64);
    fs.writeFileSync(path.join(clone, DAEMON_INFO_FILE), JSON.stringify({ token: planted }));
    const before = snapshot(clone);
    const error = await startDaemon({ dataDir: clone, port: 0 }).then(() => assert.fail('started'), (e: Error) => e);
    assert.ok(error instanceof UntrustedDataDirError, String(error));
    assert.match(error.message, /--trust-data-dir/);
    assert.equal(snapshot(clone), before, 'nothing was changed before the user said so');

    const daemon = await startDaemon({ dataDir: clone, port: 0, trustDataDir: true });
    try {
      assert.notEqual(daemon.token, planted, 'a token that came with the folder is never adopted');
    } finally {
      await daemon.close();
    }
    // Trusted once: the directory is now marked as ours.
    await (await startDaemon({ dataDir: clone, port: 0 })).close();
  });

  it('creates the directory 0700 and every file 0600, with a .gitignore that keeps it out of commits', async () => {
    const dataDir = await usedDataDir();
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(dataDir, JOURNAL_DIR)).mode & 0o777, 0o700);
    for (const name of [DATA_DIR_MARKER_FILE, '.gitignore', DAEMON_INFO_FILE, DELIVERIES_FILE, journalSegment]) {
      assert.equal(fs.statSync(path.join(dataDir, name)).mode & 0o777, 0o600, name);
    }
    assert.match(fs.readFileSync(path.join(dataDir, '.gitignore'), 'utf8'), /^\*$/m);
  });

  describe('the link-check cache in the data directory', () => {
    const check = { url: 'https://shop.example/', method: 'GET' as const, hops: [], finalUrl: 'https://shop.example/', status: 200, requests: 1 };

    it('creates a missing directory as a data directory, which a daemon then starts on', async () => {
      const dataDir = path.join(root, 'project', '.linktrace');
      const cache = await LinkCheckCache.open(path.join(dataDir, 'link-check-cache.json'), 60_000);
      cache.set(check);
      await cache.save();
      assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(dataDir, 'link-check-cache.json')).mode & 0o777, 0o600);
      await exercise(dataDir);
    });

    it('neither reads nor writes through a link planted at the cache file', async () => {
      const dataDir = await usedDataDir();
      const victim = path.join(root, 'victim.txt');
      fs.writeFileSync(victim, VICTIM_TEXT);
      const file = path.join(dataDir, 'link-check-cache.json');
      fs.symlinkSync(victim, file);
      const cache = await LinkCheckCache.open(file, 60_000);
      cache.set(check);
      await assert.rejects(cache.save(), (e: Error) => e instanceof ForeignFileError && e.message.includes(file));
      assert.equal(fs.readFileSync(victim, 'utf8'), VICTIM_TEXT);
    });
  });

  it('closes up a directory of its own that was opened to others', async () => {
    const dataDir = await usedDataDir();
    fs.chmodSync(dataDir, 0o755);
    await (await startDaemon({ dataDir, port: 0 })).close();
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
  });
});
