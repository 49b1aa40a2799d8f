import { onPlatform, ruleTests } from './harness';

ruleTests('ajo-url-token-space', onPlatform('journey-optimizer', [
  {
    name: 'spaces inside a token in the query, fixed safely',
    text: '<a href="https://example.com/p?id={{ profile.person.id }}&src=mail">x</a>',
    findings: [{ covers: '{{ profile.person.id }}', message: /Write \{\{profile\.person\.id\}\}/, severity: 'warning' }],
    fixed: '<a href="https://example.com/p?id={{profile.person.id}}&src=mail">x</a>',
  },
  {
    name: 'one-sided space, line break and triple-stash',
    text: "<a href='https://example.com/{{profile.city }}/{{{\n  profile.slug}}}'>x</a>",
    findings: [{ covers: '{{profile.city }}' }, { covers: '{{{\n  profile.slug}}}' }],
    fixed: "<a href='https://example.com/{{profile.city}}/{{{profile.slug}}}'>x</a>",
  },
  {
    name: 'in the host and in an Outlook VML button',
    text: '<!--[if mso]><v:rect href="https://{{ context.brand }}.example.com/"></v:rect><![endif]-->',
    findings: [{ covers: '{{ context.brand }}' }],
    fixed: '<!--[if mso]><v:rect href="https://{{context.brand}}.example.com/"></v:rect><![endif]-->',
  },
  {
    name: 'good: tight tokens',
    text: '<a href="https://example.com/{{profile.id}}?c={{{context.code}}}">x</a>',
    findings: [],
  },
  {
    name: 'good: spaced tokens outside URLs (text, images, other attributes)',
    text: '<p>Hi {{ profile.firstName }}</p><img src="https://example.com/{{ profile.id }}.png" alt="{{ profile.name }}"><a href="https://example.com/" title="{{ profile.name }}">x</a>',
    findings: [],
  },
  {
    name: 'good: helpers and blocks are ajo-url-expression\'s, whitespace control is deliberate',
    text: '<a href="https://example.com/{{ formatDate profile.d }}/{{#if x }}a{{/if}}/{{~ profile.id ~}}">x</a>',
    findings: [],
  },
  {
    name: 'good: Liquid and listmonk tokens are not Journey Optimizer tokens',
    text: [
      '{% if x %}{% endif %}<a href="https://example.com/{{ customer.id | url_encode }}">a</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: listmonk',
    text: '<a href="https://example.com/?u={{ .Subscriber.UUID }}">b</a> {{ TrackView }}',
    findings: [],
  },
]));
