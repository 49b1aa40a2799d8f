import assert from 'node:assert/strict';
import { lintOnly, ruleTests } from './harness';

ruleTests('attr-spaced-equals', [
  {
    name: 'spaces on both sides',
    text: '<a href = "https://shop.example/">Shop</a>',
    findings: [{ covers: 'href = ', message: /href="/, severity: 'warning' }],
    fixed: '<a href="https://shop.example/">Shop</a>',
  },
  { name: 'space before =', text: '<a href ="https://shop.example/">Shop</a>', findings: [{ covers: 'href =' }], fixed: '<a href="https://shop.example/">Shop</a>' },
  { name: 'space after =', text: "<a href= 'https://shop.example/'>Shop</a>", findings: [{ covers: 'href= ' }], fixed: "<a href='https://shop.example/'>Shop</a>" },
  { name: 'line break and tab', text: '<a class="b" href\n\t=\n\t"https://shop.example/">Shop</a>', findings: [{ covers: 'href\n\t=\n\t' }], fixed: '<a class="b" href="https://shop.example/">Shop</a>' },
  { name: 'upper-case attribute name keeps its case', text: '<A HREF = "https://shop.example/">Shop</A>', findings: [{ covers: 'HREF = ' }], fixed: '<A HREF="https://shop.example/">Shop</A>' },
  { name: 'unquoted value', text: '<a href = https://shop.example/>Shop</a>', findings: [{ covers: 'href = ' }], fixed: '<a href=https://shop.example/>Shop</a>' },
  { name: 'Campaign personalization', text: '<a href = "https://shop.example/?u=<%= escapeUrl(recipient.id) %>">Shop</a>', findings: [{ covers: 'href = ' }] },
  { name: 'Handlebars', text: '<a href = "{{url}}">Go</a>', findings: [{ covers: 'href = ' }] },
  { name: 'image src', text: '<img src = "https://cdn.example/a.png">', findings: [{ covers: 'src = ' }] },
  { name: 'VML href in a conditional comment', text: '<!--[if mso]><v:rect href = "https://shop.example/"></v:rect><![endif]-->', findings: [{ covers: 'href = ' }] },

  { name: 'no spaces', text: '<a href="https://shop.example/">Shop</a>', findings: [] },
  { name: 'spaces inside the value are another rule', text: '<a href=" https://shop.example/ ">Shop</a>', findings: [] },
  { name: 'spaced non-URL attribute', text: '<a href="https://shop.example/" class = "btn">Shop</a>', findings: [] },
  { name: 'text part', text: 'href = https://shop.example/', options: { format: 'text' }, findings: [] },
]);

describe('rule attr-spaced-equals fix safety', () => {
  it('removing spaces around = is a safe fix', () => {
    assert.equal(lintOnly('attr-spaced-equals', '<a href = "https://x.example/">x</a>')[0]?.fix?.safe, true);
  });
});
