import { onPlatform, ruleTests } from './harness';

ruleTests('url-param-reserved', onPlatform('campaign', [
  {
    name: 'campaign: id in a personalized URL',
    text: '<a href="https://example.com/p?id=<%= escapeUrl(recipient.id) %>">x</a>',
    findings: [{ covers: 'id', message: /clashes with the "id" parameter/, severity: 'warning' }],
  },
  {
    name: 'handlebars: id after another parameter and after &amp;',
    text: '<a href="https://example.com/p?u={{uid}}&amp;id=7">x</a>',
    findings: [{ covers: 'id' }],
  },
  { name: 'upper-case ID, liquid', text: '<a href="https://example.com/?ID={{ customer.id }}">x</a>', findings: [{ covers: 'ID' }] },
  { name: 'mailchimp and mautic', text: '<a href="https://e.com/?id=*|UID|*">a</a><a href="https://e.com/?x=1&id={contactfield=id}">b</a>', findings: [{ covers: 'id' }, { covers: 'id' }] },
  { name: 'a URL without personalization is stored whole', text: '<a href="https://example.com/p?id=42">x</a>', findings: [] },
  { name: 'other names that contain id', text: '<a href="https://example.com/p?uid={{u}}&product_id={{p}}&idx=1&ids={{a}}">x</a>', findings: [] },
  { name: 'id in the path or fragment', text: '<a href="https://example.com/id/{{u}}#id=1">x</a>', findings: [] },
  { name: 'an id inside an expression is not a parameter', text: '<a href="https://example.com/?u={{ lookup x \'id=1\' }}">x</a>', findings: [] },
  { name: 'untracked links and images', text: '<a href="mailto:{{e}}?id=1">m</a><img src="https://e.com/p.gif?id={{u}}"><a href="https://e.com/?id={{u}}" data-tracking="never">n</a>', findings: [] },
]));
