// Where each lint rule is documented: docs/rules/<id>.md of the Linktrace repository.
import * as vscode from 'vscode';

export const RULE_DOCS_BASE_URL = 'https://github.com/linktrace/linktrace/blob/main/docs/rules/';

/** One Uri per rule: a template with hundreds of findings re-lints on every keystroke. */
const cache = new Map<string, vscode.Uri>();

export function ruleDocsUri(ruleId: string): vscode.Uri {
  let uri = cache.get(ruleId);
  if (!uri) {
    uri = vscode.Uri.parse(`${RULE_DOCS_BASE_URL}${encodeURIComponent(ruleId)}.md`);
    cache.set(ruleId, uri);
  }
  return uri;
}
