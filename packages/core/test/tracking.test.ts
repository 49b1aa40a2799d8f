import assert from 'node:assert/strict';
import { applyEdits, findLinks, parseTemplate, setTracking, type TrackingType } from '@linktrace/core';

const typeOf = (html: string, settings?: { clicks?: boolean }) => {
  const link = findLinks(html, { settings })[0]!;
  return [link.tracking.type, link.tracking.source, link.tracking.label];
};

describe('reading tracking types', () => {
  const cases: [string, [TrackingType, string, string?]][] = [
    ['<a href="https://x.com">', ['tracked', 'default']],
    ['<a href="https://x.com" data-tracking="never">', ['never', 'attribute']],
    ['<a href="https://x.com" data-tracking="opt-out" data-label="unsub">', ['opt-out', 'attribute', 'unsub']],
    ['<a href="https://x.com" _type="optout" _label="bye">', ['opt-out', 'alias', 'bye']],
    ['<a href="https://x.com" _type="mirrorPage">', ['mirror-page', 'alias']],
    ['<a href="https://x.com" data-nl-type="optout">', ['opt-out', 'alias']],
    ['<a href="https://x.com" clicktracking=off>', ['never', 'no-track-marker']],
    ['<a href="https://x.com" data-pm-no-track>', ['never', 'no-track-marker']],
    ['<a href="https://x.com" ses:no-track>', ['never', 'no-track-marker']],
    ['<a href="https://x.com" data-mautic-disable-tracking="true">', ['never', 'no-track-marker']],
    ['<a href="https://x.com" disable-tracking=true>', ['never', 'no-track-marker']],
    ['<a href="https://x.com" mc:disable-tracking>', ['never', 'no-track-marker']],
    ['<a href="https://x.com" data-msys-clicktrack="0">', ['never', 'no-track-marker']],
    ['<a href="https+notrack://x.com">', ['never', 'no-track-marker']],
    [`<a href="<%@ include view='MirrorPageUrl' %>">`, ['mirror-page', 'builtin']],
    ['<a href="<%@ include view="UnsubscriptionLink" %>">', ['opt-out', 'builtin']],
    ['<a href="{{ UnsubscribeURL }}">', ['opt-out', 'builtin']],
    ['<a href="*|UNSUB|*">', ['opt-out', 'builtin']],
    ['<a href="*|ARCHIVE|*">', ['mirror-page', 'builtin']],
    ['<a href="{webview_url}">', ['mirror-page', 'builtin']],
    ['<a href="{unsubscribe_url}">', ['opt-out', 'builtin']],
    ['<a href="<%asm_global_unsubscribe_raw_url%>">', ['opt-out', 'builtin']],
    ['<a href="[Unsubscribe_Preferences]">', ['opt-out', 'builtin']],
    ['<a href="mailto:a@b.c">', ['never', 'untrackable']],
    ['<a href="#top">', ['never', 'untrackable']],
    ['<img src="https://x.com/a.png">', ['never', 'untrackable']],
    ['<a href="https://x.com" data-tracking="tracked" clicktracking=off>', ['tracked', 'attribute']],
  ];
  for (const [html, expected] of cases) {
    it(`${html} → ${expected.join(', ')}`, () => {
      const [type, source, label] = typeOf(html);
      assert.deepEqual([type, source, ...(label ? [label] : [])], expected);
    });
  }

  it("types Journey Optimizer's {{context.system.mirrorPageUrl}} as the mirror page", () => {
    const [link] = findLinks('<a href="{{context.system.mirrorPageUrl}}">View online</a>');
    assert.deepEqual([link!.tracking.type, link!.tracking.source], ['mirror-page', 'builtin']);
  });

  it('reads attribute names and values as data, never as object properties', () => {
    const [marker, value] = findLinks('<a href="https://x.com/" constructor>a</a><a href="https://x.com/" data-tracking="constructor" _type="toString">b</a>');
    assert.deepEqual([marker!.tracking.type, marker!.tracking.source], ['tracked', 'default']);
    assert.deepEqual([value!.tracking.type, value!.tracking.source], ['tracked', 'default']);
    assert.equal(findLinks('<constructor href="https://x.com/">c</constructor>').length, 0);
  });

  it('click tracking off leaves default links untracked but keeps opt-out and mirror links', () => {
    assert.deepEqual(typeOf('<a href="https://x.com">', { clicks: false }).slice(0, 2), ['never', 'untrackable']);
    assert.deepEqual(typeOf('<a href="*|UNSUB|*">', { clicks: false }).slice(0, 2), ['opt-out', 'builtin']);
    const template = parseTemplate('<!-- linktrace clicks=off opens=off --><a href="https://x.com">');
    assert.deepEqual(template.settings, { opens: false, clicks: false });
    assert.equal(template.links[0]!.tracking.type, 'never');
  });
});

describe('setTracking', () => {
  const apply = (html: string, change: Parameters<typeof setTracking>[2], style?: 'data' | 'campaign') =>
    applyEdits(html, setTracking(html, findLinks(html)[0]!, change, { style }));

  it('inserts the attributes right after the URL attribute in the author\'s quote style', () => {
    assert.equal(apply(`<a class='c' href='https://x.com' target='_blank'>`, { type: 'never', label: 'hero' }),
      `<a class='c' href='https://x.com' data-tracking='never' data-label='hero' target='_blank'>`);
    assert.equal(apply('<a href=https://x.com>', { type: 'opt-out' }), '<a href=https://x.com data-tracking="opt-out">');
  });

  it('replaces existing values in place', () => {
    assert.equal(apply('<a data-tracking="never" href="https://x.com" data-label="a">', { type: 'tracked', label: 'b' }),
      '<a data-tracking="tracked" href="https://x.com" data-label="b">');
  });

  it('removes attributes that would contradict the new type, and removes a label on null', () => {
    assert.equal(apply('<a href="https://x.com" clicktracking=off _type="optout" data-label="x">', { type: 'tracked', label: null }),
      '<a href="https://x.com" data-tracking="tracked">');
  });

  it('writes Adobe Campaign _type/_label when asked', () => {
    assert.equal(apply('<a href="https://x.com">', { type: 'mirror-page', label: 'view' }, 'campaign'),
      '<a href="https://x.com" _type="mirrorPage" _label="view">');
    assert.equal(apply('<a href="https://x.com" _type="optout">', { type: 'tracked' }, 'campaign'), '<a href="https://x.com">');
    assert.equal(apply('<a href="https://x.com">', { type: 'never' }, 'campaign'), '<a href="https://x.com" _donottrack="true">');
  });

  it('escapes the label for its quotes and round-trips through the parser', () => {
    const html = apply('<a href="https://x.com">', { label: 'Say "hi" & go' });
    assert.equal(html, '<a href="https://x.com" data-label="Say &quot;hi&quot; &amp; go">');
    assert.equal(findLinks(html)[0]!.tracking.label, 'Say &quot;hi&quot; &amp; go');
  });

  it('returns no edit when nothing changes', () => {
    const html = '<a href="https://x.com" data-tracking="never">';
    assert.deepEqual(setTracking(html, findLinks(html)[0]!, { type: 'never' }), []);
  });
});
