import assert from 'node:assert/strict';
import { lintOnly, ruleTests } from './harness';

ruleTests('attr-unquoted', [
  {
    name: 'static unquoted href',
    text: '<a href=https://shop.example/sale class=btn>Shop</a>',
    findings: [{ covers: 'https://shop.example/sale', message: /not quoted/, severity: 'warning' }],
    fixed: '<a href="https://shop.example/sale" class=btn>Shop</a>',
  },
  {
    name: 'unquoted href ending at >',
    text: '<a href=https://shop.example/>Shop</a>',
    findings: [{ covers: 'https://shop.example/' }],
    fixed: '<a href="https://shop.example/">Shop</a>',
  },
  {
    name: 'Campaign personalization in an unquoted href',
    text: '<a href=https://shop.example/?n=<%= recipient.firstName %>>Hi</a>',
    findings: [{ covers: 'https://shop.example/?n=<%= recipient.firstName %>', message: /personalization/ }],
    fixed: '<a href="https://shop.example/?n=<%= recipient.firstName %>">Hi</a>',
  },
  {
    name: 'expression with double quotes: quoted with single quotes',
    text: '<a href=https://shop.example/?c=<%= f("a") %>>Hi</a>',
    findings: [{ covers: 'https://shop.example/?c=<%= f("a") %>' }],
    fixed: `<a href='https://shop.example/?c=<%= f("a") %>'>Hi</a>`,
  },
  { name: 'Handlebars whole URL', text: '<a href={{url}}>Go</a>', findings: [{ covers: '{{url}}' }], fixed: '<a href="{{url}}">Go</a>' },
  { name: 'Liquid', text: '<a href=https://s.example/{{ p.handle }}>Go</a>', findings: [{ covers: 'https://s.example/{{ p.handle }}' }] },
  { name: 'listmonk', text: '<a href=https://s.example/u/{{ .Subscriber.UUID }}>Go</a>', findings: [{ covers: 'https://s.example/u/{{ .Subscriber.UUID }}' }] },
  { name: 'Mailchimp unsubscribe tag', text: '<a href=*|UNSUB|*>Unsubscribe</a>', findings: [{ covers: '*|UNSUB|*' }] },
  { name: 'Mautic', text: '<a href={unsubscribe_url}>Unsubscribe</a>', findings: [{ covers: '{unsubscribe_url}' }] },
  { name: 'SendGrid', text: '<a href=<%asm_group_unsubscribe_raw_url%>>Unsubscribe</a>', findings: [{ covers: '<%asm_group_unsubscribe_raw_url%>' }] },
  { name: 'image src', text: '<img src=https://cdn.example/a.png alt="">', findings: [{ covers: 'https://cdn.example/a.png' }] },
  { name: 'VML in a conditional comment', text: '<!--[if mso]><v:roundrect href=https://shop.example/ arcsize="10%"></v:roundrect><![endif]-->', findings: [{ covers: 'https://shop.example/' }] },
  { name: 'value with both quote kinds: reported without a fix', text: `<a href=https://shop.example/?a="x"&b='y'>Hi</a>`, findings: [{ covers: `https://shop.example/?a="x"&b='y'` }] },

  { name: 'double-quoted', text: '<a href="https://shop.example/">Shop</a>', findings: [] },
  { name: 'single-quoted', text: "<a href='https://shop.example/?n=<%= f(\"a\") %>'>Shop</a>", findings: [] },
  { name: 'other unquoted attributes are not URLs', text: '<a href="https://shop.example/" class=btn target=_blank>Shop</a>', findings: [] },
  { name: 'bare href without a value', text: '<a href>Shop</a>', findings: [] },
  { name: 'text part', text: 'Go to https://shop.example/', options: { format: 'text' }, findings: [] },
]);

describe('rule attr-unquoted fix safety', () => {
  it('quoting a static URL is safe; quoting around personalization is not', () => {
    const [plain] = lintOnly('attr-unquoted', '<a href=https://shop.example/>x</a>');
    const [personalized] = lintOnly('attr-unquoted', '<a href=https://shop.example/{{id}}>x</a>');
    assert.equal(plain?.fix?.safe, true);
    assert.equal(personalized?.fix?.safe, false);
  });
});
