// Core benchmark: lint() and parseTemplate() against htmlparser2's own parse (the physical floor)
// and HTMLHint's default rules, side by side in one run, interleaved, with warm-up; the cost of
// each rule; re-lint after a keystroke (the VS Code extension's budget); memory on a 2 MB file;
// adversarial inputs (the worst ratio to htmlparser2 and the worst scaling).
// Run through `npm run bench` (node scripts/bench.mjs) or directly:
//   node --import tsx --expose-gc scripts/bench/core.ts
// BENCH_QUICK=1 (or LINKTRACE_BENCH_QUICK=1) cuts the iteration counts (for a smoke run); BENCH_SECTIONS=baselines,adversarial
// runs only the named sections. Always exits 0.
import v8 from 'node:v8';
import os from 'node:os';
import { Parser, Tokenizer } from 'htmlparser2';
import { HTMLHint } from 'htmlhint';
import { detectDialect, LineIndex, lint, parseTemplate, RULES, tokenizePersonalization, type LintOptions, type RuleContext, type RuleSetting } from '@linktrace/core';
import { corpusFiles, corpusLocation } from '../../packages/core/test/support/corpus';
import { FIXTURES } from '../../packages/core/test/support/fixtures';
import { createRandom } from '../../packages/core/test/support/mutate';
import { adversarialCase, repetitionsFor, reviewedInputs } from '../../packages/core/test/support/adversarial';
import { interleaved, kb, ms, table, verdict, type Case } from './stats';
import { linkDenseTemplate, linkRowsOf } from './link-dense';

const QUICK = process.env.BENCH_QUICK === '1' || process.env.LINKTRACE_BENCH_QUICK === '1';
const scale = (n: number): number => (QUICK ? Math.max(3, Math.ceil(n / 10)) : n);

const TARGETS = { lintVsParser: 1.5, lintVsHtmlhint: 1, keystrokeP95Ms: 10, memoryCopies: 4, adversarialVsParser: 3 };

// ---- inputs -------------------------------------------------------------------------------

const corpus = corpusFiles();
const units = (corpus.length > 0 ? corpus.map((file) => file.text) : FIXTURES.map((fixture) => fixture.text)).slice();
{
  // Deterministic shuffle so every size mixes sources (and personalization dialects).
  const random = createRandom(7);
  for (let i = units.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [units[i], units[j]] = [units[j]!, units[i]!];
  }
}

/** Whole templates appended until the size is reached (within +25% where the sources allow). */
function buildTemplate(target: number): string {
  const parts: string[] = [];
  let length = 0;
  let skipped = 0;
  for (let i = 0; length < target; i++) {
    const unit = units[i % units.length]!;
    if (length + unit.length > target * 1.25 && skipped < units.length) {
      skipped++;
      continue;
    }
    skipped = 0;
    parts.push(unit);
    length += unit.length + 1;
  }
  return parts.join('\n');
}

const ALL_ON: LintOptions = { rules: Object.fromEntries(RULES.map((rule) => [rule.id, rule.defaultSeverity])) };
const allOff = (): Record<string, RuleSetting> => Object.fromEntries(RULES.map((rule) => [rule.id, 'off' as RuleSetting]));
const ONLY = (id: string): LintOptions => ({ rules: { ...allOff(), [id]: RULES.find((rule) => rule.id === id)!.defaultSeverity } });
const NONE: LintOptions = { rules: allOff() };

const noop = (): void => {};
const parserHandler = {
  onopentag: noop, onopentagname: noop, onattribute: noop, ontext: noop, onclosetag: noop, oncomment: noop,
  oncommentend: noop, oncdatastart: noop, oncdataend: noop, onprocessinginstruction: noop, onend: noop, onerror: noop,
};
const tokenizerCallbacks = {
  onattribdata: noop, onattribentity: noop, onattribend: noop, onattribname: noop, oncdata: noop, onclosetag: noop,
  oncomment: noop, ondeclaration: noop, onend: noop, onopentagend: noop, onopentagname: noop, onprocessinginstruction: noop,
  onselfclosingtag: noop, ontext: noop, ontextentity: noop,
};

const htmlparser2Parse = (text: string): unknown => new Parser(parserHandler).end(text);
const htmlparser2Tokenize = (text: string): unknown => {
  const tokenizer = new Tokenizer({ decodeEntities: false }, tokenizerCallbacks);
  tokenizer.write(text);
  tokenizer.end();
  return tokenizer;
};

