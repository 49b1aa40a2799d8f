import assert from 'node:assert/strict';
import { parseTemplate } from '@linktrace/core';
import { ruleTests } from './harness';

const OPEN = '<!--[if mso]>';
/** `depth` conditional comments, each opened inside the last and none closed, each holding a link. */
const nested = (depth: number): string => Array.from({ length: depth }, (_, i) => `${OPEN}<a href="https://example.com/${i + 1}">x</a>\n`).join('');

ruleTests('parse-limit', [
  {
    name: 'nine unclosed levels: one finding where the ninth level starts',
    text: nested(9),
    findings: [{ covers: '', severity: 'warning', message: /nested deeper than linktrace follows/ }],
  },
  { name: 'good: eight unclosed levels are all read', text: nested(8), findings: [] },
  {
    name: 'good: many closed conditional comments one after the other',
    text: `${OPEN}<a href="https://example.com/x">x</a><![endif]-->\n`.repeat(50),
    findings: [],
  },
]);

describe('conditional comment depth', () => {
  it('links down to the limit are found, in document order; the first unread level starts after the eighth', () => {
    const text = nested(12);
    const template = parseTemplate(text);
    assert.deepEqual(template.links.map((link) => link.raw), Array.from({ length: 8 }, (_, i) => `https://example.com/${i + 1}`));
    assert.ok(template.links.every((link) => link.inConditionalComment));
    assert.equal(template.unparsed.length, 1);
    assert.equal(template.unparsed[0]!.span.start, text.indexOf(`${OPEN}<a href="https://example.com/9"`) + OPEN.length);
  });

  it('4,000 nested <!--[if mso]> (52 KB) are parsed without running out of stack', () => {
    const text = OPEN.repeat(4000) + '<v:roundrect href="https://example.com/vml">';
    const template = parseTemplate(text);
    assert.equal(template.unparsed.length, 1);
    assert.deepEqual(template.links, []);
  });
});
