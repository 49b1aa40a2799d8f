// Incremental re-lint: after every random edit, IncrementalLinter's findings and links must equal
// a full lint() / parseTemplate() of the new text exactly (same findings, ranges, fixes, order).
// Edits are what an author types and what breaks parsers: characters typed into URLs and into
// personalization, deletions, comments and Outlook conditional comments opened and closed,
// pragmas, quotes, newlines, pastes; on the shared corpus (read in place) or the built-in
// fixtures, and on adversarial text. Seeded: LINKTRACE_FUZZ_SEED replays a run (printed at the
// start), LINKTRACE_FUZZ_ITERATIONS sets the number of edits per source.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IncrementalLinter, lint, parseTemplate, PLATFORMS, RULES_BY_ID, type IncrementalRuleForm, type LintOptions, type Rule, type TalliedLink, type Template } from '@linktrace/core';
import { MAX_FINDINGS_PER_RULE } from '../src/lint';
// regexpp comes with scslre (a devDependency), the analyser of the linear-regex test.
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { SIGNAL_REACH } from '../src/incremental/platform-detection';
import { corpusFiles } from './support/corpus';
import { FIXTURES } from './support/fixtures';
import { createRandom, HOSTILE_TOKENS, type Random } from './support/mutate';
import { adversarialCase, repetitionsFor } from './support/adversarial';

const DEFAULT_SEED = 20261123;
const seedFromEnv = Number.parseInt(process.env.LINKTRACE_FUZZ_SEED ?? '', 10);
const SEED = Number.isFinite(seedFromEnv) ? seedFromEnv >>> 0 : DEFAULT_SEED;
const iterationsFromEnv = Number.parseInt(process.env.LINKTRACE_FUZZ_ITERATIONS ?? '', 10);
const EDITS_PER_SOURCE = Number.isFinite(iterationsFromEnv) && iterationsFromEnv > 0 ? iterationsFromEnv : 40;

/** What authors type and what opens or closes a region the scanner must not cut through. */
const TYPED: readonly string[] = [
  ...HOSTILE_TOKENS,
  '<!--[if mso]><v:roundrect href="https://example.com/vml" style="width:200px"><![endif]-->',
  '<!--[if !mso]><!-->', '<!--<![endif]-->', '<![endif]-->',
  '<!-- linktrace-disable-next-line url-insecure-http -->', '<!-- linktrace-disable -->', '<!-- linktrace-enable -->',
  '<!-- linktrace-disable url-whitespace -->', '<!-- linktrace platform=campaign -->', '<!-- linktrace clicks=off -->',
  '<!-- linktrace messageKind=transactional -->', '<!-- linktrace dialect=liquid -->',
  '<a href="http://example.com/a">Read</a>', '<a href="https://shop.example/sale" data-label="hero">Sale</a>',
  // Copies and label clashes for the whole-template rules kept in tallies (duplicate-url-label, label-collision).
  '<a href="https://shop.example/sale">Sale</a>', '<a href="https://shop.example/other" data-label="hero">Other</a>',
  '<a href="HTTPS://Shop.example/sale" data-label=" hero ">Sale</a>',
  // UTF-8 sizes html-size-clipping keeps across edits: 2, 3 and 4 bytes, and surrogate halves that pair up or not.
  'café', '€', '😀', '\ud83d', '\ude00', 'x\ud83dy',
  '<a href="https://x.io/u" data-tracking="opt-out">Unsubscribe</a>', '<img src="images/a.png">',
  '{{ profile.firstName }}', '<%= recipient.id %>', '*|UNSUB|*', '{contactfield=email}', '{% for x in y %}', '{% endfor %}',
  '{{#each items}}', '{{/each}}', '</td></tr>', '<tr><td>', '</table>', '<table>', '</style>', '</script>', '<title>', '</title>',
  '<textarea>', '</textarea>', '<plaintext>', '<mj-button href="https://x.io/b">B</mj-button>', '\n', '\n\n', ' ', '>', '</', '=',
];
/** Link texts some rules read: a "view in browser" link, a URL shown as text, an unsubscribe link. */
const LINK_TEXTS: readonly string[] = ['View this email in your browser', 'https://shop.example/sale', 'Unsubscribe', '{{url}}', 'x'];
const URL_CHARS = 'abcxyz019/?&=#.:%-_ ';
const PERSONALIZATION_CHARS = 'abc .|}{%>"\'';