// ---- sections -----------------------------------------------------------------------------

interface SizeResult {
  label: string;
  chars: number;
  parser: number;
  lint: number;
  parse: number;
  htmlhint: number;
}

function compareWithBaselines(): SizeResult[] {
  console.log('\n1. lint() vs htmlparser2 and HTMLHint (ms, median / p95; all measured in the same run, interleaved)\n');
  const templates = corpus.length > 0 ? corpus.map((file) => file.text) : FIXTURES.map((fixture) => fixture.text);
  const inputs: { label: string; text: string; rounds: number; warmup: number }[] = [
    { label: 'whole templates 20 KB', text: buildTemplate(20 * 1024), rounds: scale(400), warmup: scale(40) },
    { label: 'whole templates 100 KB', text: buildTemplate(100 * 1024), rounds: scale(150), warmup: scale(15) },
    { label: 'whole templates 2 MB', text: buildTemplate(2 * 1024 * 1024), rounds: scale(20), warmup: scale(3) },
    { label: 'link-dense: link rows of the corpus 100 KB', text: linkRowsOf(templates, 100 * 1024), rounds: scale(150), warmup: scale(15) },
    { label: 'link-dense: digest rows 100 KB', text: linkDenseTemplate(100 * 1024), rounds: scale(150), warmup: scale(15) },
    { label: 'link-dense: digest rows 1 MB', text: linkDenseTemplate(1024 * 1024), rounds: scale(20), warmup: scale(3) },
  ];
  const rows: string[][] = [['template', 'links (personalized)', 'chars per link', 'htmlparser2 parse', 'lint(), all rules', 'parseTemplate()', 'HTMLHint.verify()', 'lint/htmlparser2', 'lint/HTMLHint', 'runs']];
  const results: SizeResult[] = [];
  for (const input of inputs) {
    const text = input.text;
    const template = parseTemplate(text);
    const personalized = template.links.filter((link) => link.segments.length > 0).length;
    const cases: Case[] = [
      { name: 'parser', run: () => htmlparser2Parse(text) },
      { name: 'lint', run: () => lint(text, ALL_ON) },
      { name: 'parse', run: () => parseTemplate(text) },
      { name: 'htmlhint', run: () => HTMLHint.verify(text) },
    ];
    const s = interleaved(cases, input.rounds, input.warmup);
    const [parser, lintAll, parse, htmlhint] = ['parser', 'lint', 'parse', 'htmlhint'].map((name) => s.get(name)!);
    const r1 = lintAll!.median / parser!.median;
    const r2 = lintAll!.median / htmlhint!.median;
    rows.push([
      `${input.label} (${kb(text.length)})`,
      `${template.links.length} (${personalized})`,
      String(Math.round(text.length / Math.max(template.links.length, 1))),
      `${ms(parser!.median)} / ${ms(parser!.p95)}`,
      `${ms(lintAll!.median)} / ${ms(lintAll!.p95)}`,
      `${ms(parse!.median)} / ${ms(parse!.p95)}`,
      `${ms(htmlhint!.median)} / ${ms(htmlhint!.p95)}`,
      `${r1.toFixed(2)}x ${verdict(r1 <= TARGETS.lintVsParser)}`,
      `${r2.toFixed(2)}x ${verdict(r2 < TARGETS.lintVsHtmlhint)}`,
      String(input.rounds),
    ]);
    results.push({ label: input.label, chars: text.length, parser: parser!.median, lint: lintAll!.median, parse: parse!.median, htmlhint: htmlhint!.median });
  }
  table(rows);
  console.log(`\n  targets: lint/htmlparser2 <= ${TARGETS.lintVsParser}x, lint/HTMLHint < ${TARGETS.lintVsHtmlhint}x (ratios of medians)`);
  console.log('  link-dense inputs are template bodies where every line is a link row: the corpus\'s own lines holding an <a> (real markup of');
  console.log('  every platform), and a digest of rows with tracking attributes, UTM parameters and personalization (as the lsp benchmark)');
  return results;
}

