import assert from 'node:assert/strict';
import { lintOnly, ruleTests } from './harness';

const a = (href: string): string => `<a href="${href}">Shop</a>`;

ruleTests('url-ampersand', [
  {
    name: '&copy= in a query (the classic)',
    text: a('https://shop.example/?a=1&copy=2'),
    findings: [{ covers: '&copy', message: /"&copy=" can be read as "©="/, severity: 'warning' }],
    fixed: a('https://shop.example/?a=1&amp;copy=2'),
  },
  {
    name: 'a parameter whose name starts with an entity name (&region, &currency)',
    text: a('https://shop.example/?a=1&region=eu&currency=EUR'),
    findings: [{ covers: '&reg', message: /"&region=" can be read as "®ion="/ }, { covers: '&curren', message: /"&currency=" can be read as "¤cy="/ }],
    fixed: a('https://shop.example/?a=1&amp;region=eu&amp;currency=EUR'),
  },
  { name: 'a flag parameter that browsers decode too (&not at the end)', text: a('https://shop.example/?a=1&not'), findings: [{ covers: '&not', message: /Browsers read/ }] },
  { name: 'upper-case legacy name', text: a('https://shop.example/?x=1&REG=2'), findings: [{ covers: '&REG' }] },
  { name: 'Campaign personalization elsewhere in the URL', text: a('https://shop.example/?u=<%= escapeUrl(recipient.id) %>&sect=2'), findings: [{ covers: '&sect' }] },
  { name: 'Handlebars personalization elsewhere in the URL', text: a('https://shop.example/?u={{id}}&para=1'), findings: [{ covers: '&para' }] },
  { name: 'image src', text: '<img src="https://cdn.example/i.png?w=1&times=3">', findings: [{ covers: '&times' }] },
  { name: 'VML href in a conditional comment', text: '<!--[if mso]><v:roundrect href="https://shop.example/?a=1&copy=2"></v:roundrect><![endif]-->', findings: [{ covers: '&copy' }] },
  { name: 'unsafe fix where browsers already decode it', text: a('https://shop.example/?a=1&copy'), findings: [{ covers: '&copy' }], fixed: a('https://shop.example/?a=1&amp;copy') },

  { name: '&amp; written correctly', text: a('https://shop.example/?a=1&amp;copy=2'), findings: [] },
  { name: 'ordinary parameters', text: a('https://shop.example/?utm_source=mail&utm_medium=email&lang=fr&id=3'), findings: [] },
  { name: 'numeric character reference', text: a('https://shop.example/?a=1&#38;b=2'), findings: [] },
  { name: 'a complete named reference written on purpose', text: a('https://shop.example/?q=&lt;b&gt;'), findings: [] },
  { name: 'an & inside Campaign code', text: a('https://shop.example/?u=<%= a && copy ? 1 : 2 %>'), findings: [] },
  { name: 'an & inside a Handlebars expression', text: a('https://shop.example/?u={{lookup a "&copy"}}'), findings: [] },
  { name: 'text part: no HTML decoding there', text: 'Shop at https://shop.example/?a=1&copy=2 now', options: { format: 'text' }, findings: [] },
  { name: 'an & in link text is not a URL', text: '<a href="https://shop.example/">Tom &copy Jerry</a>', findings: [] },
]);

describe('rule url-ampersand fix safety', () => {
  const safety = (href: string): (boolean | undefined)[] => lintOnly('url-ampersand', a(href)).map((f) => f.fix?.safe);
  it('is safe where HTML5 already reads a literal & (name followed by = or a letter)', () => {
    assert.deepEqual(safety('https://s.example/?a=1&copy=2&region=eu'), [true, true]);
  });
  it('is unsafe where browsers decode the reference today', () => {
    assert.deepEqual(safety('https://s.example/?a=1&copy&b=2'), [false]);
  });
  it('is unsafe for listmonk url@TrackLink, registered from the raw source', () => {
    assert.deepEqual(safety('https://s.example/?a=1&copy=2@TrackLink'), [false]);
  });
});
