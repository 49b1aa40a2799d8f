import { ruleTests } from './harness';

ruleTests('open-pixel-duplicate', [
  {
    name: 'listmonk {{ TrackView }} twice',
    text: '<body>\n<p>Hi</p>{{ TrackView }}\n<p>Footer</p>\n{{ TrackView }}\n</body>',
    findings: [{ covers: '{{ TrackView }}', message: /line 2/, severity: 'warning' }],
  },
  {
    name: 'Mautic {tracking_pixel} as a token and as an image source',
    text: '<body>{tracking_pixel}<img src="{tracking_pixel}" width="1" height="1"></body>',
    findings: [{ covers: '{tracking_pixel}' }],
  },
  {
    name: 'a hand-written 1x1 tracking image beside listmonk {{ TrackView }}',
    text: '<body>{{ TrackView }}<img src="https://t.example.com/open.gif?u={{ .Subscriber.UUID }}" width="1" height="1" alt=""></body>',
    findings: [{ covers: 'https://t.example.com/open.gif?u={{ .Subscriber.UUID }}', message: /1x1 tracking image/ }],
  },
  {
    name: 'two Campaign pixels (personalized 1x1 images, one sized by CSS)',
    text: [
      `<img src="https://t.example.com/r/?id=<%= message.id %>" width="1" height="1">`,
      `<img src='https://t.example.com/o/<%= escapeUrl(recipient.id) %>' style="width:1px;height:1px;border:0">`,
    ].join('\n'),
    findings: [{ covers: 'https://t.example.com/o/<%= escapeUrl(recipient.id) %>' }],
  },
  {
    name: 'three pixels: every extra one is reported',
    text: '{{ TrackView }}{{ TrackView }}{{ TrackView }}',
    findings: [{ covers: '{{ TrackView }}' }, { covers: '{{ TrackView }}' }],
  },
  { name: 'good: one listmonk pixel', text: '<body><p>Hi</p>{{ TrackView }}</body>', findings: [] },
  { name: 'good: one Mautic pixel used as an image source', text: '<img src="{tracking_pixel}" width="1" height="1">', findings: [] },
  {
    name: 'good: 1x1 layout spacers and ordinary images beside a pixel',
    text: [
      '{{ TrackView }}',
      '<img src="https://example.com/img/spacer.gif" width="1" height="1">',
      '<img src="https://example.com/blank.png" width="1" height="1">',
      '<img src="https://example.com/logo.png" width="120" height="40">',
      '<img src="https://example.com/tracking-banner.png" width="600" height="1">',
    ].join('\n'),
    findings: [],
  },
  { name: 'good: a text part is not scanned', text: '{{ TrackView }} {{ TrackView }}', options: { format: 'text' }, findings: [] },
]);
