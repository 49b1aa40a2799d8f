// "Disable RULE for this line": inserts `<!-- linktrace-disable-next-line RULE -->` above the
// line (core's pragma), or adds RULE to such a comment already there.
import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const PRAGMA_LINE = /^(\s*)<!--\s*linktrace-disable-next-line\b([^]*?)-->\s*$/;

function lineText(snapshot: TextDocument, line: number): string {
  return snapshot.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** The edits; empty when the rule is already disabled for the line. */
export function disableForLineEdits(snapshot: TextDocument, line: number, ruleId: string): TextEdit[] {
  if (line > 0) {
    const previous = lineText(snapshot, line - 1);
    const existing = PRAGMA_LINE.exec(previous);
    if (existing) {
      const rules = existing[2]!.split(/[\s,]+/).filter(Boolean);
      if (rules.includes(ruleId)) return [];
      const range = { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: previous.length } };
      return [{ range, newText: `${existing[1]}<!-- linktrace-disable-next-line ${[...rules, ruleId].join(' ')} -->` }];
    }
  }
  const indentation = /^\s*/.exec(lineText(snapshot, line))![0];
  const eol = snapshot.getText().includes('\r\n') ? '\r\n' : '\n';
  return [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indentation}<!-- linktrace-disable-next-line ${ruleId} -->${eol}` }];
}
