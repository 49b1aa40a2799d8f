// MJML templates: the links of mj-* components are found with exact ranges, typed inline with
// css-class tokens mapped in <mj-html-attributes>, and the real mjml compiler keeps those types:
// its strict validation passes and the rendered <a> carries data-tracking / data-label.
import assert from 'node:assert/strict';
import mjml2html from 'mjml';
import { applyEdits, findLinks, lint, parseTemplate, setTracking, type Link, type TrackingType } from '@linktrace/core';
import { LINEAR_WORK_BOUND, lintWork } from './support/work';

/** A newsletter written for this test: every URL-bearing MJML component, HTML in mj-text and mj-raw. */
const NEWSLETTER = `<mjml>
  <mj-head>
    <mj-title>Spring news</mj-title>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
    </mj-attributes>
  </mj-head>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-navbar>
          <mj-navbar-link href="https://shop.test/new">New in</mj-navbar-link>
          <mj-navbar-link href="https://shop.test/view-online" css-class="nav-item">View online</mj-navbar-link>
        </mj-navbar>
        <mj-image src="https://cdn.shop.test/hero.jpg" href="https://shop.test/spring" alt="Spring" />
        <mj-text>
          <p>Read <a href="https://shop.test/story">our story</a>.</p>
        </mj-text>
        <mj-button href="https://shop.test/buy?id=7&amp;src=mail" css-class="btn-block">
          Buy now
        </mj-button>
        <mj-carousel>
          <mj-carousel-image src="https://cdn.shop.test/a.jpg" href="https://shop.test/a" />
        </mj-carousel>
        <mj-social>
          <mj-social-element name="facebook-noshare" href="https://facebook.test/shop" src="https://cdn.shop.test/fb.png">Facebook</mj-social-element>
        </mj-social>
      </mj-column>
    </mj-section>
    <mj-raw>
      <p><a href="https://shop.test/unsubscribe">Unsubscribe</a></p>
    </mj-raw>
  </mj-body>
</mjml>
`;

const summary = (text: string) =>
  findLinks(text).map((link) => ({ tag: link.tag, attribute: link.attribute, kind: link.kind, raw: text.slice(link.valueSpan.start, link.valueSpan.end) }));

const linkTo = (text: string, url: string): Link => {
  const link = findLinks(text).find((candidate) => candidate.raw === url && candidate.kind === 'link');
  assert.ok(link, `a link to ${url}`);
  return link;
};

const compile = (text: string) => mjml2html(text, { validationLevel: 'strict' });

