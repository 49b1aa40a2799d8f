// Real email templates from the shared corpus (../shared/corpus or LINKTRACE_CORPUS): every file
// parses and lints without throwing, every link is found (checked against an independent scanner),
// every range is exact, and the genuine problems the templates contain are reported.
// Without the corpus (a fresh clone) this file says so in one line and registers no case: the
// project's own fixtures (test/rules) still cover every rule.
import assert from 'node:assert/strict';
import { lint, parseTemplate, RULES_BY_ID, type Finding, type Link, type PlatformId, type Template, type TrackingSource, type TrackingType } from '@linktrace/core';
import { corpusFile, corpusFiles, corpusLocation, corpusRoot } from './support/corpus';
import { PINNED_CORPUS_FINDINGS } from './support/corpus-findings';
import { findingProblems, templateProblems } from './support/invariants';
import { referenceLinks } from './support/link-counter';

interface Result {
  template: Template;
  findings: Finding[];
}

const results = new Map<string, Result>();

/** Parse and lint of a corpus file (on its detected platform unless one is given), computed once per run. */
function resultOf(name: string, platform?: PlatformId): Result {
  const key = `${platform ?? 'auto'}:${name}`;
  let result = results.get(key);
  if (!result) {
    const file = corpusFile(name);
    assert.ok(file, `corpus file ${name} exists`);
    const options = platform ? { platform } : {};
    result = { template: parseTemplate(file.text, options), findings: lint(file.text, options) };
    results.set(key, result);
  }
  return result;
}

/** Links of `name` whose value is `raw` and starts on 1-based `line`; the line is checked against the file first. */
function linksAt(name: string, line: number, raw: string, platform?: PlatformId): Link[] {
  const file = corpusFile(name)!;
  const sourceLine = file.text.split('\n')[line - 1] ?? '';
  assert.ok(sourceLine.includes(`="${raw}"`), `${name}:${line} holds ="${raw}" (expectation table is out of date?)`);
  const links = resultOf(name, platform).template.links.filter((link) => link.start.line === line && link.raw === raw);
  assert.ok(links.length > 0, `the model finds the link ${JSON.stringify(raw)} at ${name}:${line}`);
  return links;
}

/** Findings about `link`: by id, or inside its start tag. */
function findingsAbout(findings: readonly Finding[], link: Link): Finding[] {
  return findings.filter((finding) => finding.linkId === link.id || (link.tagSpan.start <= finding.start && finding.end <= link.tagSpan.end));
}

const describeFinding = (f: Finding): string => `${f.ruleId}@${f.line}:${f.column}`;

interface RuleExpectation {
  rule: string;
  file: string;
  /** Lint as this platform instead of the detected one (held-out cases for source-registered tracking). */
  platform?: PlatformId;
  /** 1-based line and the exact href value found there by reading the file. */
  at: [line: number, raw: string][];
}

const SOCIAL = (lines: number[]): [number, string][] =>
  lines.map((line, i) => [line, ['facebook.com', 'twitter.com', 'instagram.com', 'google.com', 'pinterest.com'][i]!]);

