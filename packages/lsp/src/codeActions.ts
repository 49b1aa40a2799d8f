// Code actions: each finding's own fix (preferred when safe), "disable RULE for this line",
// fix-all (`source.fixAll.linktrace`, resolved lazily when only offered in a lightbulb) and
// "set tracking type" on a link (running the linktrace.setTrackingType command).
import { TRACKING_TYPES, type Finding } from '@linktrace/core';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type ServerCapabilities } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import { guarded, type ServerContext } from './context';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { disableForLineEdits } from './disableForLine';
import { FIX_ALL_KIND, fixAllEdits, hasSafeFixes } from './fixAll';
import { isTypeable, linkAtOffset, TRACKING_TYPE_TITLES } from './linkDisplay';
import { rangesTouch, toRange } from './ranges';
import { SET_TRACKING_TYPE_COMMAND } from './trackingCommand';
import { coreEdits, workspaceEdit } from './workspaceEdits';

/** Carried by a fix-all action offered without its edit, to compute it on codeAction/resolve. */
interface FixAllData {
  uri: string;
  version: number;
}

export function codeActionCapabilities(): Partial<ServerCapabilities> {
  return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite], resolveProvider: true } };
}

/** Whether a requested `only` list asks for `kind` (a kind includes its sub-kinds: `source` covers `source.fixAll.linktrace`). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export function registerCodeActions(context: ServerContext): void {
  const { connection, documents } = context;

  connection.onCodeAction((params) =>
    guarded(context, 'code actions', [] as CodeAction[], async () => {
      const document = documents.get(params.textDocument.uri);
      const analysis = document && (await context.analyses.current(document));
      if (!analysis || analysis.version !== document.version) return [];
      const only = params.context.only;
      const actions: CodeAction[] = [];
      if (wanted(only, CodeActionKind.QuickFix)) actions.push(...quickFixes(context, analysis, params));
      if (wanted(only, FIX_ALL_KIND) && hasSafeFixes(analysis)) actions.push(fixAllAction(context, analysis, only !== undefined));
      if (wanted(only, CodeActionKind.RefactorRewrite)) actions.push(...trackingTypeActions(analysis, params));
      return actions;
    }),
  );

  connection.onCodeActionResolve((action) =>
    guarded(context, 'resolving a code action', action, async () => {
      const data = action.data as FixAllData | undefined;
      if (action.kind !== FIX_ALL_KIND || action.edit || !data) return action;
      const document = documents.get(data.uri);
      const analysis = document && (await context.analyses.current(document));
      // Resolved for the version it was offered on, or not at all (the client then asks again).
      if (!analysis || analysis.version !== data.version) return action;
      return { ...action, edit: workspaceEdit(context, analysis, fixAllEdits(analysis)) };
    }),
  );
}

function fixAllAction(context: ServerContext, analysis: Analysis, askedFor: boolean): CodeAction {
  const action: CodeAction = { title: 'Fix all safe Linktrace problems', kind: FIX_ALL_KIND };
  const canResolveEdit = context.client.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') ?? false;
  // Asked for explicitly (on save, "fix all") or no lazy resolve: the edit is needed now. Offered
  // in a lightbulb on every cursor move: computed only if chosen.
  if (askedFor || !canResolveEdit) action.edit = workspaceEdit(context, analysis, fixAllEdits(analysis));
  else action.data = { uri: analysis.uri, version: analysis.version } satisfies FixAllData;
  return action;
}

function quickFixes(context: ServerContext, analysis: Analysis, params: CodeActionParams): CodeAction[] {
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const disabled = new Set<string>();
  for (const finding of analysis.findings) {
    const range = toRange(analysis.snapshot, finding);
    if (!rangesTouch(range, params.range)) continue;
    const diagnostic = matchingDiagnostic(params.context.diagnostics, finding, range);
    if (finding.fix && finding.fix.edits.length > 0) {
      fixes.push({
        title: finding.fix.description,
        kind: CodeActionKind.QuickFix,
        edit: workspaceEdit(context, analysis, coreEdits(analysis, finding.fix.edits)),
        isPreferred: finding.fix.safe,
        ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
      });
    }
    // Pragmas are HTML comments: a plain-text part has nowhere to put one.
    const key = `${finding.ruleId}@${range.start.line}`;
    if (analysis.format === 'html' && !disabled.has(key)) {
      disabled.add(key);
      const edits = disableForLineEdits(analysis.snapshot, range.start.line, finding.ruleId);
      if (edits.length === 0) continue;
      disables.push({
        title: `Disable ${finding.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        edit: workspaceEdit(context, analysis, edits),
        ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
      });
    }
  }
  // Real fixes first: clients list them above the suppressions.
  return [...fixes, ...disables];
}

function matchingDiagnostic(diagnostics: readonly Diagnostic[], finding: Finding, range: ReturnType<typeof toRange>): Diagnostic | undefined {
  return diagnostics.find((diagnostic) =>
    diagnostic.source === DIAGNOSTIC_SOURCE
    && diagnostic.code === finding.ruleId
    && diagnostic.range.start.line === range.start.line
    && diagnostic.range.start.character === range.start.character
    && diagnostic.range.end.line === range.end.line
    && diagnostic.range.end.character === range.end.character);
}

/** One action per other tracking type: LSP has no picker, so the choice is the action itself. */
function trackingTypeActions(analysis: Analysis, params: CodeActionParams): CodeAction[] {
  const link = linkAtOffset(analysis.template.links, analysis.snapshot.offsetAt(params.range.start));
  if (!link || !isTypeable(link)) return [];
  return TRACKING_TYPES.filter((type) => type !== link.tracking.type).map((type) => ({
    title: `Set tracking type: ${TRACKING_TYPE_TITLES[type]}`,
    kind: CodeActionKind.RefactorRewrite,
    command: { title: `Set tracking type: ${TRACKING_TYPE_TITLES[type]}`, command: SET_TRACKING_TYPE_COMMAND, arguments: [analysis.uri, link.id, type] },
  }));
}
