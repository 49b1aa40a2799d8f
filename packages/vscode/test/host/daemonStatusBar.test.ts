// The status bar item's text: connection state, port and live log count.
import assert from 'node:assert/strict';
import { portOf, statusText } from '../../src/daemon/statusBar';

describe('daemon status bar text', () => {
  it('shows the port and the live log count when connected', () => {
    assert.equal(statusText({ state: 'connected', url: 'http://127.0.0.1:4178', logCount: 1 }).text, '$(pulse) Linktrace :4178 · 1 log');
    assert.equal(statusText({ state: 'connected', url: 'http://127.0.0.1:4178', logCount: 12 }).text, '$(pulse) Linktrace :4178 · 12 logs');
  });

  it('says when it is connecting, reconnecting or stopped, and why', () => {
    assert.match(statusText({ state: 'connecting', logCount: 0 }).text, /sync~spin/);
    assert.match(statusText({ state: 'disconnected', url: 'http://127.0.0.1:9', logCount: 3 }).tooltip, /reconnecting/);
    assert.match(statusText({ state: 'stopped', logCount: 0, error: 'the daemon exited (code 1)' }).tooltip, /exited \(code 1\)/);
    assert.equal(portOf('not a url'), '');
  });
});
