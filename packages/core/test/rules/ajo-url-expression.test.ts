import { onPlatform, ruleTests } from './harness';

ruleTests('ajo-url-expression', onPlatform('journey-optimizer', [
  {
    name: 'an {{#if}} block inside the path: one finding over the whole block',
    text: '<a href="https://example.com/{{#if profile.isVip}}vip{{else}}offers{{/if}}/sale">Sale</a>',
    findings: [{ covers: '{{#if profile.isVip}}vip{{else}}offers{{/if}}', message: /conditional or block.*whole link/, severity: 'error' }],
  },
  {
    name: 'a helper call in the query',
    text: '<a href="https://example.com/p?d={{formatDate profile.birthDate \'YYYY-MM-DD\'}}&x=1">x</a>',
    findings: [{ covers: "{{formatDate profile.birthDate 'YYYY-MM-DD'}}", message: /helper call.*simple \{\{path\}\}/ }],
  },
  {
    name: 'a subexpression in a triple-stash and a block together',
    text: '<a href="https://example.com/?c={{{lowerCase (concat profile.a profile.b)}}}{{#each items}}{{/each}}">x</a>',
    findings: [{ covers: '{{{lowerCase (concat profile.a profile.b)}}}{{#each items}}{{/each}}', message: /Blocks and helper calls/ }],
  },
  {
    name: 'a Handlebars comment inside a URL',
    text: '<a href="https://example.com/{{! campaign page }}spring">x</a>',
    findings: [{ covers: '{{! campaign page }}' }],
  },
  {
    name: 'findings on each link separately, on a VML button too',
    text: '<!--[if mso]><v:roundrect href="https://example.com/{{#if a}}x{{/if}}"></v:roundrect><![endif]--><a href="https://example.com/{{upper profile.city}}">Go</a>',
    findings: [{ covers: '{{#if a}}x{{/if}}' }, { covers: '{{upper profile.city}}' }],
  },
  {
    name: 'good: simple paths, with or without spaces, triple-stash and context paths',
    text: [
      '<a href="https://example.com/u/{{profile.person.name.firstName}}?j={{context.journey.events.1234.id}}">a</a>',
      '<a href="https://example.com/{{ profile.id }}">b</a>',
      '<a href="{{{profile.landingUrl}}}">c</a>',
      '<a href="https://example.com/{{items.[0].sku}}">d</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: blocks around a whole link, outside the URL',
    text: '{{#if profile.isVip}}<a href="https://example.com/vip">VIP</a>{{else}}<a href="https://example.com/offers">Offers</a>{{/if}}',
    findings: [],
  },
  {
    name: 'good: other dialects are not Journey Optimizer',
    text: [
      `<a href="https://example.com/?id=<%= escapeUrl(recipient.id) %>">a</a>`,
      '<a href="https://example.com/{% if x %}a{% endif %}">b</a>',
      '<a href="*|ARCHIVE|*">c</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: listmonk functions are listmonk\'s business',
    text: '<a href="{{ TrackLink "https://example.com/" }}">a</a> <a href="https://example.com/?u={{ .Subscriber.UUID }}">b</a>',
    findings: [],
  },
  { name: 'good: images are not click-tracked', text: '<img src="https://example.com/{{#if a}}x{{/if}}.png">', findings: [] },
]));
