import { ruleTests } from './harness';

ruleTests('utm-misspelt', [
  {
    name: 'utm_campain is renamed to utm_campaign',
    text: '<a href="https://e.com/?utm_source=n&utm_campain=spring">x</a>',
    findings: [{ covers: 'utm_campain', message: /did you mean "utm_campaign"/, severity: 'warning' }],
    fixed: '<a href="https://e.com/?utm_source=n&utm_campaign=spring">x</a>',
  },
  {
    name: 'case and separators: UTM_Source, utm-medium, utmcontent',
    text: '<a href="https://e.com/?UTM_Source=a&amp;utm-medium=b&amp;utmcontent=c">x</a>',
    findings: [{ covers: 'UTM_Source' }, { covers: 'utm-medium' }, { covers: 'utmcontent' }],
    fixed: '<a href="https://e.com/?utm_source=a&amp;utm_medium=b&amp;utm_content=c">x</a>',
  },
  {
    name: 'a configured custom name counts as known and as a target',
    text: '<a href="https://e.com/?utm_segmnt=vip&utm_segment=a">x</a>',
    options: { utm: { parameters: { utm_segment: true } } },
    findings: [{ covers: 'utm_segmnt', message: /already has "utm_segment": remove one/ }],
  },
  {
    name: 'correct names and unrelated names are left alone',
    text: '<a href="https://e.com/?utm_source=a&utm_medium=b&utm_campaign=c&utm_term=d&utm_content=e&item_content=f&custom_utm_value=g&utm_custom_dimension=h">x</a>',
    findings: [],
  },
  {
    name: 'in plain-text parts too, not in images',
    text: 'Shop: https://e.com/?utm_soruce=a\n',
    options: { format: 'text' },
    findings: [{ covers: 'utm_soruce' }],
    fixed: 'Shop: https://e.com/?utm_source=a\n',
  },
  { name: 'images are not campaign links', text: '<img src="https://e.com/p.png?utm_campain=x">', findings: [] },
]);
