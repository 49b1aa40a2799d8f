import type { LintOptions } from '@linktrace/core';
import { ruleTests } from './harness';

const utm: LintOptions = { utm: { parameters: { utm_source: 'newsletter', utm_medium: 'email' } } };

ruleTests('utm-missing', [
  {
    name: 'no query: both parameters added as a new query',
    text: '<a href="https://shop.example.com/sale">x</a>',
    options: utm,
    findings: [{ covers: 'https://shop.example.com/sale', message: /"utm_source", "utm_medium"/, severity: 'warning' }],
    fixed: '<a href="https://shop.example.com/sale?utm_source=newsletter&utm_medium=email">x</a>',
  },
  {
    name: 'an existing query written with &amp; keeps that style, the fragment stays last',
    text: '<a href="https://shop.example.com/p?a=1&amp;b=2#top">x</a>',
    options: { utm: { parameters: { utm_source: 'newsletter' } } },
    findings: [{ covers: 'https://shop.example.com/p?a=1&amp;b=2#top' }],
    fixed: '<a href="https://shop.example.com/p?a=1&amp;b=2&amp;utm_source=newsletter#top">x</a>',
  },
  {
    name: 'personalization in the required value is inserted as written',
    text: '<a href="https://shop.example.com/?u={{ user.id }}">x</a>',
    options: { utm: { parameters: { utm_campaign: '{{ campaign.name }}' } } },
    findings: [{ covers: 'https://shop.example.com/?u={{ user.id }}' }],
    fixed: '<a href="https://shop.example.com/?u={{ user.id }}&utm_campaign={{ campaign.name }}">x</a>',
  },
  {
    name: 'a wrong value is corrected in place',
    text: '<a href="https://shop.example.com/?utm_source=twitter&utm_medium=email">x</a>',
    options: utm,
    findings: [{ covers: 'twitter', message: /is "twitter" here, but .* requires "newsletter"/ }],
    fixed: '<a href="https://shop.example.com/?utm_source=newsletter&utm_medium=email">x</a>',
  },
  {
    name: 'true means any value; it is reported, and only the parameters with a value are added',
    text: '<a href="https://shop.example.com/">x</a>',
    options: { utm: { parameters: { utm_source: 'newsletter', utm_content: true } } },
    findings: [{ covers: 'https://shop.example.com/', message: /\("utm_content" with a value of your choice\)/ }],
    fixed: '<a href="https://shop.example.com/?utm_source=newsletter">x</a>',
  },
  {
    name: 'a link that has them all, with any value where true',
    text: '<a href="https://shop.example.com/?utm_source=newsletter&utm_medium=email&utm_content=hero">x</a>',
    options: { utm: { parameters: { utm_source: 'newsletter', utm_medium: 'email', utm_content: true } } },
    findings: [],
  },
  {
    name: 'hosts limit the requirement to the shop (subdomains with *.)',
    text: '<a href="https://blog.example.com/a">a</a><a href="https://other.org/b">b</a><a href="https://example.com/c">c</a>',
    options: { utm: { parameters: { utm_source: 'newsletter' }, hosts: ['*.example.com'] } },
    findings: [{ covers: 'https://blog.example.com/a' }],
  },
  {
    name: 'false switches a requirement off',
    text: '<a href="https://shop.example.com/">x</a>',
    options: { utm: { parameters: { utm_source: false } } },
    findings: [],
  },
  {
    name: 'opt-out, mirror page, images, mailto and dynamic hosts need none',
    text: '<a href="https://e.com/u" data-tracking="opt-out">u</a><a href="https://e.com/m" data-tracking="mirror-page">m</a><img src="https://e.com/i.png"><a href="mailto:a@e.com">m</a><a href="https://{{host}}/x">d</a>',
    options: utm,
    findings: [],
  },
  {
    name: 'a misspelt or misplaced parameter is left to utm-misspelt and utm-after-fragment',
    text: '<a href="https://e.com/?utm_sorce=newsletter&utm_medium=email">a</a><a href="https://e.com/#x&utm_source=newsletter&utm_medium=email">b</a>',
    options: utm,
    findings: [],
  },
  {
    name: 'per link: {label} stands for the link\'s own label, encoded; a link without a label may carry any value',
    text: '<a href="https://e.com/a" data-label="hero banner">a</a><a href="https://e.com/b?utm_content=old" _label="footer">b</a><a href="https://e.com/c?utm_content=x">c</a><a href="https://e.com/d">d</a>',
    options: { utm: { parameters: { utm_content: '{label}' } } },
    findings: [
      { covers: 'https://e.com/a', message: /lacks the campaign parameter "utm_content"/ },
      { covers: 'old', message: /"utm_content" is "old" here, but .* requires "footer"/ },
      { covers: 'https://e.com/d', message: /with a value of your choice/ },
    ],
    fixed: '<a href="https://e.com/a?utm_content=hero%20banner" data-label="hero banner">a</a><a href="https://e.com/b?utm_content=footer" _label="footer">b</a><a href="https://e.com/c?utm_content=x">c</a><a href="https://e.com/d">d</a>',
  },
  {
    name: 'no utm setting, no findings',
    text: '<a href="https://shop.example.com/">x</a>',
    findings: [],
  },
]);