/** Genuine problems in the corpus, found by grepping and reading the files. */
const RULE_EXPECTATIONS: RuleExpectation[] = [
  // SendGrid dynamic templates: social links without a scheme (href="facebook.com").
  { rule: 'url-scheme-missing', file: 'sendgrid/dynamic-templates-newsletter-news_feed.html', at: SOCIAL([316, 328, 340, 352, 364]) },
  { rule: 'url-scheme-missing', file: 'sendgrid/dynamic-templates-different-languages-different_languages.html', at: SOCIAL([252, 264, 276, 288, 300]) },
  { rule: 'url-scheme-missing', file: 'sendgrid/dynamic-templates-special-sale-special_sale.html', at: SOCIAL([558, 570, 582, 594, 606]) },
  { rule: 'url-scheme-missing', file: 'sendgrid/dynamic-templates-receipt-receipt.html', at: SOCIAL([311, 323, 335, 347, 359]) },
  // The whole URL is one personalization value: a platform that registers links from the source
  // (Journey Optimizer) cannot track it; SendGrid and Postmark render first, so there it is fine.
  { rule: 'url-fully-dynamic', platform: 'journey-optimizer', file: 'sendgrid/dynamic-templates-newsletter-news_feed.html', at: [[263, '{{c2a_link}}']] },
  { rule: 'url-fully-dynamic', platform: 'journey-optimizer', file: 'sendgrid/dynamic-templates-special-sale-special_sale.html', at: [[176, '{{this.c2a_link}}'], [443, '{{this.c2a_link}}'], [504, '{{this.c2a_link}}']] },
  { rule: 'url-fully-dynamic', platform: 'journey-optimizer', file: 'sendgrid/dynamic-templates-transactional-actions-call_to_action.html', at: [[166, '{{{c2a_link}}}']] },
  { rule: 'url-fully-dynamic', platform: 'journey-optimizer', file: 'postmark/basic-full-comment-notification.html', at: [[490, '{{attachment_url}}'], [499, '{{action_url}}'], [499, '{{notifications_url}}']] },
  { rule: 'url-fully-dynamic', platform: 'journey-optimizer', file: 'postmark/plain-password-reset.html', at: [[480, '{{action_url}}'], [487, '{{support_url}}']] },
  // Foundation for Emails placeholders: href="#" on Inky buttons and plain links.
  { rule: 'url-malformed', file: 'foundation-emails/sidebar.html', at: [[60, '#'], [66, '#'], [67, '#'], [68, '#'], [69, '#'], [70, '#'], [74, '#'], [75, '#'], [76, '#']] },
  { rule: 'url-malformed', file: 'foundation-emails/drip.html', at: [[52, '#'], [61, '#']] },
  { rule: 'url-malformed', file: 'foundation-emails/password.html', at: [[42, '#'], [46, '#']] },
  // Plain http links that the platform would track.
  { rule: 'url-insecure-http', file: 'leemunroe/email.html', at: [[344, 'http://htmlemail.io/blog']] },
  { rule: 'url-insecure-http', file: 'postmark/basic-full-receipt.html', at: [[496, 'http://example.com']] },
  // The placeholder host of the design templates, left on the footer and social links.
  { rule: 'url-nonproduction-host', file: 'postmark/plain-welcome.html', at: [[456, 'https://example.com']] },
  { rule: 'url-nonproduction-host', file: 'postmark/basic-full-example.html', at: [[469, 'https://example.com'], [520, 'http://example.com']] },
  // Images exported with their folder: relative sources, broken in every mail client.
  { rule: 'url-relative', file: 'sendgrid/paste-templates-welcome.html', at: [[128, './img/paste-logo-light@2x.png'], [153, './img/welcome-hero.jpg']] },
  { rule: 'url-relative', file: 'sendgrid/merriweather-templates-digest.html', at: [[128, './img/paste-logo-light@2x.png']] },
  // "Or copy this link": the text is the tracked link's own personalized URL.
  { rule: 'link-text-repeats-url', file: 'postmark/basic-full-example.html', at: [[620, '{{action_url}}']] },
  { rule: 'link-text-repeats-url', file: 'postmark/plain-example.html', at: [[607, '{{action_url}}']] },
];

/** SendGrid's unsubscribe substitution tags: built-in opt-out links. */
const OPT_OUT_EXPECTATIONS: { file: string; line: number }[] = [
  { file: 'sendgrid/dynamic-templates-newsletter-news_feed.html', line: 384 },
  { file: 'sendgrid/dynamic-templates-different-languages-different_languages.html', line: 320 },
  { file: 'sendgrid/dynamic-templates-special-sale-special_sale.html', line: 626 },
  { file: 'sendgrid/dynamic-templates-receipt-receipt.html', line: 379 },
  { file: 'sendgrid/dynamic-templates-transactional-actions-call_to_action.html', line: 286 },
];

/** A value made only of personalization (`{{x}}`, `{{{x}}}`, `<%x%>`, `[Tag]`), whitespace aside. */
const WHOLLY_PERSONALIZATION = /^\s*(?:(?:\{\{\{[^]*?\}\}\}|\{\{[^]*?\}\}|<%[^]*?%>|\[[A-Za-z_]+\])\s*)+$/;

