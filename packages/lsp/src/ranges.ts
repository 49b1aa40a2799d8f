// Core speaks UTF-16 offsets into the text; LSP speaks line/character positions (UTF-16 by
// default, the only encoding this server offers). Conversions go through the analysis's snapshot.
import type { Span, TextEdit as CoreEdit } from '@linktrace/core';
import type { Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export function toRange(snapshot: TextDocument, span: Span): Range {
  return { start: snapshot.positionAt(span.start), end: snapshot.positionAt(span.end) };
}

export function toTextEdit(snapshot: TextDocument, edit: CoreEdit): TextEdit {
  return { range: toRange(snapshot, edit), newText: edit.newText };
}

/** Whether two ranges share a position (touching counts: a cursor at a finding's end is on it). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
