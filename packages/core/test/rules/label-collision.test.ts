import { onPlatform, ruleTests } from './harness';

ruleTests('label-collision', onPlatform('campaign', [
  {
    name: 'one label on two URLs',
    text: '<a href="https://s.example/a" data-label="cta">A</a>\n<a href="https://s.example/b" data-label="cta">B</a>',
    findings: [{ covers: 'cta', message: /"cta" is already used on line 1/, severity: 'warning' }],
  },
  {
    name: 'three URLs under one label: each later one reported',
    text: '<a href="https://s.example/a" data-label="x">A</a><a href="https://s.example/b" data-label="x">B</a><a href="https://s.example/c" data-label="x">C</a>',
    findings: [{ covers: 'x' }, { covers: 'x' }],
  },
  { name: 'Campaign _label', text: `<a href="https://s.example/a?u=<%= escapeUrl(recipient.id) %>" _label='promo'>A</a><a href="https://s.example/b" _label="promo">B</a>`, findings: [{ covers: 'promo' }] },
  { name: 'data-label and _label mixed', text: '<a href="https://s.example/a" data-label="promo">A</a><a href="https://s.example/b" _label="promo">B</a>', findings: [{ covers: 'promo' }] },
  { name: 'Handlebars URLs with different paths', text: '<a href="https://s.example/{{id}}/a" data-label="p">A</a><a href="https://s.example/{{id}}/b" data-label="p">B</a>', findings: [{ covers: 'p' }] },
  { name: 'label with surrounding spaces is the same label', text: '<a href="https://s.example/a" data-label="hero">A</a><a href="https://s.example/b" data-label=" hero ">B</a>', findings: [{ covers: ' hero ' }] },

  { name: 'distinct labels', text: '<a href="https://s.example/a" data-label="a">A</a><a href="https://s.example/b" data-label="b">B</a>', findings: [] },
  { name: 'same label, same URL (duplicate-url-label reports that)', text: '<a href="https://s.example/a" data-label="a">A</a><a href="https://s.example/a" data-label="a">B</a>', findings: [] },
  { name: 'same URL spelled with &amp;', text: '<a href="https://s.example/?a=1&amp;b=2" data-label="a">A</a><a href="https://s.example/?a=1&b=2" data-label="a">B</a>', findings: [] },
  { name: 'labels differ in case', text: '<a href="https://s.example/a" data-label="Hero">A</a><a href="https://s.example/b" data-label="hero">B</a>', findings: [] },
  { name: 'empty labels', text: '<a href="https://s.example/a" data-label="">A</a><a href="https://s.example/b" data-label="">B</a>', findings: [] },
  { name: 'labels computed per recipient', text: '<a href="https://s.example/a" data-label="{{slot}}">A</a><a href="https://s.example/b" data-label="{{slot}}">B</a>', findings: [] },
  { name: 'a Never link does not count', text: '<a href="https://s.example/a" data-label="x">A</a><a href="https://s.example/b" data-label="x" data-tracking="never">B</a>', findings: [] },
  {
    name: 'VML twin inside <!--[if mso]> is left to vml-link-mismatch',
    text: '<!--[if mso]><v:roundrect href="https://s.example/a" data-label="cta"></v:roundrect><![endif]--><a href="https://s.example/b" data-label="cta">Buy</a>',
    findings: [],
  },
]));
