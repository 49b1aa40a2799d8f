import assert from 'node:assert/strict';
import { applyEdits, fixableEdits, lint } from '@linktrace/core';
import { lintOnly, ruleTests } from './harness';

ruleTests('url-whitespace', [
  {
    name: 'leading and trailing spaces: one finding, removed by a safe fix',
    text: '<a href=" https://example.com/ ">x</a>',
    findings: [{ covers: ' https://example.com/ ', message: /^The URL starts with a space and ends with a space: the tracker registers them as part of the URL\. Remove them\.$/, severity: 'warning' }],
    fixed: '<a href="https://example.com/">x</a>',
  },
  {
    name: 'spaces in several places of one URL: one finding',
    text: '<a href="https://example.com/my page/and more">x</a>',
    findings: [{ covers: ' page/and ', message: /contains whitespace in 2 places/ }],
    fixed: '<a href="https://example.com/my%20page/and%20more">x</a>',
  },
  {
    name: 'a line break and a space inside: one finding that names both',
    text: '<a href="https://example.com/a\n  /b c">x</a>',
    findings: [{ covers: '\n  /b ', message: /is broken across lines and contains a space.*join the URL on one line; remove the space/i }],
    fixed: '<a href="https://example.com/a/b%20c">x</a>',
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
    name: 'a phone number with spaces: one finding for the whole number, offered without spaces',
    text: '<a href="tel:+41 600 00 00">Call</a><a href="sms:+1 555\n 0100">Text</a>',
    findings: [{ covers: ' 600 00 ', message: /The phone link "tel:\+41 600 00 00" has spaces: phones dial it anyway.*\(tel:\+416000000\)/ }, { covers: ' 555\n ' }],
    fixed: '<a href="tel:+416000000">Call</a><a href="sms:+15550100">Text</a>',
  },
  {
    name: 'an invisible space in a phone number is not dialable',
    text: '<a href="tel:+41\u00a0600">Call</a>',
    findings: [{ covers: '\u00a0', message: /invisible space/ }],
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
  it('reports one finding when a value swallows text (a missing quote)', () => {
    const text = `<a href="https://example.com/>Shop${' now'.repeat(5000)}</a><p class=">`;
    const findings = lintOnly('url-whitespace', text);
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /whitespace in many places/);
  });

  it('its safe fix removes the whitespace around the URL first; the inside is then offered, not applied', () => {
    const text = '<a href=" https://example.com/a b ">x</a>';
    const first = lintOnly('url-whitespace', text);
    assert.equal(first.length, 1);
    assert.match(first[0]!.message, /starts with a space, contains a space and ends with a space/);
    const edged = applyEdits(text, fixableEdits(first));
    assert.equal(edged, '<a href="https://example.com/a b">x</a>');
    const second = lintOnly('url-whitespace', edged);
    assert.deepEqual(second.map((f) => f.fix?.safe), [false]);
    assert.deepEqual(fixableEdits(second), []);
  });

  it('a dialable phone number is info, other whitespace a warning (unless configured)', () => {
    const text = '<a href="tel:+41 600 00 00">Call</a><a href="https://example.com/a b">x</a>';
    const severities = lint(text).filter((f) => f.ruleId === 'url-whitespace').map((f) => f.severity);
    assert.deepEqual(severities, ['info', 'warning']);
    const configured = lint(text, { rules: { 'url-whitespace': 'error' } }).filter((f) => f.ruleId === 'url-whitespace');
    assert.deepEqual(configured.map((f) => f.severity), ['error', 'error']);
  });
});
