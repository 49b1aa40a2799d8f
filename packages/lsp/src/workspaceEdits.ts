// Edits of one analysed document as a WorkspaceEdit: versioned (TextDocumentEdit) when the client
// supports documentChanges, so an edit computed for an older version is refused instead of
// misapplied; plain `changes` otherwise.
import type { TextEdit as CoreEdit } from '@linktrace/core';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import type { ServerContext } from './context';
import { toTextEdit } from './ranges';

export function workspaceEdit(context: ServerContext, analysis: Analysis, edits: readonly TextEdit[]): WorkspaceEdit {
  if (context.client.workspace?.workspaceEdit?.documentChanges) {
    return { documentChanges: [{ textDocument: { uri: analysis.uri, version: analysis.version }, edits: [...edits] }] };
  }
  return { changes: { [analysis.uri]: [...edits] } };
}

export function coreEdits(analysis: Analysis, edits: readonly CoreEdit[]): TextEdit[] {
  return edits.map((edit) => toTextEdit(analysis.snapshot, edit));
}

/** One replacement of the region where two texts differ, so the cursor and folds elsewhere stay put. */
export function differingRegion(original: string, changed: string): CoreEdit | undefined {
  if (original === changed) return undefined;
  let start = 0;
  while (start < original.length && start < changed.length && original[start] === changed[start]) start++;
  let originalEnd = original.length;
  let changedEnd = changed.length;
  while (originalEnd > start && changedEnd > start && original[originalEnd - 1] === changed[changedEnd - 1]) {
    originalEnd--;
    changedEnd--;
  }
  return { start, end: originalEnd, newText: changed.slice(start, changedEnd) };
}