function parseBreakdown(): void {
  console.log('\n2. Where parseTemplate() spends its time (ms median / p95)\n');
  const sizes = [
    { label: '100 KB', text: buildTemplate(100 * 1024), rounds: scale(150), warmup: scale(15) },
    { label: '2 MB', text: buildTemplate(2 * 1024 * 1024), rounds: scale(15), warmup: scale(3) },
  ];
  const steps: [string, (text: string, dialect: ReturnType<typeof detectDialect>) => unknown][] = [
    ['htmlparser2 Parser, no-op handler (the floor above)', (text) => htmlparser2Parse(text)],
    ['htmlparser2 Tokenizer alone (what links.ts drives)', (text) => htmlparser2Tokenize(text)],
    ['new LineIndex(text)', (text) => new LineIndex(text)],
    ['detectDialect(text)', (text) => detectDialect(text)],
    ['tokenizePersonalization(text, dialect)', (text, dialect) => tokenizePersonalization(text, dialect)],
    ['parseTemplate(text)', (text) => parseTemplate(text)],
    ['lint(text), every rule off', (text) => lint(text, NONE)],
    ['lint(text), every rule on', (text) => lint(text, ALL_ON)],
  ];
  const columns = sizes.map((size) => {
    const dialect = detectDialect(size.text);
    return interleaved(steps.map(([name, run]) => ({ name, run: () => run(size.text, dialect) })), size.rounds, size.warmup);
  });
  table([
    ['step', ...sizes.map((size) => `${size.label} (${kb(size.text.length)})`)],
    ...steps.map(([name]) => [name, ...columns.map((column) => `${ms(column.get(name)!.median)} / ${ms(column.get(name)!.p95)}`)]),
  ]);
  sizes.forEach((size, i) => {
    const get = (name: string): number => columns[i]!.get(name)!.median;
    const accounted = get('htmlparser2 Tokenizer alone (what links.ts drives)') + get('new LineIndex(text)') + get('detectDialect(text)') + get('tokenizePersonalization(text, dialect)');
    console.log(`  ${size.label}: parseTemplate - (tokenizer + line index + dialect detection + personalization) = ${ms(get('parseTemplate(text)') - accounted)} ms (masking, pragmas, attributes, URL split, tracking, link objects)`);
  });
}

function perRule(): void {
  console.log('\n3. Cost of each rule (100 KB template): lint with only that rule on, minus lint with every rule off\n');
  const text = buildTemplate(100 * 1024);
  const cases: Case[] = [
    { name: '(every rule off)', run: () => lint(text, NONE) },
    { name: '(every rule off, control)', run: () => lint(text, NONE) },
    { name: '(every rule on)', run: () => lint(text, ALL_ON) },
    { name: 'htmlparser2', run: () => htmlparser2Parse(text) },
    ...RULES.map((rule) => ({ name: rule.id, run: () => lint(text, ONLY(rule.id)) })),
  ];
  const s = interleaved(cases, scale(80), scale(8));
  const base = s.get('(every rule off)')!.median;
  const noise = Math.abs(s.get('(every rule off, control)')!.median - base);
  const all = s.get('(every rule on)')!.median;
  const parser = s.get('htmlparser2')!.median;

  // The same rules timed directly: check() on one parsed Template, many calls, no parse noise.
  const template = parseTemplate(text);
  const direct = new Map<string, number>();
  for (const rule of RULES) {
    const context: RuleContext = { template, options: ALL_ON, report: () => {} };
    const calls = scale(60);
    const times: number[] = [];
    for (let i = -3; i < calls; i++) {
      const start = performance.now();
      try {
        rule.check(context);
      } catch {
        // lint() reports a throwing rule itself; here only time matters
      }
      if (i >= 0) times.push(performance.now() - start);
    }
    direct.set(rule.id, times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!);
  }

  const stubs = RULES.filter((rule) => /^\s*TODO\s*$/.test(rule.description)).map((rule) => rule.id);
  const costs = RULES.map((rule) => ({ id: rule.id, cost: s.get(rule.id)!.median - base, check: direct.get(rule.id)!, findings: lint(text, ONLY(rule.id)).length }))
    .sort((a, b) => b.check - a.check || b.cost - a.cost);
  console.log(`  htmlparser2 parse ${ms(parser)} ms; lint with every rule off ${ms(base)} ms (the parse); every rule on ${ms(all)} ms; all rules together ${ms(all - base)} ms`);
  console.log(`  noise: two identical "every rule off" series differ by ${ms(noise)} ms`);
  if (stubs.length) console.log(`  note: ${stubs.length} of ${RULES.length} rules are still stubs (description 'TODO'): their cost is not real yet`);
  table([
    ['rule (slowest first, by check() alone)', 'check() alone ms', 'lint(only it) - lint(none) ms', '% of htmlparser2', 'findings'],
    ...costs.slice(0, 15).map((c) => [
      c.id + (stubs.includes(c.id) ? ' (stub)' : ''), ms(c.check), ms(c.cost), `${((Math.max(c.check, 0) / parser) * 100).toFixed(1)}%`, String(c.findings),
    ]),
  ]);
  const dominant = costs.filter((c) => c.check > 0.1 * parser);
  console.log(dominant.length
    ? `\n  dominant rules (check() alone > 10% of the htmlparser2 parse): ${dominant.map((c) => `${c.id} ${ms(c.check)} ms`).join(', ')}`
    : '\n  no rule\'s check() costs more than 10% of the htmlparser2 parse');
}

