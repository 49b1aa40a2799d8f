import { onPlatform, ruleTests } from './harness';

ruleTests('url-script-generated', onPlatform('campaign', [
  {
    name: 'campaign: a link inside a <% for %> loop',
    text: '<% for (var i = 0; i < offers.length; i++) { %>\n<a href="https://shop.example.com/o/<%= offers[i].id %>">Offer</a>\n<% } %>',
    findings: [{ covers: 'https://shop.example.com/o/<%= offers[i].id %>', message: /loop.*cannot tell which item/, severity: 'error' }],
  },
  {
    name: 'campaign: a URL computed by getURL()',
    text: '<a href="<%= getURL(\'offer\', recipient.id) %>">x</a>',
    findings: [{ covers: "<%= getURL('offer', recipient.id) %>", message: /script call/ }],
  },
  { name: 'campaign: a URL written by document.write', text: '<a href="<% document.write(url) %>">x</a>', findings: [{ covers: '<% document.write(url) %>' }] },
  {
    name: 'handlebars: {{#each}}',
    text: '{{#each items}}<a href="https://shop.example.com/p/{{id}}">{{name}}</a>{{/each}}',
    findings: [{ covers: 'https://shop.example.com/p/{{id}}' }],
  },
  { name: 'liquid: {% for %}', text: '{% for p in products %}<a href="{{ p.url }}">x</a>{% endfor %}', findings: [{ covers: '{{ p.url }}' }] },
  {
    name: 'listmonk: {{ range }}',
    text: '{{ range .Campaign.Attribs.links }}<a href="https://example.com/{{ .slug }}">x</a>{{ end }}',
    options: { dialect: 'listmonk' },
    findings: [{ covers: 'https://example.com/{{ .slug }}' }],
  },
  { name: 'the span leaves surrounding whitespace out', text: '{{#each a}}<a href=" https://e.com/{{x}} ">x</a>{{/each}}', findings: [{ covers: 'https://e.com/{{x}}' }] },
  {
    name: 'links after the loop ends, and inside a non-loop block',
    text: '<% for (var i = 0; i < 2; i++) { %>x<% } %><a href="https://example.com/after">a</a>{{#if vip}}<a href="https://example.com/vip">v</a>{{/if}}',
    findings: [],
  },
  {
    name: 'untrackable or Never links in a loop',
    text: '{{#each people}}<a href="mailto:{{email}}">m</a><a href="https://example.com/{{id}}" data-tracking="never">n</a><img src="https://img.example.com/{{id}}.png">{{/each}}',
    findings: [],
  },
  { name: 'campaign output without a script call', text: '<a href="https://example.com/?u=<%= escapeUrl(recipient.id) %>">x</a>', findings: [] },
]));
