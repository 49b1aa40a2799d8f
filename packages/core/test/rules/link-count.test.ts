import { ruleTests } from './harness';

const links = (n: number, href = (i: number) => `https://example.com/p${i}`): string =>
  Array.from({ length: n }, (_, i) => `<a href="${href(i + 1)}">Link ${i + 1}</a>`).join('\n');

ruleTests('link-count', [
  {
    name: '101 tracked links: one finding, on the 101st',
    text: links(101),
    findings: [{ covers: 'https://example.com/p101', message: /101 tracked links.*at most 100.*one link would go untracked/, severity: 'warning' }],
  },
  {
    name: '130 links: still one finding, on the first one past the limit',
    text: links(130),
    findings: [{ covers: 'https://example.com/p101', message: /130 tracked links.*30 links would go untracked/ }],
  },
  {
    name: 'maxLinks option (Campaign personalization in the URLs)',
    text: links(6, (i) => `https://example.com/?p=${i}&id=<%= escapeUrl(recipient.id) %>`),
    options: { maxLinks: 5 },
    findings: [{ covers: 'https://example.com/?p=6&id=<%= escapeUrl(recipient.id) %>', message: /at most 5/ }],
  },
  {
    name: 'opt-out and mirror-page links count (the platform registers them)',
    text: `${links(2)}\n<a href="*|UNSUB|*">u</a>`,
    options: { maxLinks: 2 },
    findings: [{ covers: '*|UNSUB|*' }],
  },
  { name: 'good: exactly 100 links', text: links(100), findings: [] },
  {
    name: 'good: images, mailto: and never-typed links are not registered',
    text: `${links(3)}\n<img src="https://example.com/a.png"><a href="mailto:a@example.com">m</a><a href="https://example.com/legal" data-tracking="never">n</a><a href="#top">t</a>`,
    options: { maxLinks: 3 },
    findings: [],
  },
  { name: 'good: a nonsense maxLinks falls back to 100', text: links(100), options: { maxLinks: -3 }, findings: [] },
  { name: 'good: click tracking off', text: `<!-- linktrace clicks=off -->\n${links(4)}`, options: { maxLinks: 2 }, findings: [] },
]);
