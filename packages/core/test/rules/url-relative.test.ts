import { ruleTests } from './harness';

ruleTests('url-relative', [
  {
    name: 'relative image sources',
    text: '<img src="images/a.jpg"><img src="./img/logo@2x.png"><img src="/static/hero.png"><img src="../assets/x.gif">',
    findings: [
      { covers: 'images/a.jpg', message: /The image "images\/a\.jpg" is a relative URL.*broken in every mail client/, severity: 'error' },
      { covers: './img/logo@2x.png' },
      { covers: '/static/hero.png' },
      { covers: '../assets/x.gif' },
    ],
  },
  {
    name: 'relative links: root paths, files, a bare query, Inky and VML buttons',
    text: '<a href="/account">a</a><a href="terms.html">b</a><a href="?utm_source=mail">c</a><button href="/shop">d</button><!--[if mso]><v:roundrect href="/cta"></v:roundrect><![endif]-->',
    findings: [{ covers: '/account', message: /"\/account" is a relative URL.*cannot be tracked/ }, { covers: 'terms.html' }, { covers: '?utm_source=mail' }, { covers: '/shop' }, { covers: '/cta' }],
  },
  {
    name: 'relative paths with personalization after the first character',
    text: '<a href="/account/{{user.id}}">a</a><img src="img/<%= recipient.tier %>.png">',
    findings: [{ covers: '/account/{{user.id}}' }, { covers: 'img/<%= recipient.tier %>.png' }],
  },
  {
    name: 'an image that starts with a domain or // gets https:// (url-scheme-missing checks links only)',
    text: '<img src="www.site.com/logo.png"><img src="cdn.site.com/hero.jpg"><img src="//cdn.site.com/a.png">',
    findings: [{ covers: 'www.site.com/logo.png', message: /no scheme, so mail clients read it as a relative path/ }, { covers: 'cdn.site.com/hero.jpg' }, { covers: '//cdn.site.com/a.png', message: /no scheme: an email has no page to inherit one from.*https: in front/ }],
    fixed: '<img src="https://www.site.com/logo.png"><img src="https://cdn.site.com/hero.jpg"><img src="https://cdn.site.com/a.png">',
  },
  {
    name: 'anchors, placeholders and empty values are not relative URLs',
    text: '<a href="#top">a</a><a href="#">b</a><a href="">c</a><a href="  ">d</a><img src="">',
    findings: [],
  },
  {
    name: 'any scheme is absolute: mailto, tel, cid, data, https, ESP no-track schemes',
    text: '<a href="mailto:a@b.com">a</a><a href="tel:+1555">b</a><img src="cid:logo.png"><img src="data:image/png;base64,AAA"><a href="https://e.com/x">c</a><a href="https+notrack://e.com/x">d</a>',
    findings: [],
  },
  {
    name: 'values that open with personalization or a platform built-in',
    text: '<a href="{{base_url}}/reset">a</a><a href="*|ARCHIVE|*">b</a><a href="<%@ include view=\'MirrorPageUrl\' %>">c</a><a href="{unsubscribe_url}">d</a><img src="{{ \'logo.png\' | asset_url }}"><a href="{{ UnsubscribeURL }}">e</a>',
    findings: [],
  },
  {
    name: 'unknown template syntaxes are left alone: SendGrid in any case, Salesforce, Mailgun, Velocity',
    text: '<a href="[unsubscribe]">a</a><a href="%%view_email_url%%">b</a><a href="%unsubscribe_url%">c</a><a href="${link}">d</a><a href="[[UNSUB_LINK_EN]]">e</a><a href="go/$id">f</a>',
    findings: [],
  },
  {
    name: 'a single word may be an ESP keyword',
    text: '<a href="unsubscribe">a</a><a href="UNSUB">b</a>',
    findings: [],
  },
  {
    name: 'domains, email addresses and misspelt schemes belong to other rules',
    text: '<a href="www.site.com">a</a><a href="facebook.com/brand">b</a><a href="//cdn.site.com/x">c</a><a href="help@site.com">d</a><a href="http//site.com">e</a><a href="htps://site.com">f</a>',
    findings: [],
  },
  { name: 'bare URLs in a text part are always absolute', text: 'Go to www.site.com/a or https://site.com/b', options: { format: 'text' }, findings: [] },
  { name: 'percent-escapes are path characters', text: '<a href="/my%20page">a</a>', findings: [{ covers: '/my%20page' }] },
  {
    name: 'MJML: an mj-navbar base-url completes its links\' paths',
    text: '<mjml><mj-body><mj-navbar base-url="https://www.example-walkers.org"><mj-navbar-link href="/walks">Walks</mj-navbar-link></mj-navbar></mj-body></mjml>',
    findings: [],
  },
  {
    name: 'MJML: without base-url an mj-navbar-link path is relative',
    text: '<mjml><mj-body><mj-navbar><mj-navbar-link href="/walks">Walks</mj-navbar-link></mj-navbar><mj-navbar base-url="https://a.example-walkers.org"></mj-navbar></mj-body></mjml>',
    findings: [{ covers: '/walks' }],
  },
]);
