import assert from 'node:assert/strict';
import { lintOnly, ruleTests } from './harness';

ruleTests('attr-quote-collision', [
  {
    name: 'Campaign function call with double quotes in a double-quoted href',
    text: '<a href="https://shop.example/?c=<%= f("a") %>">Shop</a>',
    findings: [{ covers: '<%= f("a") %>', message: /`<%= f\("a"\) %>` contains the character ", which also delimits the href attribute/, severity: 'warning' }],
    fixed: `<a href='https://shop.example/?c=<%= f("a") %>'>Shop</a>`,
  },
  {
    name: 'single quotes inside a single-quoted href',
    text: "<a href='https://shop.example/?c=<%= escapeUrl(recipient['id']) %>'>Shop</a>",
    findings: [{ covers: "<%= escapeUrl(recipient['id']) %>" }],
    fixed: `<a href="https://shop.example/?c=<%= escapeUrl(recipient['id']) %>">Shop</a>`,
  },
  {
    name: 'two colliding expressions: both reported, one fix',
    text: '<a href="https://s.example/<%= f("a") %>/<%= g("b") %>">x</a>',
    findings: [{ covers: '<%= f("a") %>' }, { covers: '<%= g("b") %>' }],
    fixed: `<a href='https://s.example/<%= f("a") %>/<%= g("b") %>'>x</a>`,
  },
  {
    name: 'Journey Optimizer helper with a string argument (links are read from the source)',
    text: '<a href="https://s.example/{{lookup profile "id"}}">x</a>',
    options: { platform: 'journey-optimizer' },
    findings: [{ covers: '{{lookup profile "id"}}' }],
  },
  { name: 'Liquid filter argument: rendered before any HTML parsing', text: '<a href="https://s.example/?d={{ d | date: "%Y" }}">x</a>', findings: [] },
  { name: 'Shopify asset_url with the attribute\'s own quotes', text: `<img src='{{ 'logo.png' | asset_url }}'><a href='{{ shop.url }}/pages/{{ 'faq' | handleize }}'>FAQ</a>`, findings: [] },
  { name: 'Handlebars elsewhere is rendered first too', text: '<a href="https://s.example/{{lookup person "id"}}">x</a>', options: { platform: 'postmark' }, findings: [] },
  { name: 'Campaign mirror page include', text: `<a href="<%@ include view="MirrorPageUrl" %>">View online</a>`, findings: [{ covers: '<%@ include view="MirrorPageUrl" %>' }] },
  { name: 'other attributes of a link tag too', text: '<a href="https://s.example/" title="<%= t("x") %>">x</a>', findings: [{ covers: '<%= t("x") %>' }] },
  { name: 'outer quote cannot be switched when the value has both kinds', text: `<a href="https://s.example/?q=it's&c=<%= f("a") %>">x</a>`, findings: [{ covers: '<%= f("a") %>' }] },

  { name: 'listmonk TrackLink is rendered before any HTML parsing (its documented form)', text: '<a href="{{ TrackLink "https://s.example/" }}">x</a>', findings: [] },
  { name: 'other quote inside the expression', text: `<a href="https://s.example/?c=<%= f('a') %>">x</a>`, findings: [] },
  { name: 'escapeUrl without quotes', text: '<a href="https://s.example/?c=<%= escapeUrl(recipient.id) %>">x</a>', findings: [] },
  { name: 'Mailchimp and Mautic tokens never hold quotes', text: '<a href="https://s.example/?e=*|EMAIL|*&c={contactfield=city}">x</a>', findings: [] },
  { name: 'expression outside any attribute', text: '<p><%= f("a") %></p><a href="https://s.example/">x</a>', findings: [] },
  { name: 'unquoted attribute is attr-unquoted', text: '<a href=https://s.example/<%= f("a") %>>x</a>', findings: [] },
]);

describe('rule attr-quote-collision fix safety', () => {
  it('switching the outer quotes is offered as an unsafe fix', () => {
    assert.equal(lintOnly('attr-quote-collision', '<a href="<%= f("a") %>">x</a>')[0]?.fix?.safe, false);
  });
});
