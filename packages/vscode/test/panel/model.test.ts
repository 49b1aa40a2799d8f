// The panel's model, shared by the webview and the extension (Links view figures): each log once
// and in order, filters, counters and per-link figures with machine traffic kept apart.
import assert from 'node:assert/strict';
import type { TrackingLog } from '@linktrace/core';
import type { PanelDelivery } from '../../src/panel/messages';
import { MAX_KEPT_LOGS, PanelModel } from '../../src/panel/webview/model';

const delivery: PanelDelivery = {
  id: 'D1',
  name: 'a.html',
  createdAt: '2026-11-23T09:00:00.000Z',
  links: [
    { linkId: 'a', sourceId: 'L1', url: 'https://a.example/', type: 'tracked', line: 2 },
    { linkId: 'b', sourceId: 'L2', url: 'https://b.example/', type: 'tracked', line: 3 },
    { linkId: 'u', sourceId: 'L3', url: 'https://u.example/', type: 'opt-out', line: 4 },
  ],
  recipients: [
    { id: 'r1', email: 'r1@example.com' },
    { id: 'r2', email: 'r2@example.com' },
  ],
};

const log = (seq: number, type: TrackingLog['type'], recipientId: string, linkId?: string, machine?: string): TrackingLog => ({
  seq,
  at: new Date(Date.UTC(2026, 10, 23, 9, 0, seq)).toISOString(),
  type,
  deliveryId: 'D1',
  recipientId,
  ...(linkId ? { linkId } : {}),
  ...(machine ? { machine } : {}),
});

describe('PanelModel', () => {
  it('keeps each seq once, in order, whatever order and repeats they come in', () => {
    const model = new PanelModel();
    assert.deepEqual(model.addLogs([log(2, 'open', 'r1'), log(1, 'open', 'r2'), log(2, 'open', 'r1')]).map((each) => each.seq), [2, 1]);
    assert.deepEqual(model.addLogs([log(1, 'open', 'r2'), log(3, 'click', 'r1', 'a')]).map((each) => each.seq), [3]);
    assert.deepEqual(model.logs.map((each) => each.seq), [1, 2, 3]);
    assert.equal(model.lastSeq, 3);
  });

  it('counts per type within the delivery and recipient filters, people apart from machines', () => {
    const model = new PanelModel();
    model.reset([log(1, 'open', 'r1'), log(2, 'click', 'r1', 'a'), log(3, 'click', 'r1', 'a', 'HEAD request'), log(4, 'click', 'r2', 'b'), log(5, 'optout', 'r2', 'u')], [delivery]);
    const all = model.counters();
    assert.deepEqual(all.click, { raw: 3, human: 2 });
    assert.deepEqual(all.open, { raw: 1, human: 1 });
    assert.deepEqual(model.counters({ type: 'open', deliveryId: '', recipientId: 'r2' }).click, { raw: 1, human: 1 }, 'the type filter does not hide counters');
    assert.deepEqual(model.filtered({ type: 'click', deliveryId: 'D1', recipientId: 'r1' }).map((each) => each.seq), [2, 3]);
    assert.deepEqual(model.filtered({ type: '', deliveryId: 'other', recipientId: '' }), []);
    // r1's HEAD request is a machine's: r1 and r2 clicked, once each as people.
    assert.deepEqual(model.uniqueRecipients(), { open: 1, click: 2, mirror: 0, optout: 1 });
    assert.deepEqual(model.uniqueRecipients({ type: '', deliveryId: '', recipientId: 'r1' }).click, 1);
  });

  it('gives each tracked link its clicks, unique clickers and share', () => {
    const model = new PanelModel();
    model.reset([log(1, 'click', 'r1', 'a'), log(2, 'click', 'r1', 'a'), log(3, 'click', 'r2', 'a'), log(4, 'click', 'r2', 'b'), log(5, 'click', 'r2', 'b', 'prefetch')], [delivery]);
    const figures = model.linkFigures('D1').map((figure) => [figure.link.linkId, figure.total, figure.unique, figure.share]);
    assert.deepEqual(figures, [
      ['a', { raw: 3, human: 3 }, 2, 0.75],
      ['b', { raw: 2, human: 1 }, 1, 0.25],
    ]);
    assert.deepEqual(model.linkFigures('D1', 'r2').map((figure) => figure.share), [0.5, 0.5]);
    assert.deepEqual(model.linkFigures('missing'), []);
  });

  it('keeps at most MAX_KEPT_LOGS, dropping the oldest', () => {
    const model = new PanelModel();
    const many = Array.from({ length: MAX_KEPT_LOGS + 10 }, (_, index) => log(index + 1, 'open', 'r1'));
    model.addLogs(many);
    assert.equal(model.logs.length, MAX_KEPT_LOGS);
    assert.equal(model.logs[0]!.seq, 11);
  });
});
