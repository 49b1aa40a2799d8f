import { onPlatform, ruleTests } from './harness';

ruleTests('mirror-link-untyped', onPlatform('campaign', [
  {
    name: '"View online" on a plain https link',
    text: '<a href="https://example.com/newsletter/42">View online</a>',
    findings: [{ covers: 'https://example.com/newsletter/42', message: /typed tracked.*mirror-page/, severity: 'warning' }],
    fixed: '<a href="https://example.com/newsletter/42" data-tracking="mirror-page">View online</a>',
  },
  {
    name: '"View this email in your browser" with markup and entities in the text (single quotes kept)',
    text: "<p><a href='https://example.com/m?id=<%= escapeUrl(recipient.id) %>' style='color:#999'><span>View&nbsp;this email</span> in your browser</a></p>",
    findings: [{ covers: 'https://example.com/m?id=<%= escapeUrl(recipient.id) %>' }],
    fixed: "<p><a href='https://example.com/m?id=<%= escapeUrl(recipient.id) %>' data-tracking='mirror-page' style='color:#999'><span>View&nbsp;this email</span> in your browser</a></p>",
  },
  {
    name: '"view in browser" with a # placeholder (typing it lets the platform fill in the mirror page)',
    text: '<a href="#">Having trouble? View in browser</a>',
    findings: [{ covers: '#', message: /typed never/ }],
    fixed: '<a href="#" data-tracking="mirror-page">Having trouble? View in browser</a>',
  },
  {
    name: 'German "Ansicht im Browser" and "Web version" on handlebars links',
    text: '<a href="https://example.com/de/{{profile.id}}">Ansicht im Browser</a>\n<a href="https://example.com/{{profile.id}}">Web version</a>',
    findings: [{ covers: 'https://example.com/de/{{profile.id}}' }, { covers: 'https://example.com/{{profile.id}}' }],
  },
  {
    name: 'French and Spanish footers',
    text: '<a href="https://example.com/fr">Voir la version en ligne</a> <a href="https://example.com/es">Ver en el navegador</a>',
    findings: [{ covers: 'https://example.com/fr' }, { covers: 'https://example.com/es' }],
  },
  {
    name: 'an empty href is reported on the whole tag',
    text: '<a href="">View online</a>',
    findings: [{ covers: '<a href="">' }],
  },
  {
    name: 'listmonk @TrackLink on a "view in browser" link',
    text: '<a href="https://example.com/archive@TrackLink">View this email in your browser</a>',
    findings: [{ covers: 'https://example.com/archive@TrackLink' }],
  },
  {
    name: 'good: typed mirror-page, canonical and Campaign alias',
    text: '<a href="https://example.com/m" data-tracking="mirror-page">View online</a><a href="https://example.com/m" _type="mirrorPage">View in browser</a>',
    findings: [],
  },
  {
    name: 'good: platform mirror-page built-ins (Campaign, Mailchimp, Mautic, listmonk)',
    text: [
      `<a href="<%@ include view='MirrorPageUrl' %>">View online</a>`,
      '<a href="*|ARCHIVE|*">View this email in your browser</a>',
      '<a href="{webview_url}">Web version</a>',
      '<a href="{{ MessageURL }}">View in browser</a>',
    ].join('\n'),
    findings: [],
  },
  {
    name: 'good: an explicit other type is the author\'s decision',
    text: '<a href="https://example.com/blog" data-tracking="tracked">Read online</a><a href="https://example.com/x" clicktracking=off>View online</a>',
    findings: [],
  },
  {
    name: 'good: ordinary link texts that mention browsers or the web',
    text: [
      '<a href="https://example.com/a">Read more on our website</a>',
      '<a href="https://example.com/b">View our products</a>',
      '<a href="https://example.com/c">Download the browser extension</a>',
      '<a href="mailto:help@example.com">View online help</a>',
      '<img src="https://example.com/view-online.png" alt="View online">',
    ].join('\n'),
    findings: [],
  },
]));
