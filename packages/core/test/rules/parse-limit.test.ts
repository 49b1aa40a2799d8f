import assert from 'node:assert/strict';
import { lint, parseTemplate, tokenizePersonalization } from '@linktrace/core';
import { ruleTests } from './harness';

const OPEN = '<!--[if mso]>';
/** `depth` conditional comments, each opened inside the last and none closed, each holding a link. */
const nested = (depth: number): string => Array.from({ length: depth }, (_, i) => `${OPEN}<a href="https://example.com/${i + 1}">x</a>\n`).join('');

ruleTests('parse-limit', [
  {
    name: 'five unclosed levels: one finding where the fifth level starts',
    text: nested(5),
    findings: [{ covers: '', severity: 'warning', message: /nested more than 4 deep/ }],
  },
  { name: 'good: four unclosed levels are all read', text: nested(4), findings: [] },
  {
    name: 'the 33rd VML shape left open inside the others: one finding, at its tag',
    text: `${'<v:rect href="https://example.com/">x '.repeat(32)}<v:oval href="https://example.com/33">x ${'<v:rect href="https://example.com/">x '.repeat(5)}`,
    findings: [{ covers: '', message: /More than 32 links .* open inside each other/ }],
  },
  { name: 'good: 32 open VML shapes', text: '<v:rect href="https://example.com/">x '.repeat(32), findings: [] },
  { name: 'good: a thousand <a> tags never closed (each new <a> closes the last)', text: '<a href="https://example.com/">x '.repeat(1000), findings: [] },
  {
    name: 'good: many closed conditional comments one after the other',
    text: `${OPEN}<a href="https://example.com/x">x</a><![endif]-->\n`.repeat(50),
    findings: [],
  },
  {
    name: 'the 201st unclosed delimiter: one finding there, and template-delimiter-unbalanced stops at 200',
    text: `${'<p>Hello <%= name\n'.repeat(200)}<p><%= last`,
    findings: [{ covers: '', message: /More than 200 personalization delimiters are left unclosed/ }],
  },
  { name: 'good: 200 unclosed delimiters are all read (and reported by their own rule)', text: '<p>Hello <%= name\n'.repeat(200), findings: [] },
]);

describe('nesting limits', () => {
  it('link elements past the depth limit are still links, without text; those within keep theirs', () => {
    const text = '<v:rect href="https://example.com/">word '.repeat(40);
    const links = parseTemplate(text).links;
    assert.equal(links.length, 40);
    assert.ok(links[31]!.text.startsWith('word'), 'the 32nd has its text');
    assert.equal(links[32]!.text, '');
  });

  it('links down to the limit are found, in document order; the first unread level starts after the fourth', () => {
    const text = nested(12);
    const template = parseTemplate(text);
    assert.deepEqual(template.links.map((link) => link.raw), Array.from({ length: 4 }, (_, i) => `https://example.com/${i + 1}`));
    assert.ok(template.links.every((link) => link.inConditionalComment));
    assert.equal(template.unparsed.length, 1);
    assert.equal(template.unparsed[0]!.span.start, text.indexOf(`${OPEN}<a href="https://example.com/5"`) + OPEN.length);
  });

  it('4,000 nested <!--[if mso]> (52 KB) are parsed without running out of stack', () => {
    const text = OPEN.repeat(4000) + '<v:roundrect href="https://example.com/vml">';
    const template = parseTemplate(text);
    assert.equal(template.unparsed.length, 1);
    assert.deepEqual(template.links, []);
  });
});

describe('rule parse-limit: the unclosed-delimiter cap bounds the other rules too', () => {
  it('a template of unclosed delimiters gets at most 200 template-delimiter-unbalanced findings', () => {
    const findings = lint('<%\n'.repeat(5000));
    assert.equal(findings.filter((f) => f.ruleId === 'template-delimiter-unbalanced').length, 200);
    assert.equal(findings.filter((f) => f.ruleId === 'parse-limit').length, 1);
  });

  it('past the cap, unclosed delimiters are left out and closed ones after them still read', () => {
    const text = '<p><%= name\n'.repeat(250) + '<a href="https://shop.example/?u=<%= id %>">x</a>\n<%= last\n';
    const template = parseTemplate(text);
    const unclosed = template.segments.filter((segment) => !segment.closed);
    assert.equal(unclosed.length, 200);
    assert.equal(unclosed[199]!.start, text.indexOf('<%=', 199 * 12));
    assert.deepEqual(template.unparsed.map((region) => [region.reason, region.span.start]), [['unclosed-delimiters', 200 * 12 + 3]]);
    assert.deepEqual(template.links[0]!.segments.map((segment) => segment.expression), ['id']);
    assert.equal(template.segments.filter((segment) => segment.closed).length, 1);
    // The tokenizer of the API has no cap: every segment, as written.
    assert.equal(tokenizePersonalization(text, 'campaign').length, 252);
  });
});
