import { ruleTests } from './harness';

ruleTests('url-scheme-missing', [
  {
    name: 'www host without a scheme gets https://',
    text: '<a href="www.site.com">Shop</a>',
    findings: [{ covers: 'www.site.com', message: /no scheme/, severity: 'error' }],
    fixed: '<a href="https://www.site.com">Shop</a>',
  },
  {
    name: 'a bare domain with a path and query',
    text: '<a href="facebook.com/brand?ref=mail">f</a>',
    findings: [{ covers: 'facebook.com/brand?ref=mail' }],
    fixed: '<a href="https://facebook.com/brand?ref=mail">f</a>',
  },
  {
    name: 'surrounding whitespace stays out of the span; the fix inserts at the first character',
    text: '<a href=" www.site.com ">x</a>',
    findings: [{ covers: 'www.site.com' }],
    fixed: '<a href=" https://www.site.com ">x</a>',
  },
  {
    name: 'protocol-relative URL gets https:',
    text: "<a href='//cdn.example.com/file'>x</a>",
    findings: [{ covers: '//cdn.example.com/file', message: /https:/ }],
    fixed: "<a href='https://cdn.example.com/file'>x</a>",
  },
  {
    name: 'host with a port and an IPv4 address',
    text: '<a href="shop.example.co.uk:8080/x">a</a><a href="192.0.2.10/x">b</a>',
    findings: [{ covers: 'shop.example.co.uk:8080/x' }, { covers: '192.0.2.10/x' }],
  },
  {
    name: 'campaign: personalization after the domain',
    text: '<a href="www.site.com/p?u=<%= escapeUrl(recipient.id) %>">x</a>',
    findings: [{ covers: 'www.site.com/p?u=<%= escapeUrl(recipient.id) %>' }],
  },
  {
    name: 'handlebars: personalization inside the host after the first dot',
    text: '<a href="www.{{brand}}.com/">x</a>',
    findings: [{ covers: 'www.{{brand}}.com/' }],
  },
  {
    name: 'Outlook VML button and Inky button',
    text: '<!--[if mso]><v:roundrect href="www.site.com/go" arcsize="10%"></v:roundrect><![endif]--><button href="site.com">Go</button>',
    findings: [{ covers: 'www.site.com/go' }, { covers: 'site.com' }],
  },
  {
    name: 'bare www URL in a text part',
    text: 'Visit www.site.com/sale today',
    options: { format: 'text' },
    findings: [{ covers: 'www.site.com/sale' }],
    fixed: 'Visit https://www.site.com/sale today',
  },
  { name: 'https URL', text: '<a href="https://www.site.com">x</a>', findings: [] },
  { name: 'other schemes', text: '<a href="mailto:a@site.com">m</a><a href="tel:+15551234">t</a><a href="javascript:void(0)">j</a>', findings: [] },
  { name: 'fragment and placeholder', text: '<a href="#top">t</a><a href="#">p</a><a href="">e</a>', findings: [] },
  { name: 'relative paths and files', text: '<a href="/account">a</a><a href="index.html">b</a><a href="terms.pdf">c</a><a href="../x/y">d</a><a href="images/a.png">e</a>', findings: [] },
  { name: 'images are not links', text: '<img src="logo.png"><img src="www.site.com/logo.png">', findings: [] },
  {
    name: 'an email address without mailto: gets mailto: in front',
    text: '<a href="john@site.com">x</a><a href=" support.team+news@mail.site.co.uk?subject=Hi ">y</a>',
    findings: [{ covers: 'john@site.com', message: /"john@site\.com" is an email address without mailto:/, severity: 'error' }, { covers: 'support.team+news@mail.site.co.uk?subject=Hi' }],
    fixed: '<a href="mailto:john@site.com">x</a><a href=" mailto:support.team+news@mail.site.co.uk?subject=Hi ">y</a>',
  },
  {
    name: 'look-alikes of an email address: userinfo URLs, paths, personalized domains, a file after @',
    text: '<a href="https://john@site.com/">a</a><a href="/users/@john">b</a><a href="info@{{domain}}">c</a><a href="{{user}}@site.com">d</a><a href="photo@2x.png">e</a><a href="a@b">f</a><a href="@site.com">g</a>',
    findings: [],
  },
  { name: 'campaign: value starting with personalization', text: '<a href="<%= recipient.site %>.example.com/">x</a><a href="<%@ include view=\'MirrorPageUrl\' %>">m</a>', findings: [] },
  { name: 'handlebars / liquid / listmonk: value starting with personalization', text: '<a href="{{base_url}}/reset">a</a><a href="{{ .Subscriber.Attribs.site }}.com">b</a><a href="{% if a %}x.com{% endif %}">c</a>', findings: [] },
  { name: 'mailchimp / mautic / sendgrid built-ins', text: '<a href="*|UNSUB|*">u</a><a href="{webview_url}">w</a><a href="[Unsubscribe]">s</a><a href="<%asm_group_unsubscribe_raw_url%>">g</a>', findings: [] },
  { name: 'a single word is not a domain', text: '<a href="unsubscribe">x</a><a href="localhost/x">y</a>', findings: [] },
]);
