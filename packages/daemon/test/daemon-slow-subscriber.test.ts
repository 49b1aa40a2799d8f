// A live subscriber that stops reading while thousands of clicks arrive: the daemon stops sending
// to it once its socket holds FEED_HIGH_WATER_BYTES (nothing is queued for it in memory), drops it
// once it is too far behind with a close code that says where to resume, and the subscriber that
// resumes from there gets every log exactly once. A real `ws` client, paused (it stops reading its
// TCP socket), against a real daemon on an ephemeral port.
import assert from 'node:assert/strict';
import type { PrepareResult } from '@linktrace/core';
import { FEED_HIGH_WATER_BYTES, STREAM_BEHIND_CLOSE_CODE } from '../src/ws';
import { api, prepare, request, startTestDaemon, StreamClient, type TestDaemon } from './support/daemon';

// Long link URLs make each streamed log ~10 KB, so a few thousand clicks overflow the kernel's
// socket buffers (a few MB on loopback) and reach the daemon's own.
const LONG_URL = `https://shop.example.com/landing?campaign=${'a'.repeat(10_000)}`;
const TEMPLATE = `<html><body><a href="${LONG_URL}">Shop</a></body></html>`;
const CLICKS = 3000;
const MAX_LAG = 1000;
/** One frame may be queued past the high-water mark before the feed pauses. */
const LARGEST_FRAME = 16 * 1024;

async function lastSeq(daemon: TestDaemon): Promise<number> {
  return (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;
}

describe('daemon live stream: a subscriber that stops reading', () => {
  let daemon: TestDaemon;
  let delivery: PrepareResult['delivery'];
  before(async () => {
    daemon = await startTestDaemon({ maxSubscriberLag: MAX_LAG });
    delivery = (await prepare(daemon, { template: TEMPLATE })).delivery;
  });
  after(() => daemon.dispose());

  it('is paused at the high-water mark, dropped with the seq to resume from, and misses nothing when it resumes', async function () {
    this.timeout(120_000);
    const clickPath = `/c/${delivery.id}/${delivery.recipients[0]!.id}/${delivery.links[0]!.linkId}`;
    const start = await lastSeq(daemon);
    const slow = await StreamClient.connect(daemon);
    await slow.call({ id: 1, type: 'subscribe', after: start });
    slow.socket.pause();

    let mostBuffered = 0;
    let heapBefore = process.memoryUsage().heapUsed;
    for (let sent = 0; sent < CLICKS; ) {
      const batch = Array.from({ length: Math.min(20, CLICKS - sent) }, () => request(daemon, { path: clickPath }));
      for (const response of await Promise.all(batch)) assert.equal(response.status, 302);
      sent += batch.length;
      mostBuffered = Math.max(mostBuffered, daemon.streamStats().bufferedBytes);
      if (sent === 200) heapBefore = process.memoryUsage().heapUsed;
    }
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const end = await lastSeq(daemon);
    assert.equal(end - start, CLICKS);
    console.log(`      (most buffered for the paused subscriber: ${mostBuffered} bytes; heap growth over ${CLICKS - 200} clicks of ~10 KB logs: ${(heapGrowth / 1e6).toFixed(1)} MB)`);
    assert.ok(mostBuffered <= FEED_HIGH_WATER_BYTES + LARGEST_FRAME, `the daemon held ${mostBuffered} bytes for a subscriber that does not read`);
    assert.equal(daemon.streamStats().subscribers, 0, `dropped once more than ${MAX_LAG} logs behind`);

    // It reads again: everything sent before the close frame, then the close with the seq to resume after.
    slow.socket.resume();
    const closed = await slow.waitForClose(30_000);
    assert.equal(closed.code, STREAM_BEHIND_CLOSE_CODE);
    const resumeAfter = Number(/after=(\d+)/.exec(closed.reason)?.[1]);
    const received = slow.logs().map((log) => log.seq);
    assert.equal(resumeAfter, received[received.length - 1], `close reason: ${closed.reason}`);
    assert.ok(resumeAfter < end, 'it was dropped before the last click');

    const resumed = await StreamClient.connect(daemon);
    try {
      resumed.socket.send(JSON.stringify({ type: 'subscribe', after: resumeAfter }));
      await resumed.until((messages) => messages.filter((m) => m.type === 'log').length === end - resumeAfter, 'the logs after the resume seq', 30_000);
      const all = [...received, ...resumed.logs().map((log) => log.seq)];
      assert.deepEqual(all, Array.from({ length: CLICKS }, (_, i) => start + 1 + i), 'every log once, in order');
    } finally {
      await resumed.close();
    }
  });
});
