// linktrace.setLabel [uri, linkId, label]: writes (or, with null or '', removes) a link's label and
// keeps its tracking type, as one workspace/applyEdit. LSP has no text input, so the label is an
// argument: an editor asks for it (VS Code's input box) before running the command.
import { setTracking } from '@linktrace/core';
import type { ExecuteCommandParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { isTypeable } from './linkDisplay';
import type { CommandResult } from './trackingCommand';
import { coreEdits, workspaceEdit } from './workspaceEdits';

export const SET_LABEL_COMMAND = 'linktrace.setLabel';

export async function setLabel(context: ServerContext, params: ExecuteCommandParams): Promise<CommandResult> {
  const [uri, linkId, label] = params.arguments ?? [];
  if (typeof label !== 'string' && label !== null) return { applied: false, reason: 'the label (a string, or null to remove it) is missing' };
  if (typeof label === 'string' && /[\r\n]/.test(label)) return { applied: false, reason: 'a label is one line' };
  const document = typeof uri === 'string' ? context.documents.get(uri) : undefined;
  const analysis = document && (await context.analyses.current(document));
  if (!analysis) return { applied: false, reason: 'the document is not an open email template' };
  const link = analysis.template.links.find((candidate) => candidate.id === linkId);
  if (!link || !isTypeable(link)) return { applied: false, reason: `no link ${String(linkId)} that can carry a label` };
  const edits = setTracking(analysis.template.text, link, { label }, { style: analysis.options.attributeStyle });
  if (edits.length === 0) return { applied: true }; // already as asked
  const result = await context.connection.workspace.applyEdit({ label: label ? `Set link label: ${label}` : 'Remove link label', edit: workspaceEdit(context, analysis, coreEdits(analysis, edits)) });
  return result.applied ? { applied: true } : { applied: false, reason: result.failureReason ?? 'the client did not apply the edit' };
}
