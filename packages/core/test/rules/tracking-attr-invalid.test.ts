import { ruleTests } from './harness';

ruleTests('tracking-attr-invalid', [
  {
    name: 'unknown data-tracking value, with the likely meaning offered',
    text: '<a href="https://example.com/unsub" data-tracking="optout">Unsubscribe</a>',
    findings: [{ covers: 'optout', message: /not a tracking type.*did you mean "opt-out"/, severity: 'error' }],
    fixed: '<a href="https://example.com/unsub" data-tracking="opt-out">Unsubscribe</a>',
  },
  {
    name: 'unknown data-tracking value with no likely meaning lists the valid ones',
    text: '<a href="https://example.com/" data-tracking="sometimes">x</a>',
    findings: [{ covers: 'sometimes', message: /tracked, opt-out, mirror-page, never/ }],
  },
  {
    name: 'values that are Object.prototype member names are still unknown values',
    text: '<a href="https://example.com/" data-tracking="constructor">x</a><a href="https://example.com/b" _type="__proto__">y</a>',
    findings: [{ covers: 'constructor', message: /not a tracking type/ }, { covers: '__proto__', message: /not a tracking type/ }],
  },
  {
    name: 'data-tracking without a value',
    text: '<a href="https://example.com/" data-tracking>x</a><a href="https://example.com/b" data-tracking="">y</a>',
    findings: [{ covers: 'data-tracking', message: /no value/ }, { covers: 'data-tracking=""', message: /no value/ }],
  },
  {
    name: 'data-tracking computed by Campaign personalization',
    text: `<a href="https://example.com/" data-tracking="<%= recipient.type %>">x</a>`,
    findings: [{ covers: '<%= recipient.type %>', message: /personalization/ }],
  },
  {
    name: 'Campaign _type in the canonical spelling, corrected to Campaign\'s own',
    text: `<a href="<%@ include view='MirrorPageUrl' %>" _type="mirror-page">View online</a>`,
    findings: [{ covers: 'mirror-page', message: /did you mean "mirrorPage"/ }],
    fixed: `<a href="<%@ include view='MirrorPageUrl' %>" _type="mirrorPage">View online</a>`,
  },
  {
    name: 'unknown data-nl-type',
    text: '<a href="https://example.com/" data-nl-type="unsubscribe-link">x</a>',
    findings: [{ covers: 'unsubscribe-link', message: /optout, mirrorPage/ }],
  },
  {
    name: 'empty and blank labels (data-label and Campaign _label)',
    text: '<a href="https://example.com/a" data-label="">a</a><a href="https://example.com/b" _label="  ">b</a><a href="https://example.com/c" data-label>c</a>',
    findings: [
      { covers: 'data-label=""', message: /empty/ },
      { covers: '_label="  "', message: /empty/ },
      { covers: 'data-label', message: /empty/ },
    ],
  },
  {
    name: 'label built from handlebars personalization',
    text: '<a href="https://example.com/a" data-label="hero-{{profile.id}}">a</a>',
    findings: [{ covers: 'hero-{{profile.id}}', message: /different label/ }],
  },
  {
    name: 'no-track marker values their platform ignores',
    text: [
      '<a href="https://example.com/a" clicktracking="no">a</a>',
      '<a href="https://example.com/b" data-msys-clicktrack="false">b</a>',
      '<a href="https://example.com/c" data-mautic-disable-tracking="yes">c</a>',
      '<a href="https://example.com/d" clicktracking>d</a>',
    ].join('\n'),
    findings: [
      { covers: 'no', message: /SendGrid.*"on" or "off"/ },
      { covers: 'false', message: /SparkPost/ },
      { covers: 'yes', message: /Mautic/ },
      { covers: 'clicktracking', message: /without a value/ },
    ],
  },
  {
    name: 'a tracking attribute written twice (single-quoted)',
    text: "<a href='https://example.com/' data-tracking='never' data-tracking='tracked'>x</a>",
    findings: [{ covers: "data-tracking='tracked'", message: /twice/ }],
  },
  {
    name: 'invalid attribute on an Outlook VML button',
    text: '<!--[if mso]><v:roundrect href="https://example.com/" data-tracking="yes"></v:roundrect><![endif]-->',
    findings: [{ covers: 'yes', message: /did you mean "tracked"/ }],
    fixed: '<!--[if mso]><v:roundrect href="https://example.com/" data-tracking="tracked"></v:roundrect><![endif]-->',
  },
  {
    name: 'good: every canonical type, any case, with labels',
    text: [
      '<a href="https://example.com/a" data-tracking="tracked" data-label="hero">a</a>',
      '<a href="https://example.com/b" data-tracking="Opt-Out">b</a>',
      '<a href="https://example.com/c" data-tracking="mirror-page">c</a>',
      '<a href="https://example.com/d" data-tracking="never" data-label="legal">d</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: Campaign aliases and markers as their platforms write them',
    text: [
      `<a href="<%@ include view='UnsubscriptionLinkUrl' %>" _type="optout" _label="unsub">u</a>`,
      `<a href="<%@ include view='MirrorPageUrl' %>" _type="mirrorPage">m</a>`,
      '<a href="https://example.com/a" _donottrack="true">a</a>',
      '<a href="https://example.com/b" _donottrack>b</a>',
      '<a href="https://example.com/c" clicktracking=off>c</a>',
      '<a href="https://example.com/d" data-msys-clicktrack="0" ses:no-track data-pm-no-track mc:disable-tracking>d</a>',
      '<a href="https://example.com/e" disable-tracking=true data-mautic-disable-tracking="false">e</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: handlebars, liquid, listmonk and mailchimp links with valid types',
    text: [
      '<a href="https://example.com/{{profile.id}}" data-tracking="tracked" data-label="account">a</a>',
      '<a href="https://example.com/{% if x %}a{% endif %}" data-tracking="never">b</a>',
      '<a href="{{ UnsubscribeURL }}" data-tracking="opt-out">c</a>',
      '<a href="*|ARCHIVE|*" data-tracking="mirror-page" data-label="archive">d</a>',
    ].join('\n'),
    findings: [],
  },
  { name: 'good: no tracking attributes at all', text: '<a href="https://example.com/">x</a><img src="https://example.com/i.png">', findings: [] },
  { name: 'good: an unclosed start tag is not a link yet', text: '<a href="https://example.com/" data-tracking="nev', findings: [] },
  { name: 'good: empty text', text: '', findings: [] },
]);