describe('MJML links', () => {
  it('finds every URL of mj-* components and of the HTML inside mj-text and mj-raw, in document order, with exact ranges', () => {
    assert.deepEqual(summary(NEWSLETTER), [
      { tag: 'mj-navbar-link', attribute: 'href', kind: 'link', raw: 'https://shop.test/new' },
      { tag: 'mj-navbar-link', attribute: 'href', kind: 'link', raw: 'https://shop.test/view-online' },
      { tag: 'mj-image', attribute: 'src', kind: 'image', raw: 'https://cdn.shop.test/hero.jpg' },
      { tag: 'mj-image', attribute: 'href', kind: 'link', raw: 'https://shop.test/spring' },
      { tag: 'a', attribute: 'href', kind: 'link', raw: 'https://shop.test/story' },
      { tag: 'mj-button', attribute: 'href', kind: 'link', raw: 'https://shop.test/buy?id=7&amp;src=mail' },
      { tag: 'mj-carousel-image', attribute: 'src', kind: 'image', raw: 'https://cdn.shop.test/a.jpg' },
      { tag: 'mj-carousel-image', attribute: 'href', kind: 'link', raw: 'https://shop.test/a' },
      { tag: 'mj-social-element', attribute: 'href', kind: 'link', raw: 'https://facebook.test/shop' },
      { tag: 'mj-social-element', attribute: 'src', kind: 'image', raw: 'https://cdn.shop.test/fb.png' },
      { tag: 'a', attribute: 'href', kind: 'link', raw: 'https://shop.test/unsubscribe' },
    ]);
  });

  it('reads the text of buttons, navbar links and social elements as link text', () => {
    const texts = new Map(findLinks(NEWSLETTER).filter((link) => link.kind === 'link').map((link) => [link.raw, link.text]));
    assert.equal(texts.get('https://shop.test/buy?id=7&amp;src=mail'), 'Buy now');
    assert.equal(texts.get('https://shop.test/view-online'), 'View online');
    assert.equal(texts.get('https://facebook.test/shop'), 'Facebook');
    assert.equal(texts.get('https://shop.test/spring'), '');
  });

  it('finds the links of an mj-include partial without <mjml>, and of VML inside mj-raw', () => {
    const partial = `<mj-section><mj-column><mj-button href="{{ cta_url }}">Go</mj-button></mj-column></mj-section>
<mj-raw><!--[if mso]><v:roundrect href="https://shop.test/go"><![endif]--></mj-raw>`;
    const links = findLinks(partial);
    assert.deepEqual(links.map((link) => [link.tag, link.raw, link.inConditionalComment]), [
      ['mj-button', '{{ cta_url }}', false],
      ['v:roundrect', 'https://shop.test/go', true],
    ]);
  });

  it('lints mj-* URLs at their exact range', () => {
    const text = NEWSLETTER.replace('https://shop.test/spring', 'http://shop.test/spring');
    const finding = lint(text).find((candidate) => candidate.ruleId === 'url-insecure-http');
    assert.ok(finding, 'url-insecure-http reports the mj-image href');
    assert.equal(text.slice(finding.start, finding.end).startsWith('http://shop.test/spring'), true);
    assert.equal(findLinks(text).find((link) => link.id === finding.linkId)?.tag, 'mj-image');
  });

  it('types only links: an mj-image src is an image, never tracked', () => {
    const links = findLinks('<mj-image src="https://cdn.shop.test/x.png" css-class="linktrace-opt-out" />');
    assert.deepEqual(links.map((link) => [link.kind, link.tracking.type, link.tracking.source]), [['image', 'never', 'untrackable']]);
  });
});

describe('MJML tracking types (css-class tokens mapped in <mj-html-attributes>)', () => {
  const HEAD = `<mjml>
  <mj-head>
    <mj-html-attributes>
      <mj-selector path=".linktrace-opt-out a, a.linktrace-opt-out"><mj-html-attribute name="data-tracking">opt-out</mj-html-attribute></mj-selector>
      <mj-selector path=".linktrace-label-footer-unsubscribe a, a.linktrace-label-footer-unsubscribe"><mj-html-attribute name="data-label">Footer: unsubscribe</mj-html-attribute></mj-selector>
    </mj-html-attributes>
  </mj-head>
  <mj-body>`;

  it('reads the type from its class token and the label text from the head', () => {
    const text = `${HEAD}<mj-button href="https://shop.test/u" css-class="btn linktrace-opt-out linktrace-label-footer-unsubscribe">Bye</mj-button></mj-body></mjml>`;
    const { tracking } = linkTo(text, 'https://shop.test/u');
    assert.equal(tracking.type, 'opt-out');
    assert.equal(tracking.source, 'attribute');
    assert.equal(tracking.label, 'Footer: unsubscribe');
    assert.equal(text.slice(tracking.typeAttribute!.valueSpan.start, tracking.typeAttribute!.valueSpan.end), 'linktrace-opt-out');
    assert.equal(text.slice(tracking.labelAttribute!.valueSpan.start, tracking.labelAttribute!.valueSpan.end), 'linktrace-label-footer-unsubscribe');
  });

  it('reads every type token on every linking component; untyped ones keep their default', () => {
    for (const type of ['tracked', 'opt-out', 'mirror-page', 'never'] as TrackingType[]) {
      for (const element of ['mj-button', 'mj-image', 'mj-navbar-link', 'mj-social-element', 'mj-carousel-image']) {
        const text = `<${element} href="https://shop.test/x" css-class="linktrace-${type}"></${element}>`;
        assert.equal(linkTo(text, 'https://shop.test/x').tracking.type, type, `${element} ${type}`);
      }
    }
    assert.deepEqual(
      [linkTo('<mj-button href="https://shop.test/x" css-class="linktrace-sometimes">', 'https://shop.test/x').tracking.source,
        linkTo('<mj-button href="{unsubscribe_url}">', '{unsubscribe_url}').tracking.type],
      ['default', 'opt-out'],
    );
  });

  it('falls back to the key as the label when the head does not map it', () => {
    const { tracking } = linkTo('<mj-button href="https://shop.test/x" css-class="linktrace-label-hero">Go</mj-button>', 'https://shop.test/x');
    assert.equal(tracking.label, 'hero');
    assert.equal(tracking.type, 'tracked');
  });
});

