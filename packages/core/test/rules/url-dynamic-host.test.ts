import { onPlatform, ruleTests } from './harness';

ruleTests('url-dynamic-host', onPlatform('campaign', [
  {
    name: 'campaign: personalization in a subdomain',
    text: '<a href="https://<%= c %>.x.com/">x</a>',
    findings: [{ covers: '<%= c %>', message: /scheme or host.*fixed domain/, severity: 'error' }],
  },
  { name: 'handlebars: the whole host', text: '<a href="https://{{host}}/path?a=1">x</a>', findings: [{ covers: '{{host}}' }] },
  { name: 'liquid: host and port', text: '<a href="https://{{ shop.domain }}:{{ port }}/p">x</a>', findings: [{ covers: '{{ shop.domain }}:{{ port }}' }] },
  { name: 'listmonk: subdomain from a subscriber attribute', text: '<a href="https://{{ .Subscriber.Attribs.region }}.shop.example/">x</a>', findings: [{ covers: '{{ .Subscriber.Attribs.region }}' }] },
  { name: 'mautic: host from a contact field', text: '<a href="https://{contactfield=company_site}/offers">x</a>', findings: [{ covers: '{contactfield=company_site}' }] },
  { name: 'mailchimp: a merge tag as the base URL', text: '<a href="*|SHOP_URL|*/cart?id=1">x</a>', findings: [{ covers: '*|SHOP_URL|*' }] },
  { name: 'sendgrid: a base URL followed by a path', text: '<a href="{{base_url}}/reset?token={{token}}">x</a>', findings: [{ covers: '{{base_url}}' }] },
  { name: 'personalized scheme', text: '<a href="<%= proto %>://www.example.com/">x</a>', findings: [{ covers: '<%= proto %>' }] },
  { name: 'a query appended to a personalized URL', text: '<a href="<%= offer.url %>?utm_source=mail">x</a>', findings: [{ covers: '<%= offer.url %>' }] },
  { name: 'protocol-relative dynamic host', text: '<a href="//{{cdn}}/x">x</a>', findings: [{ covers: '{{cdn}}' }] },
  { name: 'userinfo does not hide the host', text: '<a href="https://user@{{host}}/x">x</a>', findings: [{ covers: '{{host}}' }] },
  {
    name: 'personalization in path, query and fragment only',
    text: '<a href="https://www.example.com/{{lang}}/p/<%= id %>?u={{ uid }}&c=*|CODE|*#{{section}}">x</a>',
    findings: [],
  },
  { name: 'a slash inside an expression does not end the host', text: '<a href="https://shop.example.com/?r={{ a/b }}">x</a>', findings: [] },
  { name: 'the whole URL dynamic is url-fully-dynamic\'s', text: '<a href="{{url}}">x</a><a href="<%= a %><%= b %>">y</a>', findings: [] },
  {
    name: 'built-in platform URLs with extra parameters',
    text: "<a href=\"<%@ include view='MirrorPageUrl' %>&amp;x=1\">m</a><a href=\"{{ UnsubscribeURL }}?lang=en\">u</a>",
    findings: [],
  },
  { name: 'marked Never, images, mailto', text: '<a href="https://{{h}}/x" data-tracking="never">a</a><img src="https://{{cdn}}/logo.png"><a href="mailto:{{email}}">m</a>', findings: [] },
  { name: 'a value opening with template logic', text: '<a href="{% if vip %}https://vip.example.com{% else %}https://example.com{% endif %}/x">x</a>', findings: [] },
]));
