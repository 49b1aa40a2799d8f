// Where each lint rule is documented: docs/rules/<id>.md of the Linktrace repository.
import * as vscode from 'vscode';

export const RULE_DOCS_BASE_URL = 'https://github.com/linktrace/linktrace/blob/main/docs/rules/';

export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`${RULE_DOCS_BASE_URL}${encodeURIComponent(ruleId)}.md`);
}
