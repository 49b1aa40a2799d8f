import { ruleTests } from './harness';

ruleTests('utm-duplicate', [
  {
    name: 'the same value twice: the second is removed with its separator',
    text: '<a href="https://e.com/?utm_source=news&amp;a=1&amp;utm_source=news">x</a>',
    findings: [{ covers: 'utm_source', message: /twice with the same value/, severity: 'warning' }],
    fixed: '<a href="https://e.com/?utm_source=news&amp;a=1">x</a>',
  },
  {
    name: 'different values: reported with both values, the fix is not safe',
    text: '<a href="https://e.com/?utm_campaign=spring&utm_campaign=summer#top">x</a>',
    findings: [{ covers: 'utm_campaign', message: /as "spring" and "summer"/ }],
  },
  {
    name: 'names differing in case are the same parameter to a reader',
    text: '<a href="https://e.com/?utm_medium=email&UTM_MEDIUM=email">x</a>',
    findings: [{ covers: 'UTM_MEDIUM' }],
  },
  { name: 'other repeated parameters are not campaign parameters', text: '<a href="https://e.com/?tag=a&tag=b&utm_source=x">x</a>', findings: [] },
]);
