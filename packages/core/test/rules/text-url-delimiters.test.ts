import assert from 'node:assert/strict';
import { lintOnly, ruleTests } from './harness';

const text = { format: 'text' } as const;
const campaign = { format: 'text', dialect: 'campaign' } as const;

ruleTests('text-url-delimiters', [
  {
    name: 'Campaign: bare URL',
    text: 'Shop now: https://shop.example/sale\nThanks',
    options: campaign,
    findings: [{ covers: 'https://shop.example/sale', message: /Campaign/, severity: 'warning' }],
    fixed: 'Shop now: [https://shop.example/sale]\nThanks',
  },
  { name: 'Campaign: personalized URL', text: 'Your page: https://shop.example/u/<%= recipient.id %> ok', options: campaign, findings: [{ covers: 'https://shop.example/u/<%= recipient.id %>' }] },
  { name: 'Campaign detected from the text', text: 'Hello <%= recipient.firstName %>, see https://shop.example/', options: text, findings: [{ covers: 'https://shop.example/' }] },
  { name: 'Campaign: www URL', text: 'Visit www.shop.example today', options: campaign, findings: [{ covers: 'www.shop.example' }] },
  { name: 'Campaign: mismatched pair', text: '(https://shop.example/]', options: campaign, findings: [{ covers: 'https://shop.example/' }] },
  {
    name: 'any dialect: URL followed by a semicolon',
    text: 'Read https://shop.example/faq; then reply',
    options: text,
    findings: [{ covers: 'https://shop.example/faq', message: /followed by ";"/ }],
    fixed: 'Read [https://shop.example/faq]; then reply',
  },
  { name: 'Handlebars: URL followed by a colon', text: 'Hi {{first_name}}, https://shop.example/{{id}}: your page', options: text, findings: [{ covers: 'https://shop.example/{{id}}' }] },
  { name: 'Mailchimp: closing parenthesis without its opener', text: 'Archive: *|FNAME|* https://shop.example/a) x', options: text, findings: [{ covers: 'https://shop.example/a' }] },
  { name: 'pragma sets the dialect', text: '<!-- linktrace dialect=campaign -->\nGo https://shop.example/ now', options: text, findings: [{ covers: 'https://shop.example/' }] },

  { name: 'disable-next-line pragma in a text part', text: '<!-- linktrace-disable-next-line text-url-delimiters -->\nGo https://a.example/ now\nGo https://b.example/ now', options: campaign, findings: [{ covers: 'https://b.example/' }] },
  { name: 'Campaign: parentheses', text: 'Shop (https://shop.example/sale); thanks', options: campaign, findings: [] },
  { name: 'Campaign: brackets, braces and angle brackets', text: '[https://a.example/] {https://b.example/} <https://c.example/>', options: campaign, findings: [] },
  { name: 'other dialects: a bare URL followed by a space or line end', text: 'Hi {{name}}\nhttps://shop.example/sale\nor https://shop.example/ now', options: text, findings: [] },
  { name: 'standalone platform links (Campaign mirror page include)', text: "View online: <%@ include view='MirrorPageUrl' %>", options: campaign, findings: [] },
  { name: 'other dialects: a final period is dropped by linkifiers', text: 'Hi {{first_name}}, go to https://shop.example/{{id}}.', options: text, findings: [] },
  { name: 'Mailchimp unsubscribe tag', text: 'Unsubscribe: *|UNSUB|*.', options: text, findings: [] },
  { name: 'HTML part: not a text URL', text: '<a href="https://shop.example/">https://shop.example/</a>; <%= x %>', findings: [] },
]);

describe('rule text-url-delimiters fix safety', () => {
  it('adding brackets changes the visible text: unsafe', () => {
    assert.equal(lintOnly('text-url-delimiters', 'See https://x.example/;', { format: 'text' })[0]?.fix?.safe, false);
  });
});