function keystroke(): void {
  console.log('\n4. Re-lint on a keystroke: one lint() of a 100 KB template after a one-character edit\n');
  const text = buildTemplate(100 * 1024);
  const random = createRandom(11);
  const samples: number[] = [];
  const edits = scale(400);
  for (let i = -scale(30); i < edits; i++) {
    const at = random.int(text.length + 1);
    const edited = i % 3 === 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + random.pick(['a', ' ', '"', '<', '{', '/']) + text.slice(at);
    const start = performance.now();
    lint(edited, ALL_ON);
    const elapsed = performance.now() - start;
    if (i >= 0) samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  const p95 = samples[Math.ceil(0.95 * samples.length) - 1]!;
  const median = samples[Math.ceil(0.5 * samples.length) - 1]!;
  console.log(`  ${edits} edits of a ${kb(text.length)} template: median ${ms(median)} ms, p95 ${ms(p95)} ms, max ${ms(samples[samples.length - 1]!)} ms`);
  console.log(`  target p95 < ${TARGETS.keystrokeP95Ms} ms: ${verdict(p95 < TARGETS.keystrokeP95Ms)}`);
}

function memory(): void {
  console.log('\n5. Memory on the 2 MB template (heap growth, as multiples of the file size)\n');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log('  skipped: run with --expose-gc (npm run bench does)');
    return;
  }
  const text = buildTemplate(2 * 1024 * 1024);
  const bytes = Buffer.byteLength(text, 'utf8');
  const collect = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const kept: unknown[] = [];
  const measure = (name: string, run: () => unknown): { retained: number; peak: number } => {
    run(); // warm: compiled code and lazily built tables are not the result's memory
    const before = collect();
    const profiler = new v8.GCProfiler();
    profiler.start();
    const result = run();
    const end = process.memoryUsage().heapUsed;
    const gcs = profiler.stop().statistics;
    const peakUsed = Math.max(end, ...gcs.map((entry) => entry.beforeGC.heapStatistics.usedHeapSize));
    const after = collect();
    kept.push(result); // `result` stays reachable through the measurement above
    kept.length = 0;
    const retained = after - before;
    const peak = peakUsed - before;
    console.log(`  ${name.padEnd(34)} retained ${(retained / 1024 / 1024).toFixed(1).padStart(6)} MB = ${(retained / bytes).toFixed(2).padStart(5)}x the file;  peak during the call ${(peak / 1024 / 1024).toFixed(1).padStart(6)} MB = ${(peak / bytes).toFixed(2).padStart(5)}x`);
    return { retained, peak };
  };
  console.log(`  file: ${(bytes / 1024 / 1024).toFixed(2)} MB (${text.length} UTF-16 code units)`);
  const lintResult = measure('lint(), all rules (findings kept)', () => lint(text, ALL_ON));
  const parseResult = measure('parseTemplate() (Template kept)', () => parseTemplate(text));
  measure('htmlparser2 parse (for reference)', () => htmlparser2Parse(text));
  console.log('  (retained = heap after GC with the result alive, minus before; peak = highest heap use seen by the GCs during the');
  console.log('   call, which includes young garbage not yet collected: an upper bound on the working set)');
  const copies = (n: number): string => `${(n / bytes).toFixed(2)}x`;
  console.log(`  target: a few copies at most (<= ${TARGETS.memoryCopies}x retained): lint() ${copies(lintResult.retained)} ${verdict(lintResult.retained / bytes <= TARGETS.memoryCopies)}, parseTemplate() ${copies(parseResult.retained)} ${verdict(parseResult.retained / bytes <= TARGETS.memoryCopies)}`);
}

