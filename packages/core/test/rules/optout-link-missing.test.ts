import { ruleTests } from './harness';

const page = (body: string): string => `<!DOCTYPE html>\n<html>\n<head><title>News</title></head>\n<body style="margin:0">\n${body}\n</body>\n</html>`;

ruleTests('optout-link-missing', [
  {
    name: 'no opt-out link: reported on the <body tag',
    text: page('<a href="https://example.com/sale">Shop the sale</a>'),
    options: { platform: 'campaign' },
    findings: [{ covers: '<body', message: /no opt-out link.*typed opt-out.*UnsubscriptionLinkUrl/, severity: 'warning' }],
  },
  {
    name: 'Mailchimp: the message names Mailchimp\'s own tag',
    text: page('<a href="https://example.com/sale?e=*|EMAIL|*">Shop the sale</a>'),
    findings: [{ covers: '<body', message: /on Mailchimp, for example \*\|UNSUB\|\*/, severity: 'warning' }],
  },
  {
    name: 'neither platform nor message says it is marketing: a note, not a warning',
    text: page('<a href="https://example.com/sale">Shop the sale</a>'),
    findings: [{ covers: '<body', message: /If this is a marketing message.*messageKind/, severity: 'info' }],
  },
  {
    name: 'transactional messages need no opt-out link: by platform, by config, by pragma, by their words',
    text: page('<p>Your receipt</p><a href="https://example.com/orders/1">Your order</a>'),
    findings: [],
  },
  { name: 'Postmark messages are transactional by default', text: page('<a href="{{action_url}}">Go</a>'), options: { platform: 'postmark' }, findings: [] },
  { name: 'messageKind set in the configuration', text: page('<a href="https://example.com/">Go</a> *|FNAME|*'), options: { messageKind: 'transactional' }, findings: [] },
  { name: 'messageKind set by pragma', text: `<!-- linktrace messageKind=transactional -->${page('<a href="https://example.com/">Go</a> *|FNAME|*')}`, findings: [] },
  { name: 'Campaign Monitor\'s <unsubscribe> tag writes the link', text: page('<a href="https://example.com/">Go</a> <unsubscribe>Unsubscribe</unsubscribe> <webversion>View online</webversion>'), findings: [] },
  { name: 'Klaviyo\'s {% unsubscribe %} tag writes the link', text: page('<a href="https://example.com/">Go</a> {{ person.first_name }} {% unsubscribe %}'), findings: [] },
  { name: 'Braze\'s unsubscribe URL', text: page('<a href="https://example.com/">Go</a> <a href="{{${set_user_to_unsubscribed_url}}}">Unsubscribe</a>'), findings: [] },
  {
    name: 'where links are not typed, a link that says Unsubscribe is the opt-out',
    text: page('<a href="https://example.com/sale?e=*|EMAIL|*">Sale</a> <a href="https://example.com/unsubscribe?e=*|EMAIL|*">Unsubscribe</a>'),
    findings: [],
  },
  {
    name: 'where links are not typed, an unsubscribe link that goes nowhere',
    text: page('<p>Our newsletter</p><a href="#">Unsubscribe</a>'),
    findings: [{ covers: '#', message: /goes nowhere/, severity: 'warning' }],
  },
  {
    name: 'no opt-out link and no <body>: reported on <html',
    text: '<html><p>Hello</p></html>',
    findings: [{ covers: '<html' }],
  },
  {
    name: 'a fragment without <html> or <body> is a partial: the message it goes into has the footer',
    text: '\n  <table><tr><td><a href="https://example.com/">Shop</a></td></tr></table>\n<p>bye</p>',
    findings: [],
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
    options: { platform: 'campaign' },
    findings: [{ covers: '#', message: /give it a real URL/ }],
    fixed: page("<a href='#' data-tracking='opt-out'>Click here to unsubscribe.</a>"),
  },
  {
    name: 'German "Abmelden" link untyped',
    text: page('<a href="https://example.com/abmelden">Newsletter abmelden</a>'),
    options: { platform: 'journey-optimizer' },
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
