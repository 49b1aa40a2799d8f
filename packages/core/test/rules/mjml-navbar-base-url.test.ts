import { ruleTests } from './harness';

const navbar = (links: string, attributes = ' base-url="https://www.walkers.example-club.org"'): string =>
  `<mjml><mj-body><mj-navbar${attributes}>${links}</mj-navbar></mj-body></mjml>`;

ruleTests('mjml-navbar-base-url', [
  {
    name: 'an absolute href under a base-url',
    text: navbar('<mj-navbar-link href="/walks">Walks</mj-navbar-link><mj-navbar-link href="https://shop.walkers-club.org/">Shop</mj-navbar-link>'),
    findings: [{ covers: 'https://shop.walkers-club.org/', message: /base-url in front of/, severity: 'error' }],
  },
  { name: 'a protocol-relative href too', text: navbar('<mj-navbar-link href="//shop.walkers-club.org/">Shop</mj-navbar-link>'), findings: [{ covers: '//shop.walkers-club.org/' }] },
  { name: 'good: paths under a base-url', text: navbar('<mj-navbar-link href="/walks">Walks</mj-navbar-link>'), findings: [] },
  { name: 'good: absolute hrefs without a base-url', text: navbar('<mj-navbar-link href="https://shop.walkers-club.org/">Shop</mj-navbar-link>', ' hamburger="hamburger"'), findings: [] },
  {
    name: 'good: a later navbar\'s base-url does not reach an earlier one',
    text: `${navbar('<mj-navbar-link href="https://shop.walkers-club.org/">Shop</mj-navbar-link>', '')}<mj-navbar base-url="https://x.walkers-club.org"></mj-navbar>`,
    findings: [],
  },
]);
