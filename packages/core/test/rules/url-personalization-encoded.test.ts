import { ruleTests } from './harness';

ruleTests('url-personalization-encoded', [
  {
    name: 'Handlebars / Liquid braces encoded by an editor: the whole expression, decoded in the fix',
    text: '<a href="https://shop.example.com/?u=%7B%7B%20user.id%20%7D%7D&amp;x=1">x</a>',
    findings: [{ covers: '%7B%7B%20user.id%20%7D%7D', message: /percent-encoded \("%7B%7B" is "\{\{"\).*every recipient gets this literal URL.*\(\{\{ user\.id \}\}\)/, severity: 'error' }],
    fixed: '<a href="https://shop.example.com/?u={{ user.id }}&amp;x=1">x</a>',
  },
  {
    name: 'lower-case hex, Liquid tags, Campaign, Mailchimp',
    text: '<a href="https://e.com/%7b%7bname%7d%7d">a</a><a href="https://e.com/?a=%7B%25%20if%20x%20%25%7D">b</a><a href="https://e.com/?r=%3C%25=%20recipient.id%20%25%3E">c</a><a href="https://e.com/?e=%2A%7CEMAIL%7C%2A">d</a>',
    findings: [{ covers: '%7b%7bname%7d%7d' }, { covers: '%7B%25%20if%20x%20%25%7D' }, { covers: '%3C%25=%20recipient.id%20%25%3E' }, { covers: '%2A%7CEMAIL%7C%2A', message: /"\*\|"/ }],
  },
  {
    name: 'a Mailchimp merge tag with only its pipes encoded',
    text: '<a href="https://e.com/rsvp?email=*%7CEMAIL%7C*">x</a>',
    findings: [{ covers: '*%7CEMAIL%7C*', message: /"\*%7C" is "\*\|"/ }],
    fixed: '<a href="https://e.com/rsvp?email=*|EMAIL|*">x</a>',
  },
  {
    name: 'Mautic tokens and SendGrid tags by their own names',
    text: '<a href="https://e.com/?m=%7Bcontactfield=email%7D">a</a><a href="%5BUnsubscribe%5D">b</a>',
    findings: [{ covers: '%7Bcontactfield=email%7D' }, { covers: '%5BUnsubscribe%5D' }],
    fixed: '<a href="https://e.com/?m={contactfield=email}">a</a><a href="[Unsubscribe]">b</a>',
  },
  {
    name: 'an opener without its closer: the opener alone, no fix',
    text: '<img src="https://cdn.e.com/%7B%7Bimage">',
    findings: [{ covers: '%7B%7B' }],
  },
  {
    name: 'a decoded quote would end the attribute: no fix',
    text: '<a href="https://e.com/?u=%7B%7B%20t%20%22a%22%20%7D%7D">x</a>',
    findings: [{ covers: '%7B%7B%20t%20%22a%22%20%7D%7D' }],
  },
  { name: 'a bare URL in a text part', text: 'Shop: https://e.com/?u=%7B%7Bid%7D%7D now', options: { format: 'text' }, findings: [{ covers: '%7B%7Bid%7D%7D' }] },
  {
    name: 'encoded JSON and other encoded braces are not personalization',
    text: '<a href="https://e.com/?filter=%7B%22a%22%3A%7B%22b%22%3A1%7D%7D">a</a><a href="https://e.com/?q=%5B1%2C2%5D&amp;s=%7Bx%7D">b</a><a href="https://e.com/?p=100%25&amp;c=%7C">c</a><a href="https://e.com/?q=a*%7Cb">d</a>',
    findings: [],
  },
  {
    name: 'double-encoded and unencoded personalization',
    text: '<a href="https://e.com/?u=%257B%257Bid%257D%257D">a</a><a href="https://e.com/?u={{id}}">b</a><a href="https://e.com/?u=<%= escapeUrl(recipient.id) %>">c</a>',
    findings: [],
  },
]);
