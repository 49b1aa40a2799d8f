// The opt-out POST checks Origin as the API does: a page of another site cannot opt a recipient
// out (cross-site form post); the daemon's own opt-out form and mail servers' one-click POSTs can.
// The real browser's side (its own form, Origin: null under no-referrer) is in e2e-chromium.test.ts.
import assert from 'node:assert/strict';
import type { PrepareResult, TrackingLog } from '@linktrace/core';
import { api, pathOf, prepare, request, startTestDaemon, type TestDaemon } from './support/daemon';

const TEMPLATE = '<a href="https://shop.example.com/" data-label="shop">Shop</a>\n<a href="<%@ include view=\'UnsubscriptionLink\' %>">Unsubscribe</a>\n';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('opt-out POST and Origin', () => {
  let daemon: TestDaemon;
  let prepared: PrepareResult;

  before(async () => {
    daemon = await startTestDaemon();
    const recipients = ['foreign', 'null', 'own', 'server'].map((id) => ({ id, email: `${id}@example.test`, fields: {} }));
    prepared = await prepare(daemon, { template: TEMPLATE, name: 'optout.html', recipients });
  });
  after(() => daemon.dispose());

  const optOutAs = (recipientId: string, headers: Record<string, string>) =>
    request(daemon, {
      method: 'POST',
      path: pathOf(prepared.delivery.recipients.find((recipient) => recipient.id === recipientId)!.optOutUrl),
      headers: { ...FORM, ...headers },
      body: 'List-Unsubscribe=One-Click',
    });
  const optedOut = async (): Promise<string[]> => {
    const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?delivery=${prepared.delivery.id}`);
    return json.logs.filter((log) => log.type === 'optout').map((log) => log.recipientId).sort();
  };

  it('refuses another site\'s origin and the null origin with 403, recording nothing', async () => {
    const foreign = await optOutAs('foreign', { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    const sameHostOtherPort = await optOutAs('foreign', { origin: `http://127.0.0.1:${daemon.port + 1}` });
    assert.equal(sameHostOtherPort.status, 403);
    const sandboxed = await optOutAs('null', { origin: 'null' });
    assert.equal(sandboxed.status, 403);
    const noReferrerSite = await optOutAs('null', { origin: 'null', 'sec-fetch-site': 'cross-site' });
    assert.equal(noReferrerSite.status, 403);
    assert.deepEqual(await optedOut(), []);
  });

  it('accepts the daemon\'s own form (its origin) and a one-click POST without Origin', async () => {
    const own = await optOutAs('own', { origin: `http://127.0.0.1:${daemon.port}` });
    assert.equal(own.status, 200, own.text);
    // What a browser sends from the form under the daemon's Referrer-Policy: no-referrer.
    const ownNoReferrer = await optOutAs('own', { origin: 'null', 'sec-fetch-site': 'same-origin' });
    assert.equal(ownNoReferrer.status, 200, ownNoReferrer.text);
    const server = await optOutAs('server', {});
    assert.equal(server.status, 200, server.text);
    assert.deepEqual(await optedOut(), ['own', 'own', 'server']);
  });
});
