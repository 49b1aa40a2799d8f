import { ruleTests } from './harness';

ruleTests('tracking-attr-conflict', [
  {
    name: 'data-tracking="tracked" with SendGrid clicktracking=off',
    text: '<a href="https://example.com/" data-tracking="tracked" clicktracking=off>x</a>',
    findings: [{ covers: 'clicktracking=off', message: /says never.*data-tracking="tracked".*says tracked/, severity: 'warning' }],
    fixed: '<a href="https://example.com/" data-tracking="tracked">x</a>',
  },
  {
    name: 'Campaign _type="optout" with data-tracking="mirror-page"',
    text: '<a href="https://example.com/u" _type="optout" data-tracking="mirror-page">Unsubscribe</a>',
    findings: [{ covers: '_type="optout"', message: /says opt-out.*says mirror-page/ }],
    fixed: '<a href="https://example.com/u" data-tracking="mirror-page">Unsubscribe</a>',
  },
  {
    name: '_type="mirrorPage" with Campaign _donottrack',
    text: `<a href="<%@ include view='MirrorPageUrl' %>" _type="mirrorPage" _donottrack="true">View online</a>`,
    findings: [{ covers: '_donottrack="true"', message: /says never/ }],
  },
  {
    name: 'explicit "on" markers disagree with data-tracking="never" (SparkPost, Mautic)',
    text: "<a href='https://example.com/' data-msys-clicktrack='1' data-tracking='never' data-mautic-disable-tracking='false'>x</a>",
    findings: [
      { covers: "data-msys-clicktrack='1'", message: /says tracked/ },
      { covers: "data-mautic-disable-tracking='false'", message: /says tracked/ },
    ],
  },
  {
    name: 'two markers that disagree: the no-track one decides, the explicit "on" is reported',
    text: '<a href="https://example.com/" clicktracking="on" ses:no-track>x</a>',
    findings: [{ covers: 'clicktracking="on"', message: /says tracked.*ses:no-track on the same link says never/ }],
  },
  {
    name: 'the https+notrack:// scheme with data-tracking="tracked"',
    text: '<a href="https+notrack://example.com/" data-tracking="tracked">x</a>',
    findings: [{ covers: 'https+notrack', message: /scheme/ }],
  },
  {
    name: 'Mailchimp *|UNSUB|* typed tracked',
    text: '<a href="*|UNSUB|*" data-tracking="tracked">Unsubscribe</a>',
    findings: [{ covers: 'data-tracking="tracked"', message: /unsubscribe \(opt-out\) link.*Type it opt-out/ }],
    fixed: '<a href="*|UNSUB|*" data-tracking="opt-out">Unsubscribe</a>',
  },
  {
    name: 'listmonk {{ UnsubscribeURL }} typed mirror-page',
    text: '<a href="{{ UnsubscribeURL }}" data-tracking="mirror-page">Unsubscribe</a>',
    findings: [{ covers: 'data-tracking="mirror-page"', message: /opt-out/ }],
    fixed: '<a href="{{ UnsubscribeURL }}" data-tracking="opt-out">Unsubscribe</a>',
  },
  {
    name: 'Mautic {webview_url} typed opt-out with Campaign _type',
    text: '<a href="{webview_url}" _type="optout">View in browser</a>',
    findings: [{ covers: '_type="optout"', message: /mirror page link/ }],
  },
  {
    name: 'two labels that disagree',
    text: '<a href="https://example.com/" data-label="hero" _label="banner">x</a>',
    findings: [{ covers: '_label="banner"', message: /Campaign reports it as "banner", Linktrace as "hero"/ }],
    fixed: '<a href="https://example.com/" data-label="hero">x</a>',
  },
  {
    name: 'good: attributes that agree',
    text: [
      '<a href="https://example.com/a" data-tracking="never" clicktracking=off ses:no-track _donottrack="true">a</a>',
      '<a href="https://example.com/b" data-tracking="opt-out" _type="optout" data-label="unsub" _label="unsub">b</a>',
      '<a href="https://example.com/c" clicktracking="on" data-msys-clicktrack="1">c</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: built-ins typed as what they are, or deliberately never',
    text: [
      '<a href="*|UNSUB|*" data-tracking="opt-out">u</a>',
      '<a href="*|ARCHIVE|*" data-tracking="mirror-page">m</a>',
      `<a href="<%@ include view='UnsubscriptionLinkUrl' %>" _type="optout">u</a>`,
      '<a href="<%asm_group_unsubscribe_raw_url%>" clicktracking=off>u</a>',
      '<a href="{unsubscribe_url}" data-tracking="never">u</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: a repeated data-tracking is tracking-attr-invalid\'s (HTML keeps the first)',
    text: '<a href="https://example.com/" data-tracking="never" data-tracking="tracked">x</a>',
    findings: [],
  },
  { name: 'good: one attribute, nothing to disagree with', text: '<a href="https://example.com/" clicktracking=off>x</a><a href="{{ x }}" data-tracking="bogus" _type="optout">y</a>', findings: [] },
]);
