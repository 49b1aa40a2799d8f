// Linear-time checks by counting work, not by timing: the same input always costs the same count,
// whatever else the machine is doing. Two counts are added:
//  - the parse: characters and items core's scanners read (src/work-meter.ts, counted where each
//    scan advances: personalization, pragmas, platform detection, tokenizer passes, attributes,
//    link text, text URLs, each link's value);
//  - the rules: every property read on a link or segment while lintTemplate runs, through
//    counting proxies, so a rule that walks all links for each link (or all segments for each
//    segment) reads quadratically many, whatever it does with them.
import { lintTemplate, parseTemplate, type Finding, type LintOptions, type Template } from '@linktrace/core';
import { workCounted } from '../../src/work-meter';

export interface Work {
  parse: number;
  rules: number;
  total: number;
  findings: Finding[];
}

/** A parsed template whose links and segments count every property read on them. */
export function countingTemplate(template: Template): { template: Template; reads(): number } {
  let reads = 0;
  const counting = <T extends object>(target: T): T => new Proxy(target, {
    get(object, key) {
      reads++;
      return Reflect.get(object, key, object);
    },
  });
  const links = template.links.map(counting);
  const segments = template.segments.map(counting);
  const counted = new Proxy(template, {
    get(object, key) {
      if (key === 'links') return links;
      if (key === 'segments') return segments;
      return Reflect.get(object, key, object);
    },
  });
  return { template: counted, reads: () => reads };
}

/** The work of `lint(text, options)`, with its findings (the same as lint's). */
export function lintWork(text: string, options: LintOptions = {}): Work {
  const before = workCounted();
  const parsed = parseTemplate(text, options);
  const afterParse = workCounted();
  const counted = countingTemplate(parsed);
  const findings = lintTemplate(counted.template, options);
  const parse = afterParse - before;
  const rules = counted.reads() + (workCounted() - afterParse);
  return { parse, rules, total: parse + rules, findings };
}

/**
 * Four times the text may cost at most this many times the work. Linear scans give 4 (a little
 * less where a fixed prefix or tail is counted once); a quadratic one gives 16, a pass per
 * nesting level or an n log n sort of the findings stays well below 4.6.
 */
export const LINEAR_WORK_BOUND = 4.6;

/** Undefined when 4x the text costs at most LINEAR_WORK_BOUND times the work; else what went wrong. */
export function superLinearWork(name: string, build: (length: number) => string, options: LintOptions, length: number): string | undefined {
  const small = lintWork(build(length), options);
  const large = lintWork(build(4 * length), options);
  const ratio = large.total / Math.max(small.total, 1);
  if (ratio <= LINEAR_WORK_BOUND) return undefined;
  const part = (key: 'parse' | 'rules'): string => `${key} ${small[key]} -> ${large[key]} (${(large[key] / Math.max(small[key], 1)).toFixed(1)}x)`;
  return `${name} (${JSON.stringify(options)}): ${ratio.toFixed(2)}x the work for 4x the text; ${part('parse')}, ${part('rules')}`;
}
