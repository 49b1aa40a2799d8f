// The CLI against a folder someone else prepared: a cloned `.linktrace/` with a planted token, a
// forged daemon.json naming another address, and labels and URLs carrying terminal controls.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describeStartError } from '../src/commands/daemon';
import { startCliDaemon, type CliDaemon } from './cli-process';
import { ensureCliBuilt, runCli, tempDir } from './run-cli';

const PLANTED_TOKEN = 'c'.repeat(64);
/** Preloaded into the CLI (NODE_OPTIONS=--require): appends every socket connect, to any address, to $LINKTRACE_TEST_CONNECT_LOG. */
const RECORD_CONNECTS = `
const fs = require('node:fs');
const net = require('node:net');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const target = first && typeof first === 'object' ? (first.path ?? \`\${first.host ?? 'localhost'}:\${first.port}\`) : args.join(':');
  fs.appendFileSync(process.env.LINKTRACE_TEST_CONNECT_LOG, target + '\\n');
  return connect.apply(this, args);
};
`;
const UNSAFE_IN_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('linktrace against hostile folders', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;

  before(() => ensureCliBuilt());
  beforeEach(() => {
    temp = tempDir('hostile');
  });
  afterEach(() => temp.remove());

  it('does not start a daemon on a data directory that came with a cloned folder unless told to, and never adopts its token', async () => {
    const dataDir = path.join(temp.dir, '.linktrace');
    mkdirSync(dataDir);
    const planted = { [path.join(dataDir, 'daemon.json')]: JSON.stringify({ token: PLANTED_TOKEN }), [path.join(dataDir, 'notes.txt')]: 'shipped by the repository' };
    for (const [file, content] of Object.entries(planted)) writeFileSync(file, content);

    const refused = await runCli(['daemon', '--port', '0'], temp.dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /was not created here by Linktrace.*--trust-data-dir/s);
    assert.deepEqual(readdirSync(dataDir).sort(), ['daemon.json', 'notes.txt']);
    for (const [file, content] of Object.entries(planted)) assert.equal(readFileSync(file, 'utf8'), content);

    const daemon = await startCliDaemon('.linktrace', temp.dir, ['--trust-data-dir']);
    try {
      assert.notEqual(daemon.token, PLANTED_TOKEN);
    } finally {
      await daemon.stop();
    }
  });

  it('sends nothing to the address of a forged daemon.json: not loopback, or a live pid that does not hold the lock', async () => {
    writeFileSync(path.join(temp.dir, 'mail.html'), '<a href="https://shop.example/">Shop</a>');
    writeFileSync(path.join(temp.dir, 'people.json'), JSON.stringify([{ id: 'r1', email: 'secret@example.test' }]));
    // Checked by counting connections, not by timing the refusal (a wall-clock bound flakes on a
    // loaded machine): a listener standing in for the attacker's host counts every TCP connection
    // it accepts, and the CLI runs with a preload that records every socket it starts to connect,
    // whatever the address (an unroutable 10.0.0.1 or a name that never resolves included).
    let connections = 0;
    const heard: string[] = [];
    const listener = http.createServer((req, res) => {
      heard.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    listener.on('connection', () => connections++);
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as AddressInfo).port;
    const connectLog = path.join(temp.dir, 'connects.log');
    const preload = path.join(temp.dir, 'record-connects.cjs');
    writeFileSync(preload, RECORD_CONNECTS);
    const recorded = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(preload)}`.trim(), LINKTRACE_TEST_CONNECT_LOG: connectLog };
    const connectsRecorded = (): string[] => (existsSync(connectLog) ? readFileSync(connectLog, 'utf8').split('\n').filter(Boolean) : []);
    const forge = (dataDir: string, url: string): void => {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(path.join(dataDir, 'daemon.json'), JSON.stringify({ url, pid: process.pid, token: PLANTED_TOKEN }));
    };
    try {
      const cases = [
        // The pid is alive (this test) but holds no lock, so nothing would be sent even if the URL check failed.
        { url: 'http://10.0.0.1:47003', why: /not a loopback address/ },
        { url: 'http://attacker.invalid:47003', why: /not a loopback address/ },
        { url: `https://127.0.0.1:${port}`, why: /not a loopback address/ },
        { url: `http://user@127.0.0.1:${port}`, why: /not a loopback address/ },
        { url: `http://127.0.0.1:${port}`, why: /does not hold .*daemon\.lock/ },
      ];
      for (const { url, why } of cases) {
        forge(path.join(temp.dir, 'forged'), url);
        const result = await runCli(['send-test', 'mail.html', '--recipients', 'people.json', '--data', 'forged'], temp.dir, recorded);
        assert.equal(result.code, 1, `${url}: ${result.stderr}`);
        assert.match(result.stderr, /no daemon running/, url);
        assert.match(result.stderr, why, url);
        assert.deepEqual(connectsRecorded(), [], `${url}: refused before opening any connection`);
      }
      assert.equal(connections, 0, 'the listener was never connected to');
      assert.deepEqual([...heard], [], 'nothing was requested');

      // The same instruments do see a connection: once the lock names this (live) pid, every check
      // passes and the CLI asks the listener for /healthz.
      const control = path.join(temp.dir, 'control');
      forge(control, `http://127.0.0.1:${port}`);
      writeFileSync(path.join(control, 'daemon.lock'), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), { mode: 0o600 });
      await runCli(['send-test', 'mail.html', '--recipients', 'people.json', '--data', 'control'], temp.dir, recorded);
      assert.ok(connections > 0, 'the control run connected to the listener');
      assert.ok(connectsRecorded().some((line) => line.includes(String(port))), `the preload recorded it: ${connectsRecorded().join(', ')}`);
      assert.ok(heard.includes('GET /healthz'), heard.join(', '));
    } finally {
      listener.close();
    }
  });

  it('names the file, not the port, when the data directory cannot be used (EACCES)', () => {
    // Root passes every permission check, so the error fs raises for other users is built here.
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/shared/.linktrace'"), { code: 'EACCES', path: '/srv/shared/.linktrace' });
    const message = describeStartError(denied, 4178);
    assert.match(message, /not allowed to use \/srv\/shared\/\.linktrace/);
    assert.doesNotMatch(message, /port/);
    const port = Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:80'), { code: 'EACCES' });
    assert.match(describeStartError(port, 80), /not allowed to listen on port 80/);
  });

  describe('terminal-safe output', () => {
    let daemon: CliDaemon;
    afterEach(async () => daemon?.stop());

    it('escapes bidi and control characters from labels and URLs in links, send-test, logs, report and the daemon echo', async () => {
      const label = 'gift\u202Etxt.exe\u001b[2J';
      const url = 'https://shop.example/\u2066evil\u2069?x=1';
      writeFileSync(path.join(temp.dir, 'mail.html'), `<p><a href="${url}" data-label="${label}">Shop\u202E</a></p>`);
      daemon = await startCliDaemon('data', temp.dir);
      const outputs: string[] = [];
      const links = await runCli(['links', 'mail.html'], temp.dir);
      outputs.push(links.stdout, links.stderr);
      const sent = await runCli(['send-test', 'mail.html', '--data', 'data'], temp.dir);
      assert.equal(sent.code, 0, sent.stderr);
      outputs.push(sent.stdout, sent.stderr);
      const emailUrl = /http:\/\/127\.0\.0\.1:\d+\/e\/\S+/.exec(sent.stdout)![0];
      const page = await fetch(emailUrl).then((r) => r.text());
      const click = /href="(http:\/\/127\.0\.0\.1:\d+\/c\/[^"]+)"/.exec(page)![1]!;
      assert.equal((await fetch(click, { redirect: 'manual' })).status, 302);
      for (const args of [['logs'], ['logs', '--json'], ['report'], ['report', '--json']]) {
        const result = await runCli([...args, '--data', 'data'], temp.dir);
        assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
        outputs.push(result.stdout, result.stderr);
        if (args[0] === 'report' && args.includes('--json')) assert.ok(JSON.stringify(JSON.parse(result.stdout)).includes('gift\u202Etxt'), 'escaped JSON still holds the label as it was');
      }
      await daemon.waitForLine('stderr', /click/);
      outputs.push(daemon.stderr(), daemon.stdout());
      for (const output of outputs) assert.doesNotMatch(output, UNSAFE_IN_OUTPUT, JSON.stringify(output));
      assert.ok(outputs.some((output) => output.includes('\\u202e') || output.includes('gift?txt')), 'the characters are shown escaped, not dropped silently');
    });
  });
});
