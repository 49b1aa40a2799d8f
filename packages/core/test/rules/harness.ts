// Table-driven rule tests: each case is a template and the findings one rule must produce on it.
import assert from 'node:assert/strict';
import { applyEdits, lint, RULES_BY_ID, type Finding, type LintOptions, type PlatformId } from '@linktrace/core';

export interface RuleCase {
  name: string;
  text: string;
  options?: LintOptions;
  /** Expected findings of this rule, in order: the exact source text each one covers. */
  findings: { covers: string; message?: RegExp; severity?: Finding['severity'] }[];
  /** When set, applying every fix of this rule's findings must give this text. */
  fixed?: string;
}

/** The cases as written for `platform` (cases that name their own platform keep it). */
export function onPlatform(platform: PlatformId, cases: RuleCase[]): RuleCase[] {
  return cases.map((testCase) => ({ ...testCase, options: { platform, ...testCase.options } }));
}

/** The cases inside `<html><body>`: message-level rules only look at whole messages. */
export function asWholeMessages(cases: RuleCase[]): RuleCase[] {
  const wrap = (text: string): string => `<html><body>\n${text}\n</body></html>`;
  return cases.map((testCase) => ({ ...testCase, text: wrap(testCase.text), ...(testCase.fixed !== undefined ? { fixed: wrap(testCase.fixed) } : {}) }));
}

/** Lints each case with only `ruleId` on, and checks findings and fixes. */
export function ruleTests(ruleId: string, cases: RuleCase[]): void {
  describe(`rule ${ruleId}`, () => {
    it('is registered with a description', () => {
      const rule = RULES_BY_ID.get(ruleId);
      assert.ok(rule, `${ruleId} is in the registry`);
      assert.ok(rule.description.length > 10 && !/TODO/.test(rule.description));
    });
    for (const testCase of cases) {
      it(testCase.name, () => {
        const findings = lintOnly(ruleId, testCase.text, testCase.options);
        assert.deepEqual(
          findings.map((f) => testCase.text.slice(f.start, f.end)),
          testCase.findings.map((f) => f.covers),
          `findings of ${ruleId}: ${JSON.stringify(findings.map((f) => f.message))}`,
        );
        testCase.findings.forEach((expected, i) => {
          const finding = findings[i]!;
          if (expected.message) assert.match(finding.message, expected.message);
          if (expected.severity) assert.equal(finding.severity, expected.severity);
          const before = testCase.text.slice(0, finding.start).split('\n');
          assert.equal(finding.line, before.length, 'line is 1-based');
          assert.equal(finding.column, before[before.length - 1]!.length + 1, 'column is 1-based');
        });
        if (testCase.fixed !== undefined) {
          const edits = findings.flatMap((f) => f.fix?.edits ?? []);
          assert.ok(edits.length > 0, 'a fix is offered');
          assert.equal(applyEdits(testCase.text, edits), testCase.fixed);
        }
      });
    }
  });
}

/**
 * Lints with every rule off except `ruleId`, which is left unset (unless options set it) so that
 * it runs exactly where it would for a user: at its default severity, on the platforms it holds for.
 */
export function lintOnly(ruleId: string, text: string, options: LintOptions = {}): Finding[] {
  const rules: LintOptions['rules'] = {};
  for (const id of RULES_BY_ID.keys()) if (id !== ruleId) rules[id] = 'off';
  const own = options.rules?.[ruleId];
  if (own !== undefined) rules[ruleId] = own;
  return lint(text, { ...options, rules }).filter((f) => f.ruleId === ruleId);
}