describe('setTracking on MJML', () => {
  const apply = (text: string, url: string, change: Parameters<typeof setTracking>[2]) => applyEdits(text, setTracking(text, linkTo(text, url), change));

  it('adds css-class and creates <mj-head> with the mapping when the document has neither', () => {
    const text = `<mjml>
  <mj-body>
    <mj-button href="https://shop.test/u">Bye</mj-button>
  </mj-body>
</mjml>`;
    assert.equal(apply(text, 'https://shop.test/u', { type: 'opt-out' }), `<mjml>
  <mj-head>
    <mj-html-attributes>
      <mj-selector path=".linktrace-opt-out a, a.linktrace-opt-out"><mj-html-attribute name="data-tracking">opt-out</mj-html-attribute></mj-selector>
    </mj-html-attributes>
  </mj-head>
  <mj-body>
    <mj-button href="https://shop.test/u" css-class="linktrace-opt-out">Bye</mj-button>
  </mj-body>
</mjml>`);
  });

  it('adds <mj-html-attributes> to an existing head, and selectors to an existing block', () => {
    const withHead = `<mjml>\n  <mj-head>\n    <mj-title>x</mj-title>\n  </mj-head>\n  <mj-body><mj-button href="https://shop.test/u" css-class="btn">Bye</mj-button></mj-body>\n</mjml>`;
    const once = apply(withHead, 'https://shop.test/u', { type: 'never' });
    assert.equal(once, `<mjml>\n  <mj-head>\n    <mj-html-attributes>\n      <mj-selector path=".linktrace-never a, a.linktrace-never"><mj-html-attribute name="data-tracking">never</mj-html-attribute></mj-selector>\n    </mj-html-attributes>\n    <mj-title>x</mj-title>\n  </mj-head>\n  <mj-body><mj-button href="https://shop.test/u" css-class="btn linktrace-never">Bye</mj-button></mj-body>\n</mjml>`);
    const twice = apply(once, 'https://shop.test/u', { type: 'mirror-page' });
    assert.match(twice, /css-class="btn linktrace-mirror-page"/);
    assert.match(twice, /      <mj-selector path="\.linktrace-never a, a\.linktrace-never">.*\n      <mj-selector path="\.linktrace-mirror-page a, a\.linktrace-mirror-page"><mj-html-attribute name="data-tracking">mirror-page<\/mj-html-attribute><\/mj-selector>\n    <\/mj-html-attributes>/);
  });

  it('is idempotent: a link already typed and mapped needs no edit', () => {
    const typed = apply(NEWSLETTER, 'https://shop.test/spring', { type: 'never', label: 'Hero image' });
    assert.deepEqual(setTracking(typed, linkTo(typed, 'https://shop.test/spring'), { type: 'never', label: 'Hero image' }), []);
  });

  it('reuses the mapping another link already added, and keeps distinct labels with one slug apart', () => {
    let text = apply(NEWSLETTER, 'https://shop.test/spring', { type: 'never', label: 'Sale!' });
    text = apply(text, 'https://shop.test/a', { type: 'never', label: 'sale' });
    assert.equal((text.match(/name="data-tracking">never</g) ?? []).length, 1);
    assert.equal(linkTo(text, 'https://shop.test/spring').tracking.label, 'Sale!');
    assert.equal(linkTo(text, 'https://shop.test/a').tracking.label, 'sale');
    assert.match(text, /css-class="linktrace-never linktrace-label-sale-2"/);
  });

  it('writes labels with spaces, quotes and ampersands, and removes them again', () => {
    const labelled = apply(NEWSLETTER, 'https://shop.test/buy?id=7&amp;src=mail', { label: 'Buy "now" & save' });
    const link = linkTo(labelled, 'https://shop.test/buy?id=7&amp;src=mail');
    assert.equal(link.tracking.label, 'Buy &quot;now&quot; &amp; save');
    assert.match(labelled, /css-class="btn-block linktrace-label-buy-now-save"/);
    const unlabelled = apply(labelled, 'https://shop.test/buy?id=7&amp;src=mail', { label: null });
    assert.match(unlabelled, /css-class="btn-block">/);
    assert.equal(linkTo(unlabelled, 'https://shop.test/buy?id=7&amp;src=mail').tracking.label, undefined);
  });

  it('replaces attributes MJML rejects (data-tracking, data-label) with the class scheme', () => {
    const text = '<mjml><mj-body><mj-section><mj-column><mj-button href="https://shop.test/u" data-tracking="never" data-label="x">Bye</mj-button></mj-column></mj-section></mj-body></mjml>';
    assert.throws(() => compile(text), /data-tracking/, 'strict validation rejects data-tracking on mj-button');
    const fixed = apply(text, 'https://shop.test/u', { type: 'opt-out', label: 'x' });
    assert.doesNotMatch(fixed, /data-tracking="never"|data-label="x"/);
    assert.match(fixed, /<mj-button href="https:\/\/shop.test\/u" css-class="linktrace-opt-out linktrace-label-x">/);
    assert.equal(compile(fixed).errors.length, 0);
  });

  it('keeps the author\'s quotes, and completes a bare or unquoted css-class', () => {
    const partial = (tag: string) => `<mj-section><mj-column>${tag}</mj-column></mj-section>`;
    const cases: [string, string][] = [
      [`<mj-button href='https://shop.test/u'>B</mj-button>`, `<mj-button href='https://shop.test/u' css-class='linktrace-never'>B</mj-button>`],
      ['<mj-button href="https://shop.test/u" css-class>B</mj-button>', '<mj-button href="https://shop.test/u" css-class="linktrace-never">B</mj-button>'],
      ['<mj-button href="https://shop.test/u" css-class=wide>B</mj-button>', '<mj-button href="https://shop.test/u" css-class="wide linktrace-never">B</mj-button>'],
      ['<mj-button href="https://shop.test/u" css-class="linktrace-opt-out  wide">B</mj-button>', '<mj-button href="https://shop.test/u" css-class="wide linktrace-never">B</mj-button>'],
    ];
    for (const [before, after] of cases) assert.equal(apply(partial(before), 'https://shop.test/u', { type: 'never' }), partial(after), before);
  });

  it('writes the class scheme on MJML components whatever the attribute style', () => {
    const partial = '<mj-button href="https://shop.test/u">B</mj-button>';
    const edits = setTracking(partial, linkTo(partial, 'https://shop.test/u'), { type: 'opt-out', label: 'Bye' }, { style: 'campaign' });
    assert.equal(applyEdits(partial, edits), '<mj-button href="https://shop.test/u" css-class="linktrace-opt-out linktrace-label-bye">B</mj-button>');
  });

  it('types an mj-include partial with the class only (the including file holds the head)', () => {
    const partial = '<mj-section><mj-column><mj-button href="https://shop.test/u">Bye</mj-button></mj-column></mj-section>';
    assert.equal(apply(partial, 'https://shop.test/u', { type: 'opt-out' }), partial.replace('">Bye', '" css-class="linktrace-opt-out">Bye'));
  });
});

