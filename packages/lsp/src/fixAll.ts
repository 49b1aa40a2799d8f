// Fix-all: every safe fix of a document, as one edit (core's fixAll does the passes). Offered as
// the `source.fixAll.linktrace` code action (editors run it on save) and the `linktrace.fixAll`
// command.
import { fixAll } from '@linktrace/core';
import type { TextEdit } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import { coreEdits, differingRegion } from './workspaceEdits';

export const FIX_ALL_KIND = 'source.fixAll.linktrace';

export function hasSafeFixes(analysis: Analysis): boolean {
  return analysis.findings.some((finding) => finding.fix?.safe);
}

/** The edit that applies every safe fix; empty when nothing would change. */
export function fixAllEdits(analysis: Analysis): TextEdit[] {
  const region = differingRegion(analysis.text, fixAll(analysis.text, analysis.options.lint, analysis.findings));
  return region ? coreEdits(analysis, [region]) : [];
}
