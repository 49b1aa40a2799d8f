import { onPlatform, ruleTests } from './harness';

ruleTests('url-untracked-scheme', onPlatform('campaign', [
  { name: 'mailto:', text: '<a href="mailto:help@example.com">Write to us</a>', findings: [{ covers: 'mailto:help@example.com', message: /email link \(mailto:\), so its clicks are not tracked/, severity: 'info' }] },
  { name: 'tel: and sms:', text: '<a href="tel:+15551234">a</a><a href="SMS:+15551234?body=hi">b</a>', findings: [{ covers: 'tel:+15551234', message: /phone/ }, { covers: 'SMS:+15551234?body=hi', message: /text-message/ }] },
  { name: 'in-page anchor', text: '<a href="#offers">Offers</a>', findings: [{ covers: '#offers', message: /in-page anchor/ }] },
  { name: 'handlebars: personalized mailto', text: '<a href="mailto:{{support_email}}">x</a>', findings: [{ covers: 'mailto:{{support_email}}' }] },
  { name: 'campaign: personalized tel', text: '<a href=" tel:<%= recipient.agentPhone %> ">x</a>', findings: [{ covers: 'tel:<%= recipient.agentPhone %>' }] },
  { name: 'a bare # is url-malformed\'s', text: '<a href="#">x</a>', findings: [] },
  { name: 'mailto: and tel: with no target are url-malformed\'s', text: '<a href="mailto:">a</a><a href="mailto:#">b</a><a href="tel: ">c</a>', findings: [] },
  { name: 'typed Never on purpose', text: '<a href="mailto:a@e.com" data-tracking="never">a</a><a href="tel:1" _type="never">b</a><a href="#top" ses:no-track>c</a>', findings: [] },
  { name: 'click tracking off for the message', text: '<!-- linktrace clicks=off -->\n<a href="mailto:a@e.com">a</a>', findings: [] },
  { name: 'tracked links and images', text: '<a href="https://example.com/#section">a</a><img src="https://e.com/a.png"><a href="{{url}}">b</a><a href="*|UNSUB|*">c</a>', findings: [] },
]));
