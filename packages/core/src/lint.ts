// The lint runner: parse once, run every enabled rule over the same Template, place findings
// (1-based line/column), apply severities and pragmas. Never throws, whatever the text.
import { internalErrorFinding } from './internal-error';
import { parseTemplate } from './links';
import { isSuppressed } from './pragmas';
import { RULES } from './rules/index';
import { startLintRun } from './rules/helpers-memo';
import { countWork } from './work-meter';
import { ruleApplies } from './rule-scope';
import type { Finding, LintOptions, Position, Rule, RuleContext, Severity, Template, TextEdit } from './types';

export function lint(text: string, options: LintOptions = {}): Finding[] {
  const input = typeof text === 'string' ? text : String(text ?? '');
  let template: Template;
  try {
    template = parseTemplate(input, options);
  } catch (error) {
    return [internalErrorFinding(error, 'the template parser')];
  }
  return lintTemplate(template, options);
}

/**
 * Findings listed per rule and file. Past it a rule's findings are counted, not built: one more
 * finding at the first left-out place says how many there are. A template that trips one rule a
 * hundred thousand times (generated or hostile) is not helped by as many identical diagnostics,
 * and building them (positions, sort, the editor's list) would cost far more than the parse.
 * `--fix` and fix-all lint again after each pass, so the next ones get fixed in later passes.
 */
export const MAX_FINDINGS_PER_RULE = 1000;

/** Lints an already parsed template, so an editor can share one parse between lint, CodeLens and hovers. */
export function lintTemplate(template: Template, options: LintOptions = {}): Finding[] {
  startLintRun();
  return runRules(template, options, enabledRules(template, options)).sort(byPlace);
}

/** The rules that run on `template`: not turned off, and holding for its platform and kind of message. */
export function enabledRules(template: Template, options: LintOptions): Rule[] {
  return RULES.filter((rule) => {
    const configured = options.rules?.[rule.id];
    return (configured ?? rule.defaultSeverity) !== 'off' && ruleApplies(rule.scope, template, configured !== undefined);
  });
}

/**
 * Runs `rules` (from `enabledRules`) over `template`, findings unsorted, within the lint run the
 * caller started (`startLintRun`). `suppress` false keeps the findings pragmas silence:
 * incremental/ re-uses findings across edits that move the pragmas.
 */
export function runRules(template: Template, options: LintOptions, rules: readonly Rule[], suppress = true): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const configured = options.rules?.[rule.id];
    const severity = (configured ?? rule.defaultSeverity) as Severity;
    let listed = 0;
    let leftOut = 0;
    let firstLeftOut: Finding | undefined;
    const context: RuleContext = {
      template,
      options,
      report({ span, message, linkId, fix, severity: own }) {
        work += 1;
        const start = template.positionAt(span.start);
        if (suppress && isSuppressed(template.pragmas, rule.id, span.start, start.line)) return;
        const findingSeverity = configured ? severity : own ?? severity;
        if (listed === MAX_FINDINGS_PER_RULE) {
          if (leftOut++ === 0) firstLeftOut = placed(template, rule.id, findingSeverity, '', span, start);
          return;
        }
        listed++;
        const finding = placed(template, rule.id, findingSeverity, message, span, start);
        if (linkId) finding.linkId = linkId;
        if (fix) finding.fix = fix;
        findings.push(finding);
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      // A rule bug must not take the others down: report it where the author will see it.
      findings.push(internalErrorFinding(error, `rule ${rule.id}`));
    }
    if (firstLeftOut) {
      firstLeftOut.message = `${leftOut} more ${rule.id} finding${leftOut === 1 ? '' : 's'} from here on ${leftOut === 1 ? 'is' : 'are'} not listed: only the first ${MAX_FINDINGS_PER_RULE} of a rule are, per file. Fix those (or switch the rule off) to see the rest.`;
      findings.push(firstLeftOut);
    }
  }
  flushWork();
  return findings;
}

/** A finding at `span` whose start position is known already. */
function placed(template: Template, ruleId: string, severity: Severity, message: string, span: { start: number; end: number }, start: Position): Finding {
  const end = template.positionAt(span.end);
  return { ruleId, severity, message, start: span.start, end: span.end, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Rule ids are ASCII (`[a-z0-9-]`), where code-unit order is the collation order: no locale needed. */
export function byPlace(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Applies non-overlapping edits (in any order) to text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) continue; // overlaps an earlier edit: left for the next pass
    parts.push(text.slice(at, edit.start), edit.newText);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Fix-all repeats passes while fixes overlapped (each pass takes only non-overlapping ones). */
const MAX_FIX_PASSES = 10;

/**
 * The text after every safe fix: pass after pass, each linting the text the previous one left,
 * until nothing changes. `findings` are the text's own findings when the caller has them already.
 */
export function fixAll(text: string, options: LintOptions = {}, findings: readonly Finding[] = lint(text, options)): string {
  let current = text;
  let remaining = findings;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const edits = fixableEdits(remaining);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    current = next;
    remaining = lint(current, options);
  }
  return current;
}

/** The edits of every safe fix that overlaps no earlier one: one pass of `--fix` / fix-all. */
export function fixableEdits(findings: readonly Finding[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  const taken = new TakenSpans();
  for (const finding of findings) {
    if (!finding.fix?.safe) continue;
    const edits = finding.fix.edits;
    if (edits.some((edit) => taken.overlaps(edit))) continue;
    chosen.push(...edits);
    for (const edit of edits) taken.add(edit);
  }
  return chosen;
}

/**
 * Spans already edited, sorted by start then end, so that checking a new edit looks at its
 * neighbours only, not at every earlier fix. Spans of different fixes never overlap, so their ends
 * grow with their starts, and walking back from the edit's end can stop at the first span that
 * ends before the edit starts.
 */
class TakenSpans {
  private readonly spans: { start: number; end: number }[] = [];

  overlaps(edit: { start: number; end: number }): boolean {
    const spans = this.spans;
    for (let i = this.firstAfter(edit.end, Infinity) - 1; i >= 0; i--) {
      const span = spans[i]!;
      if ((edit.start < span.end && span.start < edit.end) || (edit.start === span.start && edit.end === span.end)) return true;
      if (span.end < edit.start) return false;
    }
    return false;
  }

  add(edit: { start: number; end: number }): void {
    // Fixes come in document order, so this is nearly always an append.
    this.spans.splice(this.firstAfter(edit.start, edit.end), 0, { start: edit.start, end: edit.end });
  }

  /** Index of the first span after (`start`, `end`) in (start, end) order. */
  private firstAfter(start: number, end: number): number {
    let low = 0;
    let high = this.spans.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const span = this.spans[middle]!;
      if (span.start < start || (span.start === start && span.end <= end)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * Work of the call under way (see work-meter.ts), added up here and handed over once per call:
 * many small scans each too small to report alone, and a call per scan would cost more than it.
 */
let work = 0;

function flushWork(): void {
  countWork(work);
  work = 0;
}
