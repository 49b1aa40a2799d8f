// A replay of the traffic a test email gets in the wild (test/fixtures/machine-traffic.json):
// image proxies and privacy prefetchers, link scanners, HEAD checks, a gateway following every
// link right after the email was served, and a person. Each request goes to a real daemon; each
// stored log must carry exactly the reason the fixture names, and the report's human figures
// must count the person only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeliveryReport, PrepareResult, TrackingLog } from '@linktrace/core';
import { api, pathOf, prepare, request, startTestDaemon, type TestDaemon } from './support/daemon';

interface ReplayedRequest {
  what?: string;
  route: 'pixel' | 'click' | 'email';
  link?: 'hero' | 'footer';
  method: 'GET' | 'HEAD';
  userAgent: string;
  recipient?: string;
  expect: string | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(path.join(here, 'fixtures/machine-traffic.json'), 'utf8')) as { requests: ReplayedRequest[] };

const TEMPLATE = `<!doctype html><html><body>
<a href="https://shop.example/sale" data-label="hero">Sale</a>
<a href="https://shop.example/" data-label="footer">Shop</a>
</body></html>`;

describe('machine traffic replay', function () {
  this.timeout(20_000);
  let daemon: TestDaemon;
  let prepared: PrepareResult;

  before(async () => {
    daemon = await startTestDaemon();
    prepared = await prepare(daemon, {
      template: TEMPLATE,
      name: 'replay.html',
      recipients: [
        { id: 'ada', email: 'ada@example.test', fields: {} },
        { id: 'grace', email: 'grace@example.test', fields: {} },
      ],
    });
  });
  after(() => daemon.dispose());

  it('stores why each flagged request looks automated, and counts only the person as human', async () => {
    const expected: (string | null)[] = [];
    for (const replayed of fixture.requests) {
      const recipient = prepared.delivery.recipients.find((each) => each.id === (replayed.recipient ?? 'ada'))!;
      const link = prepared.delivery.links.find((each) => each.label === replayed.link);
      const target =
        replayed.route === 'click' ? `/c/${prepared.delivery.id}/${recipient.id}/${link!.linkId}` : replayed.route === 'pixel' ? `/o/${prepared.delivery.id}/${recipient.id}` : pathOf(recipient.emailUrl);
      const headers: Record<string, string> = { 'user-agent': replayed.userAgent };
      const answer = await request(daemon, { method: replayed.method, path: target, headers });
      assert.ok(answer.status === 200 || answer.status === 302, `${replayed.what ?? target}: ${answer.status}`);
      if (replayed.route !== 'email') expected.push(replayed.expect);
    }
    const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', '/api/logs');
    assert.deepEqual(json.logs.map((log) => log.machine ?? null), expected);

    const report = (await api<DeliveryReport>(daemon, 'GET', `/api/reports/${prepared.delivery.id}`)).json;
    // The gateway's first click is only known to be part of a burst once the second comes: the
    // report counts the whole burst as machine traffic.
    assert.deepEqual(report.clicks.total, { raw: 9, human: 1 }, JSON.stringify(report.clicks));
    assert.deepEqual(report.opens.total, { raw: 3, human: 1 });
  });
});
