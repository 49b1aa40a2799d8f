import assert from 'node:assert/strict';
import { lintOnly, onPlatform, ruleTests } from './harness';

ruleTests('duplicate-url-label', onPlatform('campaign', [
  {
    name: 'same URL twice without labels: the second is reported',
    text: '<a href="https://shop.example/sale">Shop the sale</a>\n<a href="https://shop.example/sale">Shop</a>',
    findings: [{ covers: 'https://shop.example/sale', message: /line 1 without a label/, severity: 'warning' }],
    fixed: '<a href="https://shop.example/sale">Shop the sale</a>\n<a href="https://shop.example/sale" data-label="shop">Shop</a>',
  },
  {
    name: 'three copies: second and third reported, with distinct suggested labels',
    text: '<a href="https://s.example/">Shop</a><a href="https://s.example/">Shop</a><a href="https://s.example/">Shop</a>',
    findings: [{ covers: 'https://s.example/', message: /"shop"/ }, { covers: 'https://s.example/', message: /"shop-2"/ }],
    fixed: '<a href="https://s.example/">Shop</a><a href="https://s.example/" data-label="shop">Shop</a><a href="https://s.example/" data-label="shop-2">Shop</a>',
  },
  {
    name: 'same label twice on the same URL',
    text: '<a href="https://s.example/" data-label="hero">A</a><a href="https://s.example/" data-label="hero">B</a>',
    findings: [{ covers: 'https://s.example/', message: /same label "hero"/ }],
    fixed: '<a href="https://s.example/" data-label="hero">A</a><a href="https://s.example/" data-label="b">B</a>',
  },
  {
    name: 'suggested label avoids labels already in use',
    text: '<a href="https://s.example/x" data-label="shop">A</a><a href="https://s.example/">Shop</a><a href="https://s.example/">Shop</a>',
    findings: [{ covers: 'https://s.example/', message: /"shop-2"/ }],
  },
  {
    name: 'Campaign: _label written in the Campaign style',
    text: '<a href="https://s.example/?u=<%= escapeUrl(recipient.id) %>" _label="top">Top</a><a href="https://s.example/?u=<%= escapeUrl(recipient.id) %>" _label="top">Bottom</a>',
    findings: [{ covers: 'https://s.example/?u=<%= escapeUrl(recipient.id) %>' }],
    fixed: '<a href="https://s.example/?u=<%= escapeUrl(recipient.id) %>" _label="top">Top</a><a href="https://s.example/?u=<%= escapeUrl(recipient.id) %>" _label="bottom">Bottom</a>',
  },
  { name: 'the same URL spelled with &amp; and & is one URL', text: '<a href="https://s.example/?a=1&amp;b=2">A</a><a href="https://s.example/?a=1&b=2">B</a>', findings: [{ covers: 'https://s.example/?a=1&b=2' }] },
  { name: 'host case does not matter', text: '<a href="https://S.Example/p">A</a><a href="https://s.example/p">B</a>', findings: [{ covers: 'https://s.example/p' }] },
  { name: 'Handlebars path personalization', text: '<a href="https://s.example/{{id}}">A</a><a href="https://s.example/{{id}}">B</a>', findings: [{ covers: 'https://s.example/{{id}}' }] },
  { name: 'Mailchimp merge tag in the query', text: '<a href="https://s.example/?e=*|EMAIL|*">A</a><a href="https://s.example/?e=*|EMAIL|*">B</a>', findings: [{ covers: 'https://s.example/?e=*|EMAIL|*' }] },

  { name: 'distinct labels (the clean form)', text: '<a href="https://s.example/sale" data-label="hero">Shop the sale</a><a href="https://s.example/sale" data-label="footer">Shop</a>', findings: [] },
  { name: 'one labelled, one not: still distinct entries', text: '<a href="https://s.example/">A</a><a href="https://s.example/" data-label="footer">B</a>', findings: [] },
  { name: 'different URLs', text: '<a href="https://s.example/a">A</a><a href="https://s.example/b">B</a>', findings: [] },
  { name: 'query values differ', text: '<a href="https://s.example/?p=1">A</a><a href="https://s.example/?p=2">B</a>', findings: [] },
  {
    name: 'bulletproof button: VML twin inside <!--[if mso]>',
    text: '<!--[if mso]><v:roundrect href="https://s.example/cta"></v:roundrect><![endif]--><!--[if !mso]><!--><a href="https://s.example/cta">Buy</a><!--<![endif]-->',
    findings: [],
  },
  { name: 'untracked copies (Never, mailto, anchors)', text: '<a href="https://s.example/" data-tracking="never">A</a><a href="https://s.example/" data-tracking="never">B</a><a href="mailto:a@s.example">m</a><a href="mailto:a@s.example">m</a><a href="#top">t</a><a href="#top">t</a>', findings: [] },
  { name: 'opt-out links are typed, not counted as tracked URLs', text: '<a href="https://s.example/unsub" data-tracking="opt-out">U</a><a href="https://s.example/unsub" data-tracking="opt-out">U</a>', findings: [] },
  { name: 'URLs made wholly of personalization can differ per recipient', text: '{{#each deals}}<a href="{{this.url}}">A</a>{{/each}}<a href="{{this.url}}">B</a>', findings: [] },
  { name: 'bare URLs of a text part cannot carry labels', text: 'Shop https://s.example/ and again https://s.example/', options: { format: 'text' }, findings: [] },
  { name: 'images are not clicked', text: '<img src="https://s.example/a.png"><img src="https://s.example/a.png">', findings: [] },
  { name: 'click tracking off', text: '<!-- linktrace clicks=off --><a href="https://s.example/">A</a><a href="https://s.example/">B</a>', findings: [] },
]));

describe('rule duplicate-url-label fix safety', () => {
  it('a suggested label is offered as an unsafe fix', () => {
    const [finding] = lintOnly('duplicate-url-label', '<a href="https://s.example/">A</a><a href="https://s.example/">B</a>', { platform: 'campaign' });
    assert.equal(finding?.fix?.safe, false);
  });
});
