import { ruleTests } from './harness';

ruleTests('url-param-unescaped', [
  {
    name: 'a recipient field as a query value',
    text: '<a href="https://example.com/p?email=<%= recipient.email %>">x</a>',
    findings: [{ covers: '<%= recipient.email %>', message: /unencoded.*escapeUrl\(recipient\.email\)/, severity: 'warning' }],
    fixed: '<a href="https://example.com/p?email=<%= escapeUrl(recipient.email) %>">x</a>',
  },
  {
    name: 'raw output and a value inside a longer parameter, after &amp;',
    text: "<a href='https://example.com/p?a=1&amp;name=Dr.<%== recipient.lastName %>&amp;b=2'>x</a>",
    findings: [{ covers: '<%== recipient.lastName %>' }],
    fixed: "<a href='https://example.com/p?a=1&amp;name=Dr.<%== escapeUrl(recipient.lastName) %>&amp;b=2'>x</a>",
  },
  {
    name: 'an escapeUrl() call that does not cover the whole expression',
    text: '<a href="https://example.com/?q=<%= escapeUrl(a) + b %>">x</a>',
    findings: [{ covers: '<%= escapeUrl(a) + b %>' }],
  },
  {
    name: 'several values, one escaped',
    text: '<a href="https://example.com/?a=<%= escapeUrl(recipient.a) %>&b=<%= recipient.b %>&c=<%= recipient.c %>">x</a>',
    findings: [{ covers: '<%= recipient.b %>' }, { covers: '<%= recipient.c %>' }],
  },
  { name: 'the fix is offered, not applied by --fix', text: '<a href="https://e.com/?a=<%= x %>">x</a>', findings: [{ covers: '<%= x %>' }], fixed: '<a href="https://e.com/?a=<%= escapeUrl(x) %>">x</a>' },
  {
    name: 'escaped values',
    text: '<a href="https://example.com/?e=<%= escapeUrl(recipient.email) %>&n=<%= encodeURIComponent(recipient.name) %>&s=<%= escapeUrl(f("a)")) %>">x</a>',
    findings: [],
  },
  { name: 'personalization in the path', text: '<a href="https://example.com/u/<%= recipient.id %>/">x</a>', findings: [] },
  { name: 'code segments and directives', text: "<a href=\"https://example.com/?a=<% if (x) { %>1<% } %>\">x</a><a href=\"<%@ include view='MirrorPageUrl' %>\">m</a>", findings: [] },
  { name: 'SendGrid <%...%> substitution tags are not Campaign', text: '<a href="https://example.com/?u=<%asm_group_unsubscribe_raw_url%>">x</a><a href="https://example.com/?x=[Unsubscribe]">y</a>', findings: [] },
  { name: 'other dialects encode on their own terms', text: '<a href="https://example.com/?a={{ email }}&b={{ name | url_encode }}&c=*|EMAIL|*&d={contactfield=email}">x</a>', findings: [] },
]);