const root = corpusRoot();
if (!root) {
  console.log(`corpus not found at ${corpusLocation()}: corpus tests not run (set LINKTRACE_CORPUS to run them; the project's own fixtures in test/rules still cover every rule)`);
} else {
  describe(`real templates (corpus at ${root})`, () => {
    const files = corpusFiles();

    it('holds templates from every source folder', () => {
      for (const folder of ['postmark', 'sendgrid', 'leemunroe', 'foundation-emails']) {
        assert.ok(files.some((file) => file.name.startsWith(`${folder}/`)), `${folder}/*.html in the corpus`);
      }
    });

    describe('every file parses, lints and finds every link at its exact range', () => {
      for (const file of files) {
        it(file.name, () => {
          const { template, findings } = resultOf(file.name);
          assert.deepEqual(templateProblems(file.text, template), [], 'parse invariants');
          assert.deepEqual(findingProblems(file.text, findings), [], 'finding invariants');

          // An independent scanner must see exactly the same URL attributes.
          const reference = referenceLinks(file.text);
          const htmlLinks = template.links.filter((link) => link.kind !== 'text-url');
          assert.equal(htmlLinks.length, reference.length, `link count: model ${htmlLinks.length}, reference scanner ${reference.length}`);
          assert.deepEqual(
            htmlLinks.map((link) => ({ tag: link.tag, attribute: link.attribute, start: link.valueSpan.start, end: link.valueSpan.end, conditional: link.inConditionalComment })),
            reference,
          );
          const isImage = (tag: string, attribute: string) => tag === 'img' || (tag.startsWith('mj-') && attribute !== 'href');
          for (const link of htmlLinks) assert.equal(link.kind, isImage(link.tag, link.attribute) ? 'image' : 'link', `${link.id} kind`);
        });
      }
    });

    describe('each file draws exactly its reviewed findings (error and warning)', () => {
      for (const file of files.filter((f) => PINNED_CORPUS_FINDINGS[f.name])) {
        it(file.name, () => {
          const counts = new Map<string, number>();
          for (const finding of resultOf(file.name).findings.filter((f) => f.severity !== 'info')) {
            const key = `${finding.ruleId} ${finding.severity}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
          const actual = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => `${key} x${n}`);
          assert.deepEqual(actual, PINNED_CORPUS_FINDINGS[file.name]);
        });
      }
    });

    it('no error from the rules that only hold where links are registered from the source, on platforms that track after rendering', () => {
      const sourceOnly = [...RULES_BY_ID.values()].filter((rule) => rule.scope?.tracking?.every((model) => model === 'source')).map((rule) => rule.id);
      assert.ok(sourceOnly.includes('url-fully-dynamic') && sourceOnly.includes('url-dynamic-host') && sourceOnly.includes('url-script-generated'));
      for (const file of files) {
        const { template, findings } = resultOf(file.name);
        if (template.platform.tracking === 'source') continue;
        const wrong = findings.filter((f) => sourceOnly.includes(f.ruleId));
        assert.deepEqual(wrong.map(describeFinding), [], `${file.name} (${template.platform.name})`);
      }
    });

    it('finds links in all the markup the corpus uses (<a>, <img>, Inky <button>)', () => {
      const tags = new Set(files.flatMap((file) => resultOf(file.name).template.links.map((link) => link.tag)));
      for (const tag of ['a', 'img', 'button']) assert.ok(tags.has(tag), `some <${tag}> link found; got ${[...tags].join(', ')}`);
    });

    describe('reports the genuine problems in the templates', () => {
      for (const expectation of RULE_EXPECTATIONS) {
        it(`${expectation.rule}: ${expectation.file} lines ${[...new Set(expectation.at.map(([line]) => line))].join(', ')}`, () => {
          assert.ok(RULES_BY_ID.has(expectation.rule), `rule ${expectation.rule} is registered`);
          const { findings } = resultOf(expectation.file, expectation.platform);
          for (const [line, raw] of expectation.at) {
            for (const link of linksAt(expectation.file, line, raw, expectation.platform)) {
              const about = findingsAbout(findings, link);
              assert.ok(
                about.some((finding) => finding.ruleId === expectation.rule),
                `${expectation.rule} on ${JSON.stringify(raw)} at ${expectation.file}:${line}; findings there: [${about.map(describeFinding).join(', ')}]`,
              );
            }
          }
        });
      }

      it('the empty href="" of the SendGrid design-editor button is reported', () => {
        for (const name of ['sendgrid/use-cases-sendgrid-design-editor-merriweather-password-reset.html', 'sendgrid/use-cases-sendgrid-design-editor-paste-password-reset.html']) {
          const [link] = linksAt(name, 212, '');
          const about = findingsAbout(resultOf(name).findings, link!);
          assert.ok(about.length > 0, `some rule reports the empty href at ${name}:212`);
        }
      });

      it('url-scheme-missing never fires on a link that has a scheme', () => {
        for (const file of files) {
          const { template, findings } = resultOf(file.name);
          for (const finding of findings.filter((f) => f.ruleId === 'url-scheme-missing')) {
            const link = template.links.find((l) => findingsAbout([finding], l).length > 0);
            assert.ok(link, `url-scheme-missing at ${file.name}:${finding.line} is about a link`);
            assert.doesNotMatch(link.raw, /^\s*[a-z][a-z0-9+.-]*:/i, `url-scheme-missing on ${JSON.stringify(link.raw)} at ${file.name}:${finding.line}`);
          }
        }
      });

      it('url-fully-dynamic fires only on values made wholly of personalization', () => {
        for (const file of files) {
          const { template, findings } = resultOf(file.name);
          for (const finding of findings.filter((f) => f.ruleId === 'url-fully-dynamic')) {
            const link = template.links.find((l) => findingsAbout([finding], l).length > 0);
            assert.ok(link, `url-fully-dynamic at ${file.name}:${finding.line} is about a link`);
            assert.match(link.raw, WHOLLY_PERSONALIZATION, `url-fully-dynamic on ${JSON.stringify(link.raw)} at ${file.name}:${finding.line}`);
          }
        }
      });

      it('well-formed https links draw no url-malformed, url-scheme-missing or url-fully-dynamic finding', () => {
        let checked = 0;
        for (const file of files) {
          const { template, findings } = resultOf(file.name);
          for (const link of template.links.filter((l) => /^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(?:\/[\w./-]*)?$/.test(l.raw))) {
            checked++;
            const wrong = findingsAbout(findings, link).filter((f) => ['url-malformed', 'url-scheme-missing', 'url-fully-dynamic'].includes(f.ruleId));
            assert.deepEqual(wrong.map(describeFinding), [], `${JSON.stringify(link.raw)} at ${file.name}:${link.start.line}`);
          }
        }
        assert.ok(checked > 50, `checked ${checked} https links`);
      });
    });

    describe('recognises SendGrid unsubscribe tags as built-in opt-out links', () => {
      for (const { file, line } of OPT_OUT_EXPECTATIONS) {
        it(`${file}:${line}`, () => {
          const expected: { type: TrackingType; source: TrackingSource } = { type: 'opt-out', source: 'builtin' };
          for (const raw of ['<%asm_global_unsubscribe_raw_url%>', '[Unsubscribe_Preferences]']) {
            for (const link of linksAt(file, line, raw)) {
              assert.deepEqual({ type: link.tracking.type, source: link.tracking.source }, expected, `tracking of ${raw}`);
              assert.equal(link.segments.length, 1, `${raw} is one personalization segment`);
              assert.equal(link.segments[0]!.dialect, 'sendgrid');
            }
          }
          const missing = resultOf(file).findings.filter((f) => f.ruleId === 'optout-link-missing');
          assert.deepEqual(missing.map(describeFinding), [], 'a template with an opt-out link draws no optout-link-missing');
        });
      }
    });

    it('marks the SendGrid {{#each}} call-to-action buttons as links inside a loop', () => {
      const name = 'sendgrid/dynamic-templates-special-sale-special_sale.html';
      for (const line of [176, 443, 504]) {
        for (const link of linksAt(name, line, '{{this.c2a_link}}')) assert.equal(link.inLoop, true, `line ${line} is inside {{#each user.w_deal}}`);
      }
      const footer = linksAt(name, 626, '<%asm_global_unsubscribe_raw_url%>');
      assert.equal(footer[0]!.inLoop, false, 'the footer after {{/each}} is not in a loop');
    });
  });
}
