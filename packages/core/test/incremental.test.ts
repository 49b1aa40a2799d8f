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
import { IncrementalLinter, lint, parseTemplate, PLATFORMS, type LintOptions, type Template } from '@linktrace/core';
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

function runEdits(source: Source, random: Random, edits: number, paste: string, totals: { fallbacks: number; reparsed: number; bytes: number }): void {
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
const templates: Source[] = corpus.length > 0
  ? corpus.map((file) => ({ name: file.name, text: file.text, options: {} }))
  : FIXTURES.map((fixture) => ({ name: `fixture:${fixture.name}`, text: fixture.text, options: {} }));

describe(`incremental re-lint equals a full lint (${corpus.length > 0 ? `${corpus.length} corpus files` : `${FIXTURES.length} built-in fixtures, corpus absent`})`, () => {
  before(() => {
    console.log(`    incremental seed ${SEED}, ${EDITS_PER_SOURCE} edits per source (replay: LINKTRACE_FUZZ_SEED=${SEED} LINKTRACE_FUZZ_ITERATIONS=${EDITS_PER_SOURCE})`);
  });

  it('after every random edit of real templates', function () {
    this.timeout(600_000);
    const random = createRandom(SEED);
    const totals = { fallbacks: 0, reparsed: 0, bytes: 0 };
    for (const source of templates) {
      const options: LintOptions = random.next() < 0.15 ? { dialect: random.pick(['campaign', 'handlebars', 'liquid'] as const) } : random.next() < 0.1 ? { rules: { 'url-insecure-http': 'error', 'link-count': 'off' }, allowedHosts: ['*.example.com'] } : {};
      runEdits({ ...source, options }, random, EDITS_PER_SOURCE, random.pick(templates).text, totals);
    }
    console.log(`    re-parsed ${((100 * totals.reparsed) / Math.max(1, totals.bytes)).toFixed(1)}% of the bytes a full parse per edit would read; ${totals.fallbacks} fallbacks`);
  });

  it('after every random edit of adversarial text', function () {
    this.timeout(600_000);
    const random = createRandom(SEED ^ 0x5eed);
    const totals = { fallbacks: 0, reparsed: 0, bytes: 0 };
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
