import { ruleTests } from './harness';

const HEAD = `<mjml>
  <mj-head>
    <mj-html-attributes>
      <mj-selector path=".linktrace-opt-out a, a.linktrace-opt-out"><mj-html-attribute name="data-tracking">opt-out</mj-html-attribute></mj-selector>
    </mj-html-attributes>
  </mj-head>
  <mj-body>`;
const body = (markup: string) => `${HEAD}<mj-section><mj-column>${markup}</mj-column></mj-section></mj-body></mjml>`;

ruleTests('mjml-tracking-lost', [
  {
    name: 'data-tracking on an mj-button, rewritten as a class token mapped in the head',
    text: body('<mj-button href="https://shop.test/u" data-tracking="opt-out">Bye</mj-button>'),
    findings: [{ covers: 'data-tracking="opt-out"', message: /<mj-button> does not render data-tracking.*css-class="linktrace-opt-out"/, severity: 'error' }],
    fixed: body('<mj-button href="https://shop.test/u" css-class="linktrace-opt-out">Bye</mj-button>'),
  },
  {
    name: 'a data-label on mj-navbar-link, with the selector it needs added',
    text: body('<mj-navbar><mj-navbar-link href="https://shop.test/n" css-class="linktrace-opt-out" data-label="Nav">N</mj-navbar-link></mj-navbar>'),
    findings: [{ covers: 'data-label="Nav"', message: /does not render data-label/ }],
    fixed: body('<mj-navbar><mj-navbar-link href="https://shop.test/n" css-class="linktrace-opt-out linktrace-label-nav">N</mj-navbar-link></mj-navbar>').replace(
      '    </mj-html-attributes>',
      '      <mj-selector path=".linktrace-label-nav a, a.linktrace-label-nav"><mj-html-attribute name="data-label">Nav</mj-html-attribute></mj-selector>\n    </mj-html-attributes>',
    ),
  },
  {
    name: 'a type token the head does not map',
    text: body('<mj-button href="https://shop.test/x" css-class="btn linktrace-never">X</mj-button>'),
    findings: [{ covers: 'linktrace-never', message: /No <mj-html-attributes> selector maps linktrace-never.*data-tracking="never"/ }],
    fixed: body('<mj-button href="https://shop.test/x" css-class="btn linktrace-never">X</mj-button>').replace(
      '    </mj-html-attributes>',
      '      <mj-selector path=".linktrace-never a, a.linktrace-never"><mj-html-attribute name="data-tracking">never</mj-html-attribute></mj-selector>\n    </mj-html-attributes>',
    ),
  },
  {
    name: 'a label token the head does not map, in a document without any head',
    text: '<mjml><mj-body><mj-section><mj-column><mj-image src="https://cdn.shop.test/a.png" href="https://shop.test/a" css-class="linktrace-label-hero" /></mj-column></mj-section></mj-body></mjml>',
    findings: [{ covers: 'linktrace-label-hero', message: /data-label="hero"/ }],
    fixed: '<mjml>\n  <mj-head>\n    <mj-html-attributes>\n      <mj-selector path=".linktrace-label-hero a, a.linktrace-label-hero"><mj-html-attribute name="data-label">hero</mj-html-attribute></mj-selector>\n    </mj-html-attributes>\n  </mj-head><mj-body><mj-section><mj-column><mj-image src="https://cdn.shop.test/a.png" href="https://shop.test/a" css-class="linktrace-label-hero" /></mj-column></mj-section></mj-body></mjml>',
  },
  {
    name: 'mapped tokens, HTML inside mj-text and untyped components are fine',
    text: body('<mj-button href="https://shop.test/u" css-class="linktrace-opt-out">Bye</mj-button><mj-text><a href="https://shop.test/t" data-tracking="never">t</a></mj-text><mj-button href="https://shop.test/b">B</mj-button>'),
    findings: [],
  },
  {
    name: 'an mj-include partial without <mjml> is typed by the head of the file that includes it',
    text: '<mj-section><mj-column><mj-button href="https://shop.test/p" css-class="linktrace-never">P</mj-button></mj-column></mj-section>',
    findings: [],
  },
  {
    name: 'a partial still reports attributes MJML does not render',
    text: '<mj-section><mj-column><mj-button href="https://shop.test/p" _type="optout">P</mj-button></mj-column></mj-section>',
    findings: [{ covers: '_type="optout"', message: /does not render _type/ }],
    fixed: '<mj-section><mj-column><mj-button href="https://shop.test/p" css-class="linktrace-opt-out">P</mj-button></mj-column></mj-section>',
  },
]);