/** Fastest of `runs` (after one warm-up run): adversarial texts are large, medians cost too much here. */
function fastest(run: () => unknown, runs: number): number {
  run();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

interface AdversarialResult {
  name: string;
  /** The kind of hostile input (see familyOf): the target holds for each family. */
  family: string;
  chars: number;
  links: number;
  parserMs: number;
  lintMs: number;
  /** lint(text) / lint(a quarter of it): 4 when linear, 16 when quadratic; NaN when the quarter is too fast to time. */
  scaling: number;
}

/** A quarter that lints faster than this is timer noise, not a baseline for a scaling ratio. */
const SCALING_FLOOR_MS = 2;

/**
 * The family of a generated case, by what its repeated unit is made of (checked in this order):
 * link markup, comments (pragmas, conditional comments), personalization delimiters, URL
 * characters and entities, or anything else (spaces, punctuation, quotes, letters).
 */
function familyOf(shape: string): string {
  if (/<(?:a|v:|img|button|area)\b|href|src=/i.test(shape)) return 'link markup';
  if (shape.includes('<!--') || shape.includes('-->') || shape.includes(']>') || shape.includes('linktrace')) return 'comments, pragmas, conditional comments';
  if (['{{', '}}', '{%', '%}', '<%', '%>', '*|', '|*', '{', '}', '[', ']', '%'].some((delimiter) => shape.includes(delimiter))) return 'personalization delimiters';
  if (['://', 'www.', 'http', '&', 'mailto:'].some((part) => shape.includes(part))) return 'URL characters, entities';
  return 'spaces, punctuation, quotes, letters';
}

function measureAdversarial(name: string, family: string, build: (length: number) => string, options: LintOptions, length: number, runs: number): AdversarialResult {
  const text = build(length);
  const quarter = build(length / 4);
  const lintMs = fastest(() => lint(text, options), runs);
  const quarterMs = fastest(() => lint(quarter, options), runs);
  return {
    name,
    family,
    chars: text.length,
    links: parseTemplate(text, options).links.length,
    parserMs: fastest(() => htmlparser2Parse(text), runs),
    lintMs,
    scaling: quarterMs >= SCALING_FLOOR_MS ? lintMs / quarterMs : Number.NaN,
  };
}

function adversarialRows(results: readonly AdversarialResult[]): string[][] {
  return [
    ['input', 'size', 'links', 'htmlparser2 ms', 'lint ms', 'lint/htmlparser2', 'lint(x) / lint(x/4)'],
    ...results.map((r) => [r.name.length > 70 ? `${r.name.slice(0, 67)}...` : r.name, kb(r.chars), String(r.links), ms(r.parserMs), ms(r.lintMs), `${(r.lintMs / r.parserMs).toFixed(1)}x`, Number.isNaN(r.scaling) ? '-' : `${r.scaling.toFixed(1)}x`]),
  ];
}

function adversarial(): void {
  console.log('\n6. Adversarial inputs: lint() against htmlparser2\'s parse of the same text, and its scaling (4 = linear, 16 = quadratic)\n');
  const ordinary = buildTemplate(1024 * 1024);
  const ordinaryRatio = fastest(() => lint(ordinary, ALL_ON), scale(3)) / fastest(() => htmlparser2Parse(ordinary), scale(3));
  console.log(`  reference: an ordinary 1 MB template (${parseTemplate(ordinary).links.length} links) lints in ${ordinaryRatio.toFixed(1)}x its htmlparser2 parse\n`);

  const reviewedLength = QUICK ? 256 * 1024 : 1024 * 1024;
  const reviewed = reviewedInputs(reviewedLength).map((input) =>
    measureAdversarial(input.name, `review: ${input.name}`, (length) => reviewedInputs(length).find((other) => other.name === input.name)!.text, input.options, reviewedLength, scale(3)));
  console.log('  a. the inputs of the code review (issue 13)\n');
  table(adversarialRows(reviewed));

  const random = createRandom(Number.parseInt(process.env.LINKTRACE_FUZZ_SEED ?? '', 10) || 1313);
  const count = scale(300);
  const generatedLength = 200 * 1024;
  const generated: AdversarialResult[] = [];
  for (let i = 0; i < count; i++) {
    const testCase = adversarialCase(random);
    generated.push(measureAdversarial(testCase.name, familyOf(testCase.unit), (length) => testCase.build(repetitionsFor(testCase, length)), testCase.options, generatedLength, 2));
  }
  const byRatio = [...generated].sort((a, b) => b.lintMs / b.parserMs - a.lintMs / a.parserMs);
  const byScaling = generated.filter((r) => !Number.isNaN(r.scaling)).sort((a, b) => b.scaling - a.scaling);
  console.log(`\n  b. ${count} generated hostile templates of ${kb(generatedLength)} (seed ${process.env.LINKTRACE_FUZZ_SEED ?? 1313}): the 10 highest ratios\n`);
  table(adversarialRows(byRatio.slice(0, 10)));
  console.log(`\n     and the 5 worst scalings (quarters under ${SCALING_FLOOR_MS} ms left out as noise)\n`);
  table(adversarialRows(byScaling.slice(0, 5)));
  const all = [...reviewed, ...generated];
  const ratioOf = (r: AdversarialResult): number => r.lintMs / r.parserMs;
  const worst = all.reduce((a, b) => (ratioOf(b) > ratioOf(a) ? b : a));
  const worstScaling = all.filter((r) => !Number.isNaN(r.scaling)).reduce((a, b) => (b.scaling > a.scaling ? b : a));
  console.log(`\n  c. by family: each input of the review, and the generated ones by what their repeated run is made of (target: every`);
  console.log(`     input within ${TARGETS.adversarialVsParser}x htmlparser2's parse of it; the verdict is on the family's worst)\n`);
  const families = new Map<string, AdversarialResult[]>();
  for (const r of all) families.set(r.family, [...(families.get(r.family) ?? []), r]);
  const familyRows = [...families].map(([family, members]) => {
    const ratios = members.map(ratioOf).sort((a, b) => a - b);
    const worstOfFamily = ratios[ratios.length - 1]!;
    return { family, members: members.length, median: ratios[Math.floor(ratios.length / 2)]!, worst: worstOfFamily };
  }).sort((a, b) => b.worst - a.worst);
  table([
    ['family', 'inputs', 'median lint/htmlparser2', 'worst lint/htmlparser2', `worst <= ${TARGETS.adversarialVsParser}x`],
    ...familyRows.map((f) => [f.family.length > 60 ? `${f.family.slice(0, 57)}...` : f.family, String(f.members), `${f.median.toFixed(1)}x`, `${f.worst.toFixed(1)}x`, verdict(f.worst <= TARGETS.adversarialVsParser)]),
  ]);
  const passing = familyRows.filter((f) => f.worst <= TARGETS.adversarialVsParser).length;
  // Inputs with a link every 100 characters or more: there the cost per link, not per character, decides.
  const perLink = all.filter((r) => r.links * 100 >= r.chars).map((r) => (r.lintMs * 1000) / r.links).sort((a, b) => a - b);
  console.log(`\n  worst adversarial ratio: lint ${ratioOf(worst).toFixed(1)}x htmlparser2 (${worst.name}, ${worst.links} links in ${kb(worst.chars)}) ${verdict(ratioOf(worst) <= TARGETS.adversarialVsParser)}`);
  console.log(`  families within ${TARGETS.adversarialVsParser}x: ${passing} of ${familyRows.length}`);
  console.log(`  worst scaling: ${worstScaling.scaling.toFixed(1)}x the time for 4x the text (${worstScaling.name}); linear is 4x (quarters under ${SCALING_FLOOR_MS} ms not counted)`);
  if (perLink.length) console.log(`  link-dense inputs (${perLink.length}, a link every 100 characters or more): median ${perLink[Math.floor(perLink.length / 2)]!.toFixed(1)} us of lint per link, the cost of the rules on each link`);
}

function main(): void {
  console.log('== core benchmark: @linktrace/core ==');
  console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`.trim());
  console.log(corpus.length > 0
    ? `inputs: ${corpus.length} real templates from ${corpusLocation()}, concatenated to size`
    : `inputs: corpus not found at ${corpusLocation()}: using the ${FIXTURES.length} built-in fixtures (every dialect), concatenated to size`);
  console.log(`rules: ${RULES.length} (all on for "lint")${QUICK ? '; QUICK mode: reduced iterations, numbers are rough' : ''}`);
  const sections: [string, () => unknown][] = [
    ['baselines', compareWithBaselines], ['parse breakdown', parseBreakdown], ['per-rule', perRule], ['keystroke', keystroke], ['memory', memory], ['adversarial', adversarial],
  ];
  // BENCH_SECTIONS=baselines,adversarial runs only those (names as above).
  const only = (process.env.BENCH_SECTIONS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  for (const [name, run] of sections) {
    if (only.length > 0 && !only.includes(name)) continue;
    try {
      run();
    } catch (error) {
      console.log(`\n  section "${name}" failed: ${(error as Error)?.stack ?? error}`);
    }
  }
}

main();
process.exitCode = 0;