describe('MJML typing survives the real mjml compiler', () => {
  /** Each link of the newsletter in document order, the type and label setTracking gives it. The
   * <a> tags inside mj-text and mj-raw are kept verbatim by MJML, so they get HTML's attributes. */
  const TYPES: [string, TrackingType, string][] = [
    ['https://shop.test/new', 'tracked', 'Nav: new in'],
    ['https://shop.test/view-online', 'mirror-page', 'View online'],
    ['https://shop.test/spring', 'tracked', 'Hero image'],
    ['https://shop.test/story', 'never', 'Story'],
    ['https://shop.test/buy?id=7&amp;src=mail', 'tracked', 'Buy "now" & save'],
    ['https://shop.test/a', 'never', 'Carousel A'],
    ['https://facebook.test/shop', 'never', 'Facebook'],
    ['https://shop.test/unsubscribe', 'opt-out', 'Unsubscribe'],
  ];

  const typed = (): string => {
    let text = NEWSLETTER;
    for (const [url, type, label] of TYPES) text = applyEdits(text, setTracking(text, linkTo(text, url), { type, label }));
    return text;
  };

  it('passes strict validation and every rendered <a> carries its type and label', () => {
    const source = typed();
    const result = compile(source);
    assert.deepEqual(result.errors, []);
    const sourceLinks = findLinks(source).filter((link) => link.kind === 'link');
    // Rendered outside Outlook-only comments (the mso copy of a carousel is not reachable by a selector).
    const compiled = parseTemplate(result.html).links.filter((link) => link.kind === 'link' && !link.inConditionalComment && !link.raw.startsWith('#'));
    for (const link of sourceLinks) {
      const rendered = compiled.filter((candidate) => candidate.tracking.label === link.tracking.label);
      assert.ok(rendered.length >= 1, `the rendered email has a link labelled ${link.tracking.label}`);
      for (const candidate of rendered) {
        assert.equal(candidate.raw, link.raw, `${link.tracking.label}: same URL`);
        assert.equal(candidate.tracking.type, link.tracking.type, `${link.tracking.label}: same type`);
        assert.equal(candidate.tracking.source, 'attribute', `${link.tracking.label}: typed by data-tracking`);
      }
    }
    assert.equal(new Set(compiled.map((link) => link.tracking.label)).size, sourceLinks.length, 'no rendered link without its source label');
  });

  it('reads the same type and label from the source as from the compiled HTML, link by link', () => {
    const source = typed();
    const byLabel = (links: Link[]) => new Map(links.filter((link) => link.kind === 'link').map((link) => [link.tracking.label, link.tracking.type]));
    const compiled = parseTemplate(compile(source).html).links.filter((link) => !link.inConditionalComment && !link.raw.startsWith('#'));
    assert.deepEqual(byLabel(compiled), byLabel(findLinks(source)));
    assert.deepEqual([...byLabel(findLinks(source)).values()], TYPES.map(([, type]) => type));
  });

  it('an untyped link stays tracked by default on both sides', () => {
    const source = NEWSLETTER;
    const compiled = parseTemplate(compile(source).html).links.find((link) => link.raw === 'https://shop.test/spring');
    assert.equal(compiled?.tracking.type, 'tracked');
    assert.equal(linkTo(source, 'https://shop.test/spring').tracking.type, 'tracked');
  });
});

