// Code actions on findings and links: the finding's own fix, "disable <rule> for this line",
// fix-all (`source.fixAll.linktrace`, for editor.codeActionsOnSave too) and "set tracking type".
import * as vscode from 'vscode';
import { applyEdits, fixableEdits, lint, type Finding } from '@linktrace/core';
import type { Ctx } from './ctx';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { Analysis } from './documents';
import { isTypeable, linkAtOffset, toRange } from './templateLinks';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('linktrace');
/** Fix-all repeats passes while fixes overlap (each pass takes only non-overlapping ones). */
const MAX_FIX_PASSES = 10;

/** The text after every safe fix, and whether anything changed. */
export function fixAllText(analysis: Analysis): string | undefined {
  let text = analysis.text;
  let findings: readonly Finding[] = analysis.findings;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const edits = fixableEdits(findings);
    if (edits.length === 0) break;
    const next = applyEdits(text, edits);
    if (next === text) break;
    text = next;
    findings = lint(text, analysis.options.lint);
  }
  return text === analysis.text ? undefined : text;
}

/** One replacement of the region that differs, so the cursor and folding elsewhere stay put. */
export function fixAllEdit(analysis: Analysis): vscode.WorkspaceEdit | undefined {
  const fixed = fixAllText(analysis);
  if (fixed === undefined) return undefined;
  const original = analysis.text;
  let start = 0;
  while (start < original.length && start < fixed.length && original[start] === fixed[start]) start++;
  let originalEnd = original.length;
  let fixedEnd = fixed.length;
  while (originalEnd > start && fixedEnd > start && original[originalEnd - 1] === fixed[fixedEnd - 1]) {
    originalEnd--;
    fixedEnd--;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(analysis.document.uri, toRange(analysis.document, { start, end: originalEnd }), fixed.slice(start, fixedEnd));
  return edit;
}

const PRAGMA_LINE = /^(\s*)<!--\s*linktrace-disable-next-line\b([^]*?)-->\s*$/;

/** Inserts `<!-- linktrace-disable-next-line RULE -->` above the line, or adds RULE to one already there. */
export function disableForLineEdit(document: vscode.TextDocument, line: number, ruleId: string): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const previous = line > 0 ? document.lineAt(line - 1) : undefined;
  const existing = previous && PRAGMA_LINE.exec(previous.text);
  if (previous && existing) {
    const rules = existing[2]!.split(/[\s,]+/).filter(Boolean);
    if (!rules.includes(ruleId)) {
      edit.replace(document.uri, previous.range, `${existing[1]}<!-- linktrace-disable-next-line ${[...rules, ruleId].join(' ')} -->`);
    }
    return edit;
  }
  const indentation = /^\s*/.exec(document.lineAt(line).text)![0];
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  edit.insert(document.uri, new vscode.Position(line, 0), `${indentation}<!-- linktrace-disable-next-line ${ruleId} -->${eol}`);
  return edit;
}

function matchingDiagnostic(context: vscode.CodeActionContext, finding: Finding, range: vscode.Range): vscode.Diagnostic | undefined {
  return context.diagnostics.find((diagnostic) => {
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    return diagnostic.source === DIAGNOSTIC_SOURCE && code === finding.ruleId && diagnostic.range.isEqual(range);
  });
}

class FixAllAction extends vscode.CodeAction {
  constructor(readonly analysis: Analysis) {
    super('Fix all safe Linktrace problems', FIX_ALL_KIND);
  }
}

export class LinktraceCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND, vscode.CodeActionKind.RefactorRewrite],
  };

  constructor(private readonly ctx: Ctx) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const analysis = await this.ctx.documents.analyze(document);
    if (!analysis || analysis.version !== document.version) return [];
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];

    if (wants(vscode.CodeActionKind.QuickFix)) actions.push(...this.quickFixes(analysis, range, context));

    if (wants(FIX_ALL_KIND) && analysis.findings.some((finding) => finding.fix?.safe)) {
      if (context.only) {
        // Asked for explicitly (on save, "Fix All"): the edit is needed now.
        const edit = fixAllEdit(analysis);
        if (edit) actions.push(Object.assign(new FixAllAction(analysis), { edit }));
      } else {
        // Offered in the lightbulb on every cursor move: computed only if chosen (resolveCodeAction).
        actions.push(new FixAllAction(analysis));
      }
    }

    if (wants(vscode.CodeActionKind.RefactorRewrite)) {
      const link = linkAtOffset(analysis, document.offsetAt(range.start));
      if (link && isTypeable(link)) {
        const action = new vscode.CodeAction('Set tracking type and label…', vscode.CodeActionKind.RefactorRewrite);
        action.command = { command: 'linktrace.setTrackingType', title: 'Set tracking type…', arguments: [document.uri, link.id] };
        actions.push(action);
      }
    }
    return actions;
  }

  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    if (action instanceof FixAllAction && !action.edit && action.analysis.document.version === action.analysis.version) {
      action.edit = fixAllEdit(action.analysis);
    }
    return action;
  }

  private quickFixes(analysis: Analysis, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const { document } = analysis;
    const fixes: vscode.CodeAction[] = [];
    const disables: vscode.CodeAction[] = [];
    const disabledRules = new Set<string>();
    for (const finding of analysis.findings) {
      const findingRange = toRange(document, finding);
      if (!findingRange.intersection(range)) continue;
      const diagnostic = matchingDiagnostic(context, finding, findingRange);
      if (finding.fix && finding.fix.edits.length > 0) {
        const action = new vscode.CodeAction(finding.fix.description, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of finding.fix.edits) action.edit.replace(document.uri, toRange(document, edit), edit.newText);
        if (diagnostic) action.diagnostics = [diagnostic];
        action.isPreferred = finding.fix.safe;
        fixes.push(action);
      }
      const key = `${finding.ruleId}@${findingRange.start.line}`;
      if (analysis.format === 'html' && !disabledRules.has(key)) {
        disabledRules.add(key);
        const action = new vscode.CodeAction(`Disable ${finding.ruleId} for this line`, vscode.CodeActionKind.QuickFix);
        action.edit = disableForLineEdit(document, findingRange.start.line, finding.ruleId);
        if (diagnostic) action.diagnostics = [diagnostic];
        disables.push(action);
      }
    }
    // Real fixes first: the lightbulb lists them above the suppressions.
    return [...fixes, ...disables];
  }
}

export function registerCodeActions(ctx: Ctx): void {
  ctx.push(vscode.languages.registerCodeActionsProvider(ctx.selector, new LinktraceCodeActions(ctx), LinktraceCodeActions.metadata));

  ctx.push(vscode.commands.registerCommand('linktrace.fixAll', async (uriArgument?: unknown) => {
    const document = uriArgument instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uriArgument) : vscode.window.activeTextEditor?.document;
    const analysis = document && (await ctx.documents.analyze(document));
    if (!analysis) {
      void vscode.window.showInformationMessage('Linktrace: open an email template first.');
      return false;
    }
    const edit = fixAllEdit(analysis);
    if (!edit) {
      void vscode.window.showInformationMessage('Linktrace: no safe fixes to apply.');
      return false;
    }
    return vscode.workspace.applyEdit(edit);
  }));

  ctx.push(vscode.commands.registerCommand('linktrace.disableRuleForLine', async (uriArgument?: unknown, line?: unknown, ruleId?: unknown) => {
    if (!(uriArgument instanceof vscode.Uri) || typeof line !== 'number' || typeof ruleId !== 'string') return false;
    const document = await vscode.workspace.openTextDocument(uriArgument);
    return vscode.workspace.applyEdit(disableForLineEdit(document, line, ruleId));
  }));
}
