import assert from 'node:assert/strict';
import { applyEdits, fixableEdits } from '@linktrace/core';
import { lintOnly, ruleTests } from './harness';

ruleTests('url-whitespace', [
  {
    name: 'leading and trailing spaces are removed by safe fixes',
    text: '<a href=" https://example.com/ ">x</a>',
    findings: [{ covers: ' ', message: /starts with a space/, severity: 'warning' }, { covers: ' ', message: /ends with a space/ }],
    fixed: '<a href="https://example.com/">x</a>',
  },
  {
    name: 'a line break and indentation before the URL',
    text: '<a href="\n      https://example.com/">x</a>',
    findings: [{ covers: '\n      ', message: /starts with a line break/ }],
    fixed: '<a href="https://example.com/">x</a>',
  },
  {
    name: 'a URL wrapped across lines',
    text: '<a href="https://example.com/a-very-long-path\n    /more?x=1">x</a>',
    findings: [{ covers: '\n    ', message: /broken across lines/ }],
    fixed: '<a href="https://example.com/a-very-long-path/more?x=1">x</a>',
  },
  {
    name: 'an inner space is offered as %20',
    text: "<a href='https://example.com/my page'>x</a>",
    findings: [{ covers: ' ', message: /contains a space/ }],
    fixed: "<a href='https://example.com/my%20page'>x</a>",
  },
  {
    name: 'invisible characters pasted from a word processor',
    text: '<a href="https://example.com/\u200b">x</a><a href="\u00a0https://example.com/">y</a>',
    findings: [{ covers: '\u200b', message: /invisible/ }, { covers: '\u00a0' }],
  },
  {
    name: 'campaign: whitespace next to personalization is still in the URL',
    text: '<a href="https://example.com/?u= <%= escapeUrl(recipient.id) %>">x</a>',
    findings: [{ covers: ' ' }],
  },
  {
    name: 'images, VML and unquoted values too',
    text: '<img src="https://img.example.com/a.png "><!--[if mso]><v:roundrect href=" https://e.com/"></v:roundrect><![endif]-->',
    findings: [{ covers: ' ' }, { covers: ' ' }],
  },
  {
    name: 'whitespace inside personalization is the template\'s own',
    text: [
      '<a href="https://example.com/?u=<%= escapeUrl( recipient.id ) %>">c</a>',
      '<a href="https://example.com/{{ user.id }}">h</a>',
      '<a href="https://example.com/{% if a %}x{% endif %}">l</a>',
      '<a href="https://example.com/{{ .Subscriber.UUID }}">m</a>',
      '<a href="{{ TrackLink "https://example.com/a b" }}">t</a>',
    ].join('\n'),
    findings: [],
  },
  { name: 'a blank value is url-malformed\'s', text: '<a href="  ">x</a><a href="">y</a>', findings: [] },
  { name: 'clean URLs', text: '<a href="https://example.com/a%20b?x=1&amp;y=2">x</a>', findings: [] },
]);

describe('rule url-whitespace (limits)', () => {
  it('reports at most ten inner runs when a value swallows text (a missing quote)', () => {
    const text = `<a href="https://example.com/>Shop${' now'.repeat(5000)}</a><p class=">`;
    assert.equal(lintOnly('url-whitespace', text).length, 10);
  });

  it('its safe fixes leave inner whitespace alone', () => {
    const text = '<a href=" https://example.com/a b ">x</a>';
    const findings = lintOnly('url-whitespace', text);
    assert.equal(applyEdits(text, fixableEdits(findings)), '<a href="https://example.com/a b">x</a>');
  });
});
