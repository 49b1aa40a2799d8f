import assert from 'node:assert/strict';
import { lintOnly, onPlatform, ruleTests } from './harness';

ruleTests('url-fully-dynamic', onPlatform('campaign', [
  {
    name: 'campaign: the whole href is one <%= %>',
    text: '<a href="<%= targetData.url %>">Go</a>',
    findings: [{ covers: '<%= targetData.url %>', message: /whole URL.*https:\/\/host/, severity: 'error' }],
  },
  { name: 'handlebars: {{action_url}}', text: '<a href="{{action_url}}">Reset</a>', findings: [{ covers: '{{action_url}}' }] },
  { name: 'handlebars: triple-stash {{{c2a_link}}}', text: '<a href="{{{c2a_link}}}">Buy</a>', findings: [{ covers: '{{{c2a_link}}}' }] },
  { name: 'mailchimp: *|CAMPAIGN_URL|*', text: '<a href="*|CAMPAIGN_URL|*">x</a>', findings: [{ covers: '*|CAMPAIGN_URL|*' }] },
  { name: 'mautic: a contact field as the URL', text: '<a href="{contactfield=website}">x</a>', findings: [{ covers: '{contactfield=website}' }] },
  { name: 'liquid: whitespace control and surrounding spaces', text: "<a href=' {{- product.url -}} '>x</a>", findings: [{ covers: '{{- product.url -}}' }] },
  {
    name: 'a conditional choosing between two values',
    text: '<a href="{{#if vip}}{{vip_url}}{{else}}{{url}}{{/if}}">x</a>',
    findings: [{ covers: '{{#if vip}}{{vip_url}}{{else}}{{url}}{{/if}}' }],
  },
  { name: 'Outlook VML button', text: '<!--[if mso]><v:roundrect href="{{cta_url}}"></v:roundrect><![endif]-->', findings: [{ covers: '{{cta_url}}' }] },
  { name: 'a fixed host first', text: '<a href="https://example.com/r/{{token}}">x</a><a href="https://example.com/?u=<%= escapeUrl(recipient.id) %>">y</a>', findings: [] },
  {
    name: 'platform URLs typed by meaning (builtin)',
    text: [
      "<a href=\"<%@ include view='MirrorPageUrl' %>\">m</a>",
      "<a href='<%@ include view=\"UnsubscriptionLink\" %>'>u</a>",
      '<a href="{{ UnsubscribeURL }}">u</a>',
      '<a href="{{ MessageURL }}">m</a>',
      '<a href="*|UNSUB|*">u</a><a href="*|ARCHIVE|*">a</a>',
      '<a href="{unsubscribe_url}">u</a><a href="{webview_url}">w</a>',
      '<a href="<%asm_group_unsubscribe_raw_url%>">u</a><a href="[Unsubscribe]">u</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'other platform-generated URLs',
    text: '<a href=\'{{ TrackLink "https://x.com" }}\'>t</a><a href="{{ OptinURL }}">o</a><a href="*|UPDATE_PROFILE|*">p</a><a href="{pagelink=3}">l</a>',
    findings: [],
  },
  {
    name: 'links typed opt-out or mirror page are answered by the platform\'s pages',
    text: '<a href="{%= context.system.mirrorPageUrl %}">m</a><a href="{{prefs_url}}" data-tracking="opt-out">o</a><a href="<%= url %>" _type="mirrorPage">v</a>',
    findings: [],
  },
  { name: 'typed Tracked does not make it trackable', text: '<a href="{{url}}" data-tracking="tracked">x</a>', findings: [{ covers: '{{url}}' }] },
  { name: 'marked Never on purpose', text: '<a href="{{url}}" data-tracking="never">x</a><a href="{{url}}" clicktracking=off>y</a>', findings: [] },
  { name: 'images', text: '<img src="{{logo_url}}">', findings: [] },
  { name: 'empty, anchors and code-only values', text: '<a href="">a</a><a href="#">b</a><a href="{% if a %}{% endif %}">c</a>', findings: [] },
  { name: 'campaign getURL() is url-script-generated\'s', text: '<a href="<%= getURL(\'offer\') %>">x</a>', findings: [] },
]));

/** Well-formed templates, one per dialect: mirror and opt-out links typed, labels on repeated URLs, escapeUrl() in Campaign query values. */
const CLEAN: Record<string, string> = {
  campaign: `<a href="<%@ include view='MirrorPageUrl' %>" _type="mirrorPage">View online</a>
<a href="https://shop.example.com/sale?u=<%= escapeUrl(recipient.id) %>&amp;c=<%= escapeUrl(recipient.country) %>" _label="hero">Sale</a>
<a href="https://shop.example.com/sale?u=<%= escapeUrl(recipient.id) %>" _label="footer">Shop</a>
<img src="https://img.example.com/<%= recipient.segment %>/banner.png" alt="">
<a href="<%@ include view='UnsubscriptionLink' %>" _type="optout">Unsubscribe</a>`,
  handlebars: `<a href="https://example.com/view/{{profile.token}}" data-tracking="mirror-page">View online</a>
{{#if profile.isVip}}<a href="https://vip.example.com/offers?ref={{profile.ref}}" data-label="vip">VIP</a>{{/if}}
<a href="https://example.com/unsubscribe?u={{profile.token}}" data-tracking="opt-out">Unsubscribe</a>`,
  liquid: `<a href="https://shop.example.com/p/{{ product.handle }}?utm_campaign={{ campaign.name | url_encode }}">Product</a>
{% if customer.accepts_marketing %}<a href="{{ unsubscribe_url }}">Unsubscribe</a>{% endif %}`,
  listmonk: `<a href="{{ MessageURL }}">View</a> <a href="{{ TrackLink "https://listmonk.example.com/a" }}">Read</a>
<a href="https://listmonk.example.com/p?u={{ .Subscriber.UUID }}">Profile</a> <a href="{{ UnsubscribeURL }}">Unsubscribe</a>`,
  mautic: `<a href="{webview_url}">Web</a> <a href="https://example.com/hi?email={contactfield=email}">Hi</a> <a href="{unsubscribe_url}">Unsubscribe</a>`,
  mailchimp: `<a href="*|ARCHIVE|*">View in browser</a> <a href="https://example.com/a?e=*|EMAIL|*">Account</a> <a href="*|UNSUB|*">Unsubscribe</a>`,
  sendgrid: `<a href="https://example.com/orders/{{order_id}}">Order</a> <a href="mailto:help@example.com" data-tracking="never">Help</a>
<a href="<%asm_global_unsubscribe_raw_url%>">Unsubscribe</a> <a href="[Unsubscribe_Preferences]">Preferences</a>`,
};

describe('clean templates draw no error or warning from the url rules', () => {
  const ids = ['url-scheme-missing', 'url-fully-dynamic', 'url-dynamic-host', 'url-script-generated', 'url-param-unescaped', 'url-param-reserved', 'url-whitespace', 'url-malformed', 'url-scheme-unsafe', 'url-untracked-scheme', 'url-insecure-http'];
  for (const [dialect, text] of Object.entries(CLEAN)) {
    it(dialect, () => {
      const findings = ids.flatMap((id) => lintOnly(id, text)).filter((f) => f.severity !== 'info');
      assert.deepEqual(findings.map((f) => `${f.ruleId}: ${text.slice(f.start, f.end)}`), []);
    });
  }
});
