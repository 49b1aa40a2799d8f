import { onPlatform, ruleTests } from './harness';

ruleTests('listmonk-tracklink', onPlatform('listmonk', [
  {
    name: '@TrackLink on a URL with a subscriber expression',
    text: '<a href="https://example.com/p?u={{ .Subscriber.UUID }}@TrackLink">x</a>',
    findings: [{ covers: 'https://example.com/p?u={{ .Subscriber.UUID }}@TrackLink', message: /never filled in/, severity: 'error' }],
    fixed: '<a href="https://example.com/p?u={{ .Subscriber.UUID }}">x</a>',
  },
  {
    name: '@TrackLink on {{ UnsubscribeURL }} (listmonk issue #667)',
    text: '<a href="{{ UnsubscribeURL }}@TrackLink">Unsubscribe</a>',
    findings: [{ covers: '{{ UnsubscribeURL }}@TrackLink', message: /built-in UnsubscribeURL.*Invalid UUID/ }],
    fixed: '<a href="{{ UnsubscribeURL }}">Unsubscribe</a>',
  },
  {
    name: '@TrackLink on {{ MessageURL }} in single quotes',
    text: "<a href='{{ MessageURL }}@TrackLink'>View in browser</a>",
    findings: [{ covers: '{{ MessageURL }}@TrackLink', message: /MessageURL/ }],
  },
  {
    name: '{{ TrackLink "..." }} whose URL holds an expression',
    text: "<a href='{{ TrackLink \"https://example.com/?u={{ .Subscriber.UUID }}\" }}'>x</a>",
    findings: [{ covers: 'https://example.com/?u={{ .Subscriber.UUID }}', message: /inside the quoted URL/ }],
  },
  {
    name: '{{ TrackLink "{{ UnsubscribeURL }}" }}',
    text: "<a href='{{ TrackLink \"{{ UnsubscribeURL }}\" }}'>Unsubscribe</a>",
    findings: [{ covers: '{{ UnsubscribeURL }}', message: /built-in UnsubscribeURL/ }],
  },
  {
    name: 'TrackLink on a built-in or a variable instead of a string',
    text: "<a href='{{ TrackLink .UnsubscribeURL }}'>u</a> <a href='{{ TrackLink .Subscriber.Attribs.url }}'>x</a>",
    findings: [
      { covers: '{{ TrackLink .UnsubscribeURL }}', message: /built-in \.UnsubscribeURL.*\{\{ UnsubscribeURL \}\}/ },
      { covers: '{{ TrackLink .Subscriber.Attribs.url }}', message: /template variable/ },
    ],
  },
  {
    name: 'good: fixed URLs with both syntaxes',
    text: [
      '<a href="https://example.com/sale@TrackLink">Sale</a>',
      "<a href='{{ TrackLink \"https://example.com/docs?a=1&b=2\" }}'>Docs</a>",
      '<a href="{{ TrackLink "https://example.com/" . }}">Home</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: built-ins and subscriber URLs without TrackLink',
    text: '<a href="{{ UnsubscribeURL }}">u</a><a href="{{ MessageURL }}">m</a><a href="https://example.com/?u={{ .Subscriber.UUID }}">p</a>{{ TrackView }}',
    findings: [],
  },
  { name: 'good: "TrackLink" as a word in other dialects', text: '<a href="https://example.com/TrackLink?{{profile.id}}">x</a><p>TrackLink</p>', findings: [] },
]));
