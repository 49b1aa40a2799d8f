// Live click counts in the CodeLens: with the project's daemon running (a real `linktrace daemon`
// child), a test delivery of the template and a click on one of its links, the lens of that link
// shows the click; without a daemon, lenses show no counts and still arrive.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import type { PrepareResult } from '@linktrace/core';
import { callDaemonApi, clickUrl } from '@linktrace/daemon';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { spawnChildDaemon, type ChildDaemon } from '../../../daemon/test/support/e2e-cli-daemon';
import { NEWSLETTER, tempProject, type Project } from '../support/fixtures';
import { LspTestClient } from '../support/lspClient';

/** A click as a person's browser makes it (a library user agent would count as machine traffic). */
function click(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject);
  });
}

describe('LSP CodeLens click counts', function () {
  this.timeout(60_000);
  let project: Project;
  let daemon: ChildDaemon | undefined;
  let client: LspTestClient | undefined;
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(async () => {
    client?.kill();
    if (daemon) {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
      daemon = undefined;
    }
    project.remove();
  });

  const lensTitles = async (uri: string) => (await client!.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }))?.map((lens) => lens.command?.title);

  it('shows the clicks of the template\'s latest test delivery when the project\'s daemon runs', async () => {
    const uri = project.write('newsletter.html', NEWSLETTER);
    daemon = await spawnChildDaemon(path.join(project.dir, '.linktrace'));
    const { delivery } = await callDaemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: NEWSLETTER, sourcePath: path.join(project.dir, 'newsletter.html') });
    const hero = delivery.links.find((link) => link.sourceId === 'L1')!;
    assert.equal(await click(clickUrl(daemon.url, delivery.id, delivery.recipients[0]!.id, hero.linkId)), 302);

    client = LspTestClient.start();
    await client.initialize(undefined, project.dir);
    await client.open(uri, NEWSLETTER);
    // The first request may come before the daemon answered (lenses never wait long): ask until counted.
    const titles = await pollTitles(() => lensTitles(uri));
    // Every link of the delivery has its figures, zero included (as in the extension's lenses).
    assert.deepEqual(titles, ['Tracked · hero · 1 click · 1 unique', 'Never · 0 clicks · 0 unique', 'Tracked · 0 clicks · 0 unique', 'Opt-out · 0 clicks · 0 unique']);
  });

  it('keeps the counts live: a new click makes the server ask for the lenses again (workspace/codeLens/refresh)', async () => {
    const uri = project.write('newsletter.html', NEWSLETTER);
    daemon = await spawnChildDaemon(path.join(project.dir, '.linktrace'));
    const { delivery } = await callDaemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: NEWSLETTER, sourcePath: path.join(project.dir, 'newsletter.html') });
    client = LspTestClient.start();
    await client.initialize(undefined, project.dir);
    await client.open(uri, NEWSLETTER);
    assert.equal((await pollTitles(() => lensTitles(uri)))?.[0], 'Tracked · hero · 0 clicks · 0 unique');
    const refreshes = client.codeLensRefreshes;

    const hero = delivery.links.find((link) => link.sourceId === 'L1')!;
    assert.equal(await click(clickUrl(daemon.url, delivery.id, delivery.recipients[0]!.id, hero.linkId)), 302);
    // The server polls the daemon for open templates (every 5 s) and asks for lenses when counts move.
    await client.waitFor('a CodeLens refresh request', () => (client!.codeLensRefreshes > refreshes ? true : undefined), 15_000);
    assert.equal((await lensTitles(uri))?.[0], 'Tracked · hero · 1 click · 1 unique');
  });

  it('shows no counts without a daemon', async () => {
    const uri = project.write('newsletter.html', NEWSLETTER);
    client = LspTestClient.start();
    await client.initialize(undefined, project.dir);
    await client.open(uri, NEWSLETTER);
    assert.deepEqual(await lensTitles(uri), ['Tracked · hero', 'Never', 'Tracked', 'Opt-out']);
  });
});

/** Asks for lenses until the first shows a count (the first answer may come before the daemon's), for up to 10 s. */
async function pollTitles(ask: () => Promise<(string | undefined)[] | undefined>): Promise<(string | undefined)[] | undefined> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const titles = await ask();
    if (titles?.[0]?.includes('click') || Date.now() > deadline) return titles;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
