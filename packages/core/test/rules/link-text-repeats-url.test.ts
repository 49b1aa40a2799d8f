import { ruleTests } from './harness';

ruleTests('link-text-repeats-url', [
  {
    name: 'Postmark-style: the text is the href\'s personalization',
    text: '<a href="{{action_url}}">{{action_url}}</a>',
    findings: [{ covers: '{{action_url}}', message: /repeats the link's URL \{\{action_url\}\}.*phishing/, severity: 'warning' }],
    fixed: '<a href="{{action_url}}" data-tracking="never">{{action_url}}</a>',
  },
  {
    name: 'spacing, triple braces, markup around the text and a path after the expression',
    text: '<a href="{{{ url }}}"><b>{{url}}</b></a><a href=" {{ base }}/reset?t={{token}} ">{{base}}/reset?t={{ token }}</a>',
    findings: [{ covers: '{{{ url }}}' }, { covers: '{{ base }}/reset?t={{token}}' }],
  },
  {
    name: 'Campaign, Liquid and listmonk expressions',
    text: '<a href="<%= targetData.url %>"><%= targetData.url %></a><a href="{{ order.url }}">{{ order.url }}</a><a href="{{ .Campaign.URL }}">{{ .Campaign.URL }}</a>',
    findings: [{ covers: '<%= targetData.url %>' }, { covers: '{{ order.url }}' }, { covers: '{{ .Campaign.URL }}' }],
  },
  {
    name: 'listmonk: the URL inside TrackLink, in its three spellings',
    text: '<a href="{{ TrackLink .Subscriber.Attribs.portal_url }}">{{ .Subscriber.Attribs.portal_url }}</a><a href="{{ .Subscriber.Attribs.portal_url }}@TrackLink">{{ .Subscriber.Attribs.portal_url }}</a><a href=\'{{ TrackLink "https://shop.example/offers" }}\'>https://shop.example/offers</a>',
    findings: [{ covers: '{{ TrackLink .Subscriber.Attribs.portal_url }}', message: /listmonk rewrites the href/ }, { covers: '{{ .Subscriber.Attribs.portal_url }}@TrackLink' }, { covers: '{{ TrackLink "https://shop.example/offers" }}' }],
  },
  {
    name: 'listmonk: a link without TrackLink is not tracked, so its text is its real address',
    text: '<p>{{ .Subscriber.FirstName }}</p><a href="{{ .Subscriber.Attribs.portal_url }}">{{ .Subscriber.Attribs.portal_url }}</a><a href="{{ TrackLink .Subscriber.Attribs.portal_url }}">Your portal</a>',
    findings: [],
  },
  {
    name: 'descriptive text, another expression, or text around the expression',
    text: '<a href="{{action_url}}">Reset your password</a><a href="{{attachment_url}}">{{attachment_name}}</a><a href="{{url}}">Open {{url}}</a>',
    findings: [],
  },
  {
    name: 'links that are not rewritten: typed Never, a no-track marker, the opt-out built-in, clicks off',
    text: '<a href="{{url}}" data-tracking="never">{{url}}</a><a href="{{url}}" clicktracking="off">{{url}}</a><a href="*|UNSUB|*">*|UNSUB|*</a>',
    findings: [],
  },
  { name: 'no tracking in this message', text: '<!-- linktrace clicks=off --><a href="{{url}}">{{url}}</a>', findings: [] },
  {
    name: 'literal URLs are tracked-url-as-text\'s, images have no text',
    text: '<a href="https://shop.example/?u={{id}}">https://shop.example/?u={{id}}</a><img src="{{img}}" alt="{{img}}">',
    findings: [],
  },
]);
