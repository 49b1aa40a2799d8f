import { ruleTests } from './harness';

ruleTests('url-insecure-http', [
  {
    name: 'http:// link, fix offered but not safe',
    text: '<a href="http://htmlemail.io/blog">Blog</a>',
    findings: [{ covers: 'http://htmlemail.io/blog', message: /plain http:\/\/.*Use https:\/\//, severity: 'warning' }],
    fixed: '<a href="https://htmlemail.io/blog">Blog</a>',
  },
  { name: 'upper case and surrounding spaces', text: '<a href=" HTTP://Example.com ">x</a>', findings: [{ covers: 'HTTP://Example.com' }], fixed: '<a href=" https://Example.com ">x</a>' },
  { name: 'campaign personalization in the query', text: '<a href="http://e.com/?u=<%= escapeUrl(recipient.id) %>">x</a>', findings: [{ covers: 'http://e.com/?u=<%= escapeUrl(recipient.id) %>' }] },
  { name: 'handlebars, mailchimp, VML, Inky', text: '<a href="http://e.com/{{id}}">a</a><a href="http://e.com/*|ID|*">b</a><!--[if mso]><v:rect href="http://e.com/v"></v:rect><![endif]--><button href="http://e.com/b">c</button>', findings: [{ covers: 'http://e.com/{{id}}' }, { covers: 'http://e.com/*|ID|*' }, { covers: 'http://e.com/v' }, { covers: 'http://e.com/b' }] },
  { name: 'bare http URL in a text part', text: 'Read http://e.com/post now', options: { format: 'text' }, findings: [{ covers: 'http://e.com/post' }] },
  { name: 'https and other schemes', text: '<a href="https://e.com">a</a><a href="https+notrack://e.com">b</a><a href="mailto:x@e.com">c</a><a href="/http://x">d</a>', findings: [] },
  { name: 'images are not links', text: '<img src="http://placehold.it/120">', findings: [] },
  { name: 'http inside personalization or the path', text: '<a href="{{ http_url }}">a</a><a href="https://e.com/?r=http://x">b</a>', findings: [] },
]);
