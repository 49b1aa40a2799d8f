import assert from 'node:assert/strict';
import { lintOnly, ruleTests } from './harness';

ruleTests('tracked-url-as-text', [
  {
    name: 'text is the full URL',
    text: '<a href="https://shop.example/sale">https://shop.example/sale</a>',
    findings: [{ covers: 'https://shop.example/sale', message: /phishing/, severity: 'warning' }],
    fixed: '<a href="https://shop.example/sale" data-tracking="never">https://shop.example/sale</a>',
  },
  {
    name: 'text is a www address of another page',
    text: "<a href='https://shop.example/?u={{id}}' class=\"l\"><b>www.shop.example</b></a>",
    findings: [{ covers: 'https://shop.example/?u={{id}}' }],
    fixed: "<a href='https://shop.example/?u={{id}}' data-tracking='never' class=\"l\"><b>www.shop.example</b></a>",
  },
  { name: 'bare domain naming the link host', text: '<a href="https://www.shop.example/">shop.example</a>', findings: [{ covers: 'https://www.shop.example/' }] },
  {
    name: 'explicit data-tracking="tracked" is replaced',
    text: '<a href="https://shop.example/" data-tracking="tracked">https://shop.example/</a>',
    findings: [{ covers: 'https://shop.example/' }],
    fixed: '<a href="https://shop.example/" data-tracking="never">https://shop.example/</a>',
  },
  {
    name: 'Campaign link with _label: fix writes _donottrack',
    text: '<a href="https://shop.example/" _label="site">https://shop.example/</a>',
    findings: [{ covers: 'https://shop.example/' }],
    fixed: '<a href="https://shop.example/" _donottrack="true" _label="site">https://shop.example/</a>',
  },
  { name: 'Campaign personalization', text: '<a href="https://shop.example/?u=<%= escapeUrl(recipient.id) %>">https://shop.example</a>', findings: [{ covers: 'https://shop.example/?u=<%= escapeUrl(recipient.id) %>' }] },
  { name: 'http link', text: '<a href="http://shop.example/">http://shop.example/</a>', findings: [{ covers: 'http://shop.example/' }] },

  { name: 'descriptive text', text: '<a href="https://shop.example/sale">Shop the sale</a>', findings: [] },
  { name: 'URL text on a Never link', text: '<a href="https://shop.example/" data-tracking="never">https://shop.example/</a>', findings: [] },
  { name: 'URL text on a SendGrid clicktracking=off link', text: '<a clicktracking=off href="https://shop.example/">https://shop.example/</a>', findings: [] },
  { name: 'URL text on a mirror page link', text: '<a href="https://shop.example/view" data-tracking="mirror-page">https://shop.example/view</a>', findings: [] },
  { name: 'click tracking off for the message', text: '<!-- linktrace clicks=off --><a href="https://shop.example/">https://shop.example/</a>', findings: [] },
  { name: 'mailto link showing the address', text: '<a href="mailto:help@shop.example">help@shop.example</a>', findings: [] },
  { name: 'a dotted word that is not the link host', text: '<a href="https://nodejs.org/">Node.js</a>', findings: [] },
  { name: 'domain-like text of another site', text: '<a href="https://shop.example/">other.example</a>', findings: [] },
  { name: 'image link', text: '<a href="https://shop.example/"><img src="https://shop.example/logo.png" alt="https://shop.example"></a>', findings: [] },
  {
    name: 'Mailchimp: its own no-track attribute is named, and no data-tracking fix is offered',
    text: '<a href="https://shop.example.com/?e=*|EMAIL|*">https://shop.example.com</a>',
    findings: [{ covers: 'https://shop.example.com/?e=*|EMAIL|*', message: /Mailchimp rewrites the href.*\(mc:disable-tracking\)/ }],
  },
  { name: 'Shopify notifications track no clicks', text: '<a href="{{ shop.url }}/x">https://shop.example.com/x</a> {{ shop.name }} {{ order_status_url }}', findings: [] },
]);

describe('rule tracked-url-as-text fix safety', () => {
  it('switching tracking off changes the reports: offered as an unsafe fix', () => {
    assert.equal(lintOnly('tracked-url-as-text', '<a href="https://x.example/">https://x.example/</a>')[0]?.fix?.safe, false);
  });
});

describe('rule tracked-url-as-text on platforms that do not read link types', () => {
  it('offers no data-tracking fix that the platform would ignore', () => {
    const [finding] = lintOnly('tracked-url-as-text', '<a href="https://shop.example.com/?e=*|EMAIL|*">https://shop.example.com</a>');
    assert.ok(finding);
    assert.equal(finding.fix, undefined);
  });
});
