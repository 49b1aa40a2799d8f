// The lint runner: parse once, run every enabled rule over the same Template, place findings
// (1-based line/column), apply severities and pragmas. Never throws, whatever the text.
import { parseTemplate } from './links';
import { isSuppressed } from './pragmas';
import { RULES } from './rules/index';
import { ruleApplies } from './rule-scope';
import type { Finding, LintOptions, RuleContext, Severity, Template, TextEdit } from './types';

export function lint(text: string, options: LintOptions = {}): Finding[] {
  const input = typeof text === 'string' ? text : String(text ?? '');
  return lintTemplate(parseTemplate(input, options), options);
}

/** Lints an already parsed template, so an editor can share one parse between lint, CodeLens and hovers. */
export function lintTemplate(template: Template, options: LintOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const configured = options.rules?.[rule.id];
    const setting = configured ?? rule.defaultSeverity;
    if (setting === 'off' || !ruleApplies(rule.scope, template, configured !== undefined)) continue;
    const severity: Severity = setting;
    const context: RuleContext = {
      template,
      options,
      report({ span, message, linkId, fix, severity: own }) {
        const start = template.positionAt(span.start);
        if (isSuppressed(template.pragmas, rule.id, span.start, start.line)) return;
        const end = template.positionAt(span.end);
        findings.push({
          ruleId: rule.id,
          severity: options.rules?.[rule.id] ? severity : own ?? severity,
          message,
          start: span.start,
          end: span.end,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          ...(linkId ? { linkId } : {}),
          ...(fix ? { fix } : {}),
        });
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      // A rule bug must not take the others down: report it where the author will see it.
      findings.push({
        ruleId: rule.id, severity: 'error', message: `internal error in rule ${rule.id}: ${(error as Error)?.message ?? error}`,
        start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1,
      });
    }
  }
  return findings.sort(byPlace);
}

/** Rule ids are ASCII (`[a-z0-9-]`), where code-unit order is the collation order: no locale needed. */
function byPlace(a: Finding, b: Finding): number {
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

/** The edits of every safe fix that overlaps no earlier one: one pass of `--fix` / fix-all. */
export function fixableEdits(findings: readonly Finding[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  const taken: { start: number; end: number }[] = [];
  for (const finding of findings) {
    if (!finding.fix?.safe) continue;
    const edits = finding.fix.edits;
    const overlaps = edits.some((edit) => taken.some((span) => edit.start < span.end && span.start < edit.end || (edit.start === span.start && edit.end === span.end)));
    if (overlaps) continue;
    chosen.push(...edits);
    taken.push(...edits.map((edit) => ({ start: edit.start, end: edit.end })));
  }
  return chosen;
}