describe('MJML work', () => {
  // Every mj-button below yields an mjml-tracking-lost finding whose fix re-reads the head, and the
  // head maps as many tokens as there are links: both must stay linear, not links × selectors.
  const document = (n: number): string => {
    const selectors = Array.from({ length: n }, (_, i) => `<mj-selector path=".linktrace-label-l${i} a, a.linktrace-label-l${i}"><mj-html-attribute name="data-label">L${i}</mj-html-attribute></mj-selector>`).join('\n');
    const buttons = Array.from({ length: n }, (_, i) => `<mj-button href="https://shop.test/${i}" css-class="linktrace-label-l${i}" data-tracking="never">B</mj-button>`).join('\n');
    return `<mjml><mj-head><mj-html-attributes>${selectors}</mj-html-attributes></mj-head>\n${buttons}\n</mjml>`;
  };
  it('lint with a fix per link and a selector per link costs work linear in the links', function () {
    this.timeout(60_000);
    assert.ok(lint(document(10)).some((finding) => finding.ruleId === 'mjml-tracking-lost'), 'every button has a finding with a fix');
    // Work counted, not timed (support/work.ts): re-reading the head for each fix, or matching each
    // link against every selector, grows with links x selectors, 64x the work for 8x the links.
    const small = lintWork(document(250));
    const large = lintWork(document(2_000));
    const ratio = large.total / small.total;
    assert.ok(ratio <= 2 * LINEAR_WORK_BOUND, `MJML lint work: ${small.total} for 250 links, ${large.total} for 2000 (${ratio.toFixed(1)}x for 8x the links)`);
  });
});
