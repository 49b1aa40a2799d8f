import { ruleTests } from './harness';

ruleTests('utm-after-fragment', [
  {
    name: '#anchor?utm_...: moved into a new query before the #',
    text: '<a href="https://e.com/offers#spring?utm_source=news&utm_medium=email">x</a>',
    findings: [{ covers: '?utm_source=news&utm_medium=email', message: /"utm_source", "utm_medium" into the query/, severity: 'warning' }],
    fixed: '<a href="https://e.com/offers?utm_source=news&utm_medium=email#spring">x</a>',
  },
  {
    name: 'appended to an existing query with its &amp; style',
    text: '<a href="https://e.com/p?a=1&amp;b=2#top&amp;utm_source=news">x</a>',
    findings: [{ covers: '&amp;utm_source=news' }],
    fixed: '<a href="https://e.com/p?a=1&amp;b=2&amp;utm_source=news#top">x</a>',
  },
  {
    name: 'a fragment made only of parameters disappears',
    text: '<a href="https://e.com/#utm_campaign={{ campaign }}">x</a>',
    findings: [{ covers: 'utm_campaign={{ campaign }}' }],
    fixed: '<a href="https://e.com/?utm_campaign={{ campaign }}">x</a>',
  },
  {
    name: 'hash routes may read them: reported, fix only on request',
    text: '<a href="https://app.e.com/#/offers?utm_source=news">x</a>',
    findings: [{ covers: '?utm_source=news' }],
  },
  { name: 'fragments without campaign parameters', text: '<a href="https://e.com/?utm_source=a#section-2">x</a><a href="https://e.com/#!/x?y=1">y</a>', findings: [] },
]);
