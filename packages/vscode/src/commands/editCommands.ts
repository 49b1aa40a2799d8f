// Commands that edit a whole template through the language server: fix-all (its linktrace.fixAll,
// one undoable edit) and "disable a rule for this line" (the server's own quick fix for the
// finding on that line).
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { toUri } from './linkCommands';

async function fixAll(ctx: Ctx, uriArgument?: unknown): Promise<boolean> {
  const uri = toUri(uriArgument);
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Linktrace: open an email template first.');
    return false;
  }
  const result = await ctx.server.executeCommand('linktrace.fixAll', [document.uri.toString()]);
  if (!result.applied) {
    const noFixes = result.reason === 'no safe fixes to apply';
    void vscode.window.showInformationMessage(noFixes ? 'Linktrace: no safe fixes to apply.' : 'Linktrace: open an email template first.');
  }
  return result.applied;
}

async function disableRuleForLine(_ctx: Ctx, uriArgument?: unknown, line?: unknown, ruleId?: unknown): Promise<boolean> {
  const uri = toUri(uriArgument);
  if (!uri || typeof line !== 'number' || typeof ruleId !== 'string') return false;
  const document = await vscode.workspace.openTextDocument(uri);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, document.lineAt(line).range, vscode.CodeActionKind.QuickFix.value);
  const disable = actions.find((action) => action.title === `Disable ${ruleId} for this line`);
  return disable?.edit ? vscode.workspace.applyEdit(disable.edit) : false;
}

export function registerEditCommands(ctx: Ctx): void {
  ctx.push(vscode.commands.registerCommand('linktrace.fixAll', (uri?: unknown) => fixAll(ctx, uri)));
  ctx.push(vscode.commands.registerCommand('linktrace.disableRuleForLine', (uri?: unknown, line?: unknown, ruleId?: unknown) => disableRuleForLine(ctx, uri, line, ruleId)));
}
