import assert from 'node:assert/strict';
import { parseTemplate, renderTracked, type Link } from '@linktrace/core';

const urls = {
  click: (link: Link) => `http://127.0.0.1:9/c/${link.id}?r=1&x=2`,
  optOut: 'http://127.0.0.1:9/u',
  mirrorPage: 'http://127.0.0.1:9/m',
  openPixel: 'http://127.0.0.1:9/o.gif',
};

describe('renderTracked', () => {
  const html = `<html><BODY>
<a href="https://x.com/<%= recipient.id %>" data-label="hero">Hero</a>
<a href='https://never.com' data-tracking="never">n</a>
<a href="mailto:a@b.c">m</a>
<a href="<%@ include view='MirrorPageUrl' %>">View online</a>
<a href="*|UNSUB|*">Unsubscribe</a>
<img src="https://img.com/a.png">
<!--[if mso]><v:roundrect href="https://x.com/btn"></v:roundrect><![endif]-->
</Body></html>`;

  it('rewrites tracked, opt-out and mirror links and leaves every other byte as written', () => {
    const out = renderTracked(parseTemplate(html), urls);
    const expected = html
      .replace('https://x.com/<%= recipient.id %>', 'http://127.0.0.1:9/c/L1?r=1&amp;x=2')
      .replace("<%@ include view='MirrorPageUrl' %>", 'http://127.0.0.1:9/m')
      .replace('*|UNSUB|*', 'http://127.0.0.1:9/u')
      .replace('https://x.com/btn', 'http://127.0.0.1:9/c/L7?r=1&amp;x=2')
      .replace('</Body>', '<img src="http://127.0.0.1:9/o.gif" width="1" height="1" alt="" border="0" style="display:block;width:1px;height:1px;border:0"></Body>');
    assert.equal(out, expected);
  });

  it('adds no pixel when open tracking is off, and rewrites no click when click tracking is off', () => {
    const out = renderTracked(parseTemplate(html, { settings: { opens: false, clicks: false } }), urls);
    assert.ok(!out.includes('o.gif'));
    assert.ok(out.includes('https://x.com/<%= recipient.id %>'));
    assert.ok(out.includes('http://127.0.0.1:9/u'), 'opt-out links still go to the opt-out page');
  });

  it('rewrites bare URLs of a text part without HTML escaping', () => {
    const text = 'Go: <https://x.com/a?b=1&c=2>\n';
    assert.equal(renderTracked(parseTemplate(text, { format: 'text' }), urls), 'Go: <http://127.0.0.1:9/c/L1?r=1&x=2>\n');
  });
});
