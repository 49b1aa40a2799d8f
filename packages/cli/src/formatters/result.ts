// What `linktrace lint` hands to a formatter: one entry per file, linted or not.
import type { Finding, Severity } from '@linktrace/core';

export interface AppliedFix {
  ruleId: string;
  description: string;
  line: number;
  column: number;
}

export interface LintFileResult {
  /** Absolute path. */
  filePath: string;
  /** Findings after any fixes, in source order. */
  findings: Finding[];
  /** The text that was linted (after fixes); absent when the file could not be read. */
  source?: string;
  /** Fixes written by `--fix`, in the order applied. */
  fixes: AppliedFix[];
  /** Why the file could not be linted (unreadable, binary, not UTF-8, write failed). */
  problem?: string;
}

export interface FormatContext {
  cwd: string;
  /** Rules reported besides the linter's own (link checks), for formats that describe each rule. */
  extraRules?: readonly { id: string; defaultSeverity: Severity; description: string }[];
}

export type Formatter = (results: readonly LintFileResult[], context: FormatContext) => string;
