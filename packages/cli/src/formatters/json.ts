// ESLint's JSON format, so tools that read `eslint -f json` read this too. Severity 2 = error,
// 1 = warning; a file that could not be read is one fatal message, as ESLint does. ESLint has no
// info level and its 0 means "rule off", which readers drop or misread: info findings reach this
// formatter only when `--info` asks for them, and then go out as 1 (counted as warnings, so the
// counts agree with the messages) with their own severity kept in `linktraceSeverity`.
import { applyEdits, type Finding, type TextEdit } from '@linktrace/core';
import type { Formatter, LintFileResult } from './result';

interface EslintFix {
  range: [number, number];
  text: string;
}

export interface EslintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  /** linktrace's own severity, present when ESLint's scale cannot say it (info, sent as 1). */
  linktraceSeverity?: 'info';
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: true;
  fix?: EslintFix;
  suggestions?: { desc: string; fix: EslintFix }[];
}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  suppressedMessages: never[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The fixed text, present only when `--fix` changed the file (as in ESLint). */
  output?: string;
  usedDeprecatedRules: never[];
}

const SEVERITY = { error: 2, warning: 1, info: 1 } as const;

export function toEslintResult(result: LintFileResult): EslintResult {
  const messages: EslintMessage[] = result.findings.map((finding) => toMessage(finding, result.source ?? ''));
  if (result.problem) messages.unshift({ ruleId: null, severity: 2, fatal: true, message: result.problem, line: 1, column: 1 });
  const count = (severity: 1 | 2, fixable: boolean) => messages.filter((m) => m.severity === severity && (!fixable || m.fix)).length;
  return {
    filePath: result.filePath,
    messages,
    suppressedMessages: [],
    errorCount: count(2, false),
    fatalErrorCount: result.problem ? 1 : 0,
    warningCount: count(1, false),
    fixableErrorCount: count(2, true),
    fixableWarningCount: count(1, true),
    ...(result.fixes.length && result.source !== undefined ? { output: result.source } : {}),
    usedDeprecatedRules: [],
  };
}

export const formatJson: Formatter = (results) => `${JSON.stringify(results.map(toEslintResult))}\n`;

function toMessage(finding: Finding, source: string): EslintMessage {
  const message: EslintMessage = {
    ruleId: finding.ruleId,
    severity: SEVERITY[finding.severity],
    ...(finding.severity === 'info' ? { linktraceSeverity: 'info' as const } : {}),
    message: finding.message,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
  };
  if (finding.fix?.edits.length) {
    const fix = mergeEdits(source, finding.fix.edits);
    if (finding.fix.safe) message.fix = fix;
    else message.suggestions = [{ desc: finding.fix.description, fix }];
  }
  return message;
}

/** ESLint fixes are one range and its replacement: span the edits and apply them inside it. */
function mergeEdits(source: string, edits: readonly TextEdit[]): EslintFix {
  const start = Math.min(...edits.map((edit) => edit.start));
  const end = Math.max(...edits.map((edit) => edit.end));
  const shifted = edits.map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start }));
  return { range: [start, end], text: applyEdits(source.slice(start, end), shifted) };
}
