// What the webview may send the extension: only well-formed messages with plain ids get through.
import assert from 'node:assert/strict';
import { parsePanelMessage } from '../../src/panel/messages';

describe('parsePanelMessage (webview → extension)', () => {
  it('accepts the messages the panel sends', () => {
    assert.deepEqual(parsePanelMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePanelMessage({ type: 'reveal', deliveryId: 'D_1-a', linkId: 'k9' }), { type: 'reveal', deliveryId: 'D_1-a', linkId: 'k9', line: undefined });
    assert.deepEqual(parsePanelMessage({ type: 'reveal', deliveryId: 'D1', line: 12 }), { type: 'reveal', deliveryId: 'D1', linkId: undefined, line: 12 });
    assert.deepEqual(parsePanelMessage({ type: 'requestTemplate', deliveryId: 'D1' }), { type: 'requestTemplate', deliveryId: 'D1' });
    assert.deepEqual(parsePanelMessage({ type: 'rendered', lastSeq: 4, rows: 4 }), { type: 'rendered', lastSeq: 4, rows: 4 });
    assert.deepEqual(parsePanelMessage({ type: 'testEmail', action: 'copy', deliveryId: 'D1', recipientId: 'r1' }), { type: 'testEmail', action: 'copy', deliveryId: 'D1', recipientId: 'r1' });
    assert.deepEqual(parsePanelMessage({ type: 'command', command: 'exportLogs' }), { type: 'command', command: 'exportLogs' });
  });

  it('drops anything else', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'open', url: 'https://evil.example' },
      { type: 'reveal', deliveryId: '../../etc/passwd' },
      { type: 'reveal', deliveryId: 'D1', linkId: 'a/b' },
      { type: 'reveal', deliveryId: 'D1', line: 0 },
      { type: 'reveal', deliveryId: 'D1', line: 1.5 },
      { type: 'requestTemplate' },
      { type: 'rendered', lastSeq: -1, rows: 0 },
      { type: 'rendered', lastSeq: '4', rows: 0 },
      { type: 'testEmail', action: 'delete', deliveryId: 'D1', recipientId: 'r1' },
      { type: 'testEmail', action: 'open', deliveryId: 'D1', recipientId: 'http://evil.example' },
      { type: 'testEmail', action: 'open', deliveryId: 'D1' },
      { type: 'command', command: 'startDaemon' },
      { type: 'command', command: 'workbench.action.terminal.new' },
    ]) {
      assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