function randomEdit(random: Random, text: string, paste: string): { text: string; what: string } {
  const at = random.int(text.length + 1);
  const roll = random.next();
  if (roll < 0.25) {
    // Typing inside a URL value (or anywhere, when the text has none).
    const hrefs = [...text.matchAll(/(?:href|src)\s*=\s*["']?/gi)];
    const match = hrefs.length ? random.pick(hrefs) : undefined;
    const position = match ? Math.min(text.length, match.index! + match[0].length + random.int(30)) : at;
    const typed = URL_CHARS.charAt(random.int(URL_CHARS.length));
    return { text: text.slice(0, position) + typed + text.slice(position), what: `type ${JSON.stringify(typed)} in a URL at ${position}` };
  }
  if (roll < 0.35) {
    const openers = [...text.matchAll(/\{\{|<%|\{%|\*\|/g)];
    const match = openers.length ? random.pick(openers) : undefined;
    const position = match ? Math.min(text.length, match.index! + 2 + random.int(12)) : at;
    const typed = PERSONALIZATION_CHARS.charAt(random.int(PERSONALIZATION_CHARS.length));
    return { text: text.slice(0, position) + typed + text.slice(position), what: `type ${JSON.stringify(typed)} in personalization at ${position}` };
  }
  if (roll < 0.45) {
    // Typing into a link's text, right after its start tag.
    const tags = [...text.matchAll(/<(?:a|v:roundrect|button)\b[^>]{0,400}>/gi)];
    const match = tags.length ? random.pick(tags) : undefined;
    const position = match ? match.index! + match[0].length : at;
    const typed = random.pick(LINK_TEXTS);
    const length = random.next() < 0.5 ? random.int(20) : 0;
    return { text: text.slice(0, position) + typed + text.slice(position + length), what: `type ${JSON.stringify(typed)} over ${length} in a link's text at ${position}` };
  }
  if (roll < 0.65) {
    const token = random.pick(TYPED);
    return { text: text.slice(0, at) + token + text.slice(at), what: `insert ${JSON.stringify(token)} at ${at}` };
  }
  if (roll < 0.8) {
    const length = random.next() < 0.8 ? 1 + random.int(5) : 1 + random.int(400);
    return { text: text.slice(0, at) + text.slice(at + length), what: `delete ${length} at ${at}` };
  }
  if (roll < 0.9) {
    // Replace a stretch with a stretch of another template (a paste over a selection).
    const from = random.int(paste.length + 1);
    const pasted = paste.slice(from, from + random.int(300));
    const length = random.int(200);
    return { text: text.slice(0, at) + pasted + text.slice(at + length), what: `paste ${pasted.length} over ${length} at ${at}` };
  }
  // Replace one character (same length: the offsets after it do not move, lines may).
  const replacement = random.pick(['\n', '"', "'", '<', '>', 'x', '-', '}', '%']);
  return { text: text.slice(0, at) + replacement + text.slice(at + 1), what: `replace char at ${at} with ${JSON.stringify(replacement)}` };
}

/** The template's data without its functions and lazy getters' cost, for a deep comparison. */
function parsed(template: Template) {
  return {
    dialect: template.dialect,
    platform: template.platform.id,
    platformReason: template.platformReason,
    settings: template.settings,
    // Own fields, and the positions a link reads when asked (getters, which a deep comparison skips).
    links: template.links.map((link) => ({ ...link, start: link.start, end: link.end })),
    segments: template.segments,
    unparsed: template.unparsed,
    pragmas: template.pragmas,
    wholeMessage: template.wholeMessage,
  };
}

interface Source {
  name: string;
  text: string;
  options: LintOptions;
}

/** Rules run from tallies in the incremental linter. */
const TALLIED_RULES = ['duplicate-url-label', 'label-collision'];
/** Rules whose findings come from state kept across edits: the runs must see their findings come and go. */
const KEPT_ACROSS_EDITS = [...TALLIED_RULES, 'html-size-clipping'];

interface Totals {
  fallbacks: number;
  reparsed: number;
  bytes: number;
  /** Versions with findings of each tallied rule. */
  tallied: Record<string, number>;
}

function runEdits(source: Source, random: Random, edits: number, paste: string, totals: Totals): void {
  const linter = new IncrementalLinter(source.options);
  let text = source.text;
  const history: string[] = [];
  for (let step = 0; step <= edits; step++) {
    let what = 'initial text';
    if (step > 0) {
      if (random.next() < 0.05 && history.length > 1) {
        const back = random.int(history.length);
        text = history[back]!;
        what = `undo to version ${back}`;
      } else {
        const edit = randomEdit(random, text, paste);
        text = edit.text;
        what = edit.what;
      }
    }
    history.push(text);
    const result = linter.lint(text);
    const expected = lint(text, source.options);
    for (const rule of KEPT_ACROSS_EDITS) if (expected.some((finding) => finding.ruleId === rule)) totals.tallied[rule] = (totals.tallied[rule] ?? 0) + 1;
    const context = `${source.name} (seed ${SEED}, options ${JSON.stringify(source.options)}), edit ${step}: ${what}`;
    try {
      assert.deepStrictEqual(result.findings, expected, `findings differ after ${context}`);
      assert.deepStrictEqual(parsed(result.template), parsed(parseTemplate(text, source.options)), `parse differs after ${context}`);
    } catch (error) {
      // The two versions, where a developer can replay them: IncrementalLinter of the first, then of the second.
      const base = path.join(os.tmpdir(), `linktrace-incremental-${SEED}-${source.name.replace(/[^\w.-]+/g, '_')}-${step}`);
      try {
        writeFileSync(`${base}.before.html`, history.at(-2) ?? '');
        writeFileSync(`${base}.after.html`, text);
      } catch {
        // reporting must not hide the failure
      }
      (error as Error).message += `\n  versions saved to ${base}.before.html and ${base}.after.html`;
      throw error;
    }
  }
  totals.fallbacks += Object.values(linter.stats.fallbacks).reduce((sum, n) => sum + (n ?? 0), 0);
  totals.reparsed += linter.stats.reparsedBytes;
  totals.bytes += linter.stats.documentBytes;
}

const corpus = corpusFiles();
/** Copies of URLs and labels shared by different URLs, for the tallied rules to gain and lose findings as edits come. */
const LABELLED_ROWS = Array.from({ length: 24 }, (_, i) => {
  const url = `https://shop.example/${['sale', 'new', 'Sale', 'sale '][i % 4]}`;
  const label = i % 3 === 0 ? '' : ` data-label="${['hero', 'promo', ' hero', '{{ l }}'][i % 4]}"`;
  return `<tr><td><a href="${i % 5 === 0 ? url.replace('https://shop', 'HTTPS://Shop') : url}"${label}>${i % 2 ? 'Sale' : 'Shop now'}</a></td></tr>\n`;
}).join('');
const templates: Source[] = corpus.length > 0
  ? corpus.map((file) => ({ name: file.name, text: file.text, options: {} }))
  : FIXTURES.map((fixture) => ({ name: `fixture:${fixture.name}`, text: fixture.text, options: {} }));
/** Edited after the templates (not pasted from, so that a seed replays the templates' runs as before). */
const BUILT_SOURCES: Source[] = [
  { name: 'labelled copies', text: `<html><body><table>\n${LABELLED_ROWS}</table></body></html>\n`, options: {} },
  { name: 'at the clipping size', text: clippingSizeTemplate(), options: {} },
];

/** Paragraphs with 2-, 3- and 4-byte characters (and a lone surrogate), right at Gmail's 102 KB: edits cross the limit both ways. */
function clippingSizeTemplate(): string {
  const paragraph = (i: number) => `<p>Café n°${i} à 5 € 😀 ${i % 40 === 0 ? '\ud83d' : ''}<a href="https://shop.example/p/${i}">Lire</a></p>\n`;
  const parts = ['<html><body>\n'];
  let bytes = 0;
  for (let i = 0; bytes < 102 * 1024 - 40; i++) {
    const next = paragraph(i);
    parts.push(next);
    bytes += Buffer.byteLength(next.replace(/[\ud800-\udbff](?![\udc00-\udfff])/g, 'xxx'));
  }
  parts.push('</body></html>\n');
  return parts.join('');
}

describe(`incremental re-lint equals a full lint (${corpus.length > 0 ? `${corpus.length} corpus files` : `${FIXTURES.length} built-in fixtures, corpus absent`})`, () => {
  before(() => {
    console.log(`    incremental seed ${SEED}, ${EDITS_PER_SOURCE} edits per source (replay: LINKTRACE_FUZZ_SEED=${SEED} LINKTRACE_FUZZ_ITERATIONS=${EDITS_PER_SOURCE})`);
  });

  it('after every random edit of real templates', function () {
    this.timeout(600_000);
    const random = createRandom(SEED);
    const totals: Totals = { fallbacks: 0, reparsed: 0, bytes: 0, tallied: {} };
    for (const source of [...templates, ...BUILT_SOURCES]) {
      const options: LintOptions = random.next() < 0.15 ? { dialect: random.pick(['campaign', 'handlebars', 'liquid'] as const) } : random.next() < 0.1 ? { rules: { 'url-insecure-http': 'error', 'link-count': 'off' }, allowedHosts: ['*.example.com'] } : {};
      runEdits({ ...source, options }, random, EDITS_PER_SOURCE, random.pick(templates).text, totals);
    }
    console.log(`    re-parsed ${((100 * totals.reparsed) / Math.max(1, totals.bytes)).toFixed(1)}% of the bytes a full parse per edit would read; ${totals.fallbacks} fallbacks; versions with findings of ${JSON.stringify(totals.tallied)}`);
    for (const rule of KEPT_ACROSS_EDITS) assert.ok((totals.tallied[rule] ?? 0) > 0, `no version had a ${rule} finding: the tallies went untested`);
  });

  it('after every random edit of adversarial text', function () {
    this.timeout(600_000);
    const random = createRandom(SEED ^ 0x5eed);
    const totals: Totals = { fallbacks: 0, reparsed: 0, bytes: 0, tallied: {} };
    for (let i = 0; i < 40; i++) {
      const testCase = adversarialCase(random);
      const text = testCase.build(repetitionsFor(testCase, 200 + random.int(3000)));
      runEdits({ name: `adversarial ${testCase.name}`, text, options: testCase.options }, random, Math.ceil(EDITS_PER_SOURCE / 2), random.pick(templates).text, totals);
    }
  });
});

describe('incremental platform detection reads a bounded stretch around the edit', () => {
  /** The longest match of a regex, Infinity when unbounded (regexpp's AST). */
  function longestMatch(pattern: RegExp): number {
    const ast = new RegExpParser().parsePattern(pattern.source, 0, pattern.source.length, pattern.flags.includes('u'));
    const longest = (node: AST.Node): number => {
      switch (node.type) {
        case 'Pattern':
        case 'Group':
        case 'CapturingGroup':
          return Math.max(...node.alternatives.map(longest));
        case 'Alternative':
          return node.elements.reduce((sum: number, element: AST.Node) => sum + longest(element), 0);
        case 'Quantifier':
          return node.max === Infinity ? Infinity : node.max * longest(node.element);
        case 'Assertion':
          return 0;
        case 'Backreference':
          return Infinity;
        default:
          return 1; // a character, class or set
      }
    };
    return longest(ast);
  }

  it('every platform signal pattern matches at most SIGNAL_REACH - 1 characters (one more for \\b)', () => {
    const signals = PLATFORMS.flatMap((platform) => platform.signals);
    assert.ok(signals.length > 10);
    for (const signal of signals) {
      if (signal.pattern) assert.ok(longestMatch(signal.pattern) < SIGNAL_REACH, `${signal.pattern} may match more than ${SIGNAL_REACH - 1} characters`);
      else assert.ok(signal.literal.length < SIGNAL_REACH, signal.literal);
    }
  });

  it('no literal signal overlaps itself (counted from any starting point, its occurrences are the same)', () => {
    for (const { signals } of PLATFORMS) {
      for (const { literal } of signals) {
        if (!literal) continue;
        for (let shift = 1; shift < literal.length; shift++) assert.ok(!literal.startsWith(literal.slice(shift)), `${literal} overlaps itself`);
      }
    }
  });

  it('the longest-match measure itself counts quantifiers and alternatives', () => {
    assert.equal(longestMatch(/\{\{-?\s{0,4}(?:ab|c)\b/), 2 + 1 + 4 + 2);
    assert.equal(longestMatch(/a\s*b/), Infinity);
  });
});

describe('incremental re-lint does work in proportion to the edit', () => {
  const rows = Array.from({ length: 300 }, (_, i) => `<tr><td><a href="https://acmeshop.io/articles/${i}?utm_source=news&amp;x={{ issue.number }}" data-label="a${i}">Article ${i}</a></td></tr>\n`).join('');
  const text = `<!doctype html><html><body><table>\n${rows}</table><p><a href="https://acmeshop.io/unsubscribe" data-tracking="opt-out">Unsubscribe</a></p></body></html>\n`;

  it('a character typed into one URL re-parses one row and re-checks one link', () => {
    const linter = new IncrementalLinter();
    linter.lint(text);
    assert.equal(linter.work.reparsedBytes, text.length);
    const at = text.indexOf('/articles/150') + '/articles/'.length;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const result = linter.lint(edited);
    assert.deepStrictEqual(result.findings, lint(edited));
    assert.ok(result.work.reparsedBytes < 400, `re-parsed ${result.work.reparsedBytes} of ${edited.length} bytes`);
    assert.equal(result.work.linksChecked, 1);
    assert.equal(result.work.linksReused, 300);
    assert.equal(result.work.fallback, undefined);
  });

  it('an opened comment re-parses to where the scan is back in step, and still equals a full lint', () => {
    const linter = new IncrementalLinter();
    linter.lint(text);
    const at = text.indexOf('<tr>', text.length / 2);
    const opened = text.slice(0, at) + '<!--' + text.slice(at);
    const result = linter.lint(opened);
    assert.deepStrictEqual(result.findings, lint(opened));
    // Everything after the unclosed comment is comment text: the scan runs to the end.
    assert.ok(result.work.reparsedBytes >= opened.length - at);
    const closedAt = opened.indexOf('</tr>', at + 2000) + '</tr>'.length;
    const closed = opened.slice(0, closedAt) + '-->' + opened.slice(closedAt);
    const again = linter.lint(closed);
    assert.deepStrictEqual(again.findings, lint(closed));
    assert.ok(again.work.reparsedBytes < closed.length / 2, `re-parsed ${again.work.reparsedBytes} of ${closed.length} bytes`);
  });

  it('a close tag cut off by the end of the file adds no link text, however much was re-parsed', () => {
    const ending = `${text}<p><a href="https://acmeshop.io/more">More</p>\n</x y`;
    assert.equal(parseTemplate(ending).links.at(-1)!.text, 'More');
    const linter = new IncrementalLinter();
    linter.lint(ending);
    const at = ending.indexOf('/articles/299');
    const edited = ending.slice(0, at) + 'x' + ending.slice(at);
    const result = linter.lint(edited);
    assert.ok(result.work.reparsedBytes < edited.length / 2);
    assert.deepStrictEqual(result.template.links.map((link) => link.text), parseTemplate(edited).links.map((link) => link.text));
    assert.deepStrictEqual(result.findings, lint(edited));
  });

  it('past the findings cap of a rule, lints the whole file as lint() does', () => {
    const many = Array.from({ length: MAX_FINDINGS_PER_RULE + 50 }, (_, i) => `<p><a href="http://acmeshop.io/${i}">${i}</a></p>\n`).join('');
    const capped = `<html><body>\n${many}</body></html>\n`;
    const linter = new IncrementalLinter();
    assert.deepStrictEqual(linter.lint(capped).findings, lint(capped));
    const at = capped.indexOf('acmeshop.io/500');
    const edited = capped.slice(0, at) + 'x' + capped.slice(at);
    const result = linter.lint(edited);
    assert.deepStrictEqual(result.findings, lint(edited));
    assert.equal(result.work.fallback, 'findings-cap');
  });

  it('a parse limit before or after the edit: lints the whole scan, since where a limit lands depends on all of it', () => {
    const nested = (depth: number): string => `${'<!--[if mso]><v:rect href="https://acmeshop.io/v">'.repeat(depth)}x${'</v:rect><![endif]-->'.repeat(depth)}`;
    const before = `<html><body>\n${rows}${nested(4)}\n<p><a href="https://acmeshop.io/end">End</a></p></body></html>\n`;
    const linter = new IncrementalLinter();
    assert.deepStrictEqual(linter.lint(before).findings, lint(before));
    // One more level inside the deepest conditional comment: past the limit now.
    const at = before.indexOf('x</v:rect>');
    const deeper = before.slice(0, at) + '<!--[if mso]>' + before.slice(at);
    const result = linter.lint(deeper);
    assert.ok(lint(deeper).some((finding) => finding.ruleId === 'parse-limit'), 'the edit reaches the limit');
    assert.deepStrictEqual(result.findings, lint(deeper));
    assert.equal(result.work.fallback, 'parse-limit');
    // Typing elsewhere while the limit stays reached: still whole, still equal.
    const typed = deeper.replace('/articles/10?', '/articles/10x?');
    const again = linter.lint(typed);
    assert.deepStrictEqual(again.findings, lint(typed));
    assert.equal(again.work.fallback, 'parse-limit');
  });

  it('counts a fallback when the template-wide context changes', () => {
    const linter = new IncrementalLinter();
    linter.lint(text);
    const withPragma = `<!-- linktrace platform=campaign -->\n${text}`;
    const result = linter.lint(withPragma);
    assert.deepStrictEqual(result.findings, lint(withPragma));
    assert.equal(result.work.fallback, 'template-context-changed');
    assert.equal(linter.stats.fallbacks['template-context-changed'], 1);
  });
});

describe('whole-template rules with an incremental form do work in proportion to the edit', () => {
  /**
   * Counts what a rule's incremental form does: `collect` calls, and every read of a tallied
   * link's fields (in add, remove and report). The report's template has no `links` or
   * `segments`: a report that walked every link would throw.
   */
  function countingForm(rule: Rule, counts: { collected: number; reads: number }): IncrementalRuleForm {
    const form = rule.incremental!;
    return {
      collect(link) {
        counts.collected++;
        return form.collect(link);
      },
      tally() {
        const inner = form.tally();
        const counted = new WeakMap<TalliedLink, TalliedLink>();
        const countedOf = (tallied: TalliedLink): TalliedLink => {
          let proxy = counted.get(tallied);
          if (!proxy) {
            proxy = new Proxy(tallied, {
              get(target, key) {
                counts.reads++;
                return Reflect.get(target, key, target);
              },
            });
            counted.set(tallied, proxy);
          }
          return proxy;
        };
        return {
          add: (tallied) => inner.add(countedOf(tallied)),
          remove: (tallied) => inner.remove(countedOf(tallied)),
          report(context) {
            const template = new Proxy(context.template, {
              get(target, key) {
                if (key === 'links' || key === 'segments') throw new Error(`the report of ${rule.id} read template.${key}`);
                return Reflect.get(target, key, target);
              },
            });
            inner.report({ ...context, template });
          },
        };
      },
    };
  }

  const TALLIED = TALLIED_RULES.map((id) => RULES_BY_ID.get(id)!);
  let originals: (IncrementalRuleForm | undefined)[] = [];
  const counts = { collected: 0, reads: 0 };
  beforeEach(() => {
    originals = TALLIED.map((rule) => rule.incremental);
    for (const rule of TALLIED) rule.incremental = countingForm(rule, counts);
  });
  afterEach(() => {
    TALLIED.forEach((rule, i) => (rule.incremental = originals[i]));
  });

  /** Rows of labelled links, with `copies` rows repeating the first URL (duplicates) and two sharing a label with another URL. */
  function labelledTemplate(rows: number): string {
    const body = Array.from({ length: rows }, (_, i) => {
      const url = i % 50 === 7 ? 'https://acmeshop.io/articles/0' : `https://acmeshop.io/articles/${i}`;
      const label = i === 3 || i === 4 ? 'shared' : `a${i}`;
      return `<tr><td><a href="${url}" data-label="${i % 50 === 7 ? 'a0' : label}">Article ${i}</a></td></tr>\n`;
    }).join('');
    return `<!doctype html><html><body><table>\n${body}</table></body></html>\n`;
  }

  /** The counts of one keystroke into the URL of row 10 of `text`, after the first version was linted. */
  function keystrokeCounts(text: string): { collected: number; reads: number; duplicates: number } {
    const linter = new IncrementalLinter();
    linter.lint(text);
    counts.collected = 0;
    counts.reads = 0;
    const at = text.indexOf('/articles/10"') + '/articles/'.length;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const result = linter.lint(edited);
    assert.deepStrictEqual(result.findings, lint(edited));
    assert.equal(result.work.fallback, undefined);
    return { ...counts, duplicates: result.findings.filter((finding) => TALLIED_RULES.includes(finding.ruleId)).length };
  }

  it('a keystroke collects the facts of the changed link only, and reads per finding, not per link', () => {
    // 200 links hold 4 copies of the first URL under its label; 800 links hold 16: the rules have
    // findings on both, so the reports do run.
    const small = keystrokeCounts(labelledTemplate(200));
    const large = keystrokeCounts(labelledTemplate(200 * 4));
    assert.ok(small.duplicates > 0 && large.duplicates > small.duplicates);
    // One link changed: its fact is collected for each tallied rule, the old one removed.
    assert.equal(small.collected, TALLIED.length);
    assert.equal(large.collected, TALLIED.length);
    // Reads grow with the findings (the copies reported, sorted in document order), not with the
    // links: per finding about the same at 4x the links, and far fewer than one per link.
    const perFinding = (counted: { reads: number; duplicates: number }) => counted.reads / counted.duplicates;
    assert.ok(perFinding(large) <= 1.5 * perFinding(small), `reads ${small.reads} for ${small.duplicates} findings -> ${large.reads} for ${large.duplicates}`);
    assert.ok(large.reads < 800 / 2, `${large.reads} reads for 800 links`);
  });

  it('without copies or shared labels, a keystroke reads the same few links in a template of any size', () => {
    const clean = (rows: number) => `<html><body>\n${Array.from({ length: rows }, (_, i) => `<p><a href="https://acmeshop.io/articles/${i}" data-label="a${i}">A ${i}</a></p>\n`).join('')}</body></html>\n`;
    const reads = [300, 1200].map((rows) => {
      const { collected, reads: read } = keystrokeCounts(clean(rows));
      return { collected, reads: read };
    });
    assert.deepStrictEqual(reads[0], reads[1]);
    assert.equal(reads[0]!.collected, TALLIED.length);
  });
});

describe('whole-text rules with an incremental form measure the text once, then only what edits replace', () => {
  const rule = RULES_BY_ID.get('html-size-clipping')!;
  const original = rule.incrementalText!;
  afterEach(() => {
    rule.incrementalText = original;
  });

  it('html-size-clipping: one whole measure, then an edit measure per keystroke, equal to a whole one', () => {
    const calls = { measured: 0, edited: 0, stretch: 0 };
    rule.incrementalText = {
      measure(text) {
        calls.measured++;
        return original.measure(text);
      },
      edited(measure, previous, text, prefix, suffix) {
        calls.edited++;
        // What an edit measure reads: the replaced stretch of each text, widened by one unit each side.
        calls.stretch += previous.length - suffix - prefix + text.length - suffix - prefix + 4;
        const edited = original.edited(measure, previous, text, prefix, suffix);
        assert.equal(edited, original.measure(text), 'the edit measure differs from a whole one');
        return edited;
      },
      report: original.report,
    };
    // Under the findings cap of the per-link rules (fewer than 1,000 links), past 102 KB with the words around them.
    const paragraphs = Array.from({ length: 800 }, (_, i) => `<p>Café à 5 € 😀 ${'des mots '.repeat(8)}<a href="https://shop.example/p/${i}">Lire</a></p>\n`);
    const text = `<html><body>\n${paragraphs.join('')}</body></html>\n`;
    const linter = new IncrementalLinter();
    linter.lint(text);
    let current = text;
    for (const [at, inserted] of [[500, '€'], [90_000, '😀'], [40_000, 'x'], [70_001, '\ud83d']] as const) {
      current = current.slice(0, at) + inserted + current.slice(at);
      assert.deepStrictEqual(linter.lint(current).findings, lint(current));
    }
    assert.equal(calls.measured, 1);
    assert.equal(calls.edited, 4);
    assert.ok(calls.stretch < 40, `edit measures read ${calls.stretch} units`);
    assert.ok(lint(current).some((finding) => finding.ruleId === 'html-size-clipping'));
  });
});
