import { ruleTests } from './harness';

const page = (body: string): string => `<!DOCTYPE html>\n<html>\n<head><title>News</title></head>\n<body style="margin:0">\n${body}\n</body>\n</html>`;

ruleTests('optout-link-missing', [
  {
    name: 'no opt-out link: reported on the <body tag',
    text: page('<a href="https://example.com/sale">Shop the sale</a>'),
    findings: [{ covers: '<body', message: /no opt-out link/, severity: 'warning' }],
  },
  {
    name: 'no opt-out link and no <body>: reported on <html',
    text: '<html><p>Hello</p></html>',
    findings: [{ covers: '<html' }],
  },
  {
    name: 'a fragment without <html> or <body>: reported on its first line',
    text: '\n  <table><tr><td><a href="https://example.com/">Shop</a></td></tr></table>\n<p>bye</p>',
    findings: [{ covers: '<table><tr><td><a href="https://example.com/">Shop</a></td></tr></table>' }],
  },
  {
    name: 'an "Unsubscribe" link nobody typed: typing it is offered',
    text: page('<a href="https://example.com/sale">Sale</a> <a href="https://example.com/unsubscribe?u=<%= escapeUrl(recipient.id) %>">Unsubscribe</a>'),
    findings: [{ covers: 'https://example.com/unsubscribe?u=<%= escapeUrl(recipient.id) %>', message: /reads like an unsubscribe link/ }],
    fixed: page('<a href="https://example.com/sale">Sale</a> <a href="https://example.com/unsubscribe?u=<%= escapeUrl(recipient.id) %>" data-tracking="opt-out">Unsubscribe</a>'),
  },
  {
    name: 'an untyped "click here to unsubscribe" placeholder link also needs a URL',
    text: page("<a href='#'>Click here to unsubscribe.</a>"),
    findings: [{ covers: '#', message: /give it a real URL/ }],
    fixed: page("<a href='#' data-tracking='opt-out'>Click here to unsubscribe.</a>"),
  },
  {
    name: 'German "Abmelden" link untyped',
    text: page('<a href="https://example.com/abmelden">Newsletter abmelden</a>'),
    findings: [{ covers: 'https://example.com/abmelden' }],
  },
  {
    name: 'a typed opt-out link whose URL is "#" or empty',
    text: page('<a href="#" data-tracking="opt-out">Unsubscribe</a> <a href="" _type="optout">Opt out</a>'),
    findings: [
      { covers: '#', message: /placeholder URL "#"/ },
      { covers: '<a href="" _type="optout">', message: /empty URL/ },
    ],
  },
  {
    name: 'disabled with a pragma',
    text: `<!-- linktrace-disable optout-link-missing -->\n${page('<a href="https://example.com/">Reset your password</a>')}`,
    findings: [],
  },
  {
    name: 'good: canonical and Campaign-typed opt-out links',
    text: page('<a href="https://example.com/unsubscribe" data-tracking="opt-out">Unsubscribe</a>\n<a href="https://example.com/u" _type="optout">Opt out</a>'),
    findings: [],
  },
  {
    name: 'good: Adobe Campaign unsubscription link URL',
    text: page(`<a href="<%@ include view='UnsubscriptionLinkUrl' %>">Unsubscribe</a>`),
    findings: [],
  },
  {
    name: 'good: Adobe Campaign UnsubscriptionLink block, which writes the whole link',
    text: page(`<p><%@ include view="UnsubscriptionLink" %></p>`),
    findings: [],
  },
  { name: 'good: Mailchimp *|UNSUB|*', text: page('<a href="*|UNSUB|*">Unsubscribe</a>'), findings: [] },
  { name: 'good: listmonk {{ UnsubscribeURL }}', text: page('<a href="{{ UnsubscribeURL }}">Unsubscribe</a>'), findings: [] },
  { name: 'good: Mautic {unsubscribe_url}', text: page('<a href="{unsubscribe_url}">Unsubscribe</a>'), findings: [] },
  { name: 'good: Mautic {unsubscribe_text}', text: page('<p>{unsubscribe_text}</p>'), findings: [] },
  {
    name: 'good: SendGrid ASM group unsubscribe and [Unsubscribe]',
    text: page('<a href="<%asm_group_unsubscribe_raw_url%>">Unsubscribe</a> <a href="[Unsubscribe]">Stop</a>'),
    findings: [],
  },
  { name: 'good: an untyped "Unsubscribe" text beside a typed opt-out link', text: page('<a href="*|UNSUB|*">Unsubscribe</a> <a href="https://example.com/prefs">unsubscribe from some lists</a>'), findings: [] },
  { name: 'good: a plain-text part is not an HTML template', text: 'Shop: https://example.com/sale', options: { format: 'text' }, findings: [] },
  { name: 'good: empty template', text: '  \n', findings: [] },
]);
