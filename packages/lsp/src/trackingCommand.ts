// Commands run through workspace/executeCommand. Each computes its edit with core and has the
// client apply it with workspace/applyEdit (one undo step); the command's result says whether it
// was applied.
//   linktrace.setTrackingType [uri, linkId, type?, label?]  type missing: asked with window/showMessageRequest
//   linktrace.setLabel [uri, linkId, label]                  label null or '' removes it (labelCommand.ts)
//   linktrace.fixAll [uri]                                   every safe fix (as source.fixAll.linktrace)
import { setTracking, TRACKING_TYPES, type TrackingType } from '@linktrace/core';
import type { ExecuteCommandParams, MessageActionItem, ServerCapabilities } from 'vscode-languageserver';
import { guarded, type ServerContext } from './context';
import { fixAllEdits } from './fixAll';
import { SET_LABEL_COMMAND, setLabel } from './labelCommand';
import { displayUrl, isTypeable, TRACKING_TYPE_TITLES } from './linkDisplay';
import { coreEdits, workspaceEdit } from './workspaceEdits';

export const SET_TRACKING_TYPE_COMMAND = 'linktrace.setTrackingType';
export const FIX_ALL_COMMAND = 'linktrace.fixAll';

export interface CommandResult {
  applied: boolean;
  /** Why nothing was applied, for clients and users. */
  reason?: string;
}

export function commandCapabilities(): Partial<ServerCapabilities> {
  return { executeCommandProvider: { commands: [SET_TRACKING_TYPE_COMMAND, SET_LABEL_COMMAND, FIX_ALL_COMMAND] } };
}

function isTrackingType(value: unknown): value is TrackingType {
  return typeof value === 'string' && (TRACKING_TYPES as readonly string[]).includes(value);
}

export function registerCommands(context: ServerContext): void {
  context.connection.onExecuteCommand((params) =>
    guarded(context, `command ${params.command}`, { applied: false, reason: 'internal error (see the server log)' } as CommandResult, () => {
      switch (params.command) {
        case SET_TRACKING_TYPE_COMMAND:
          return setTrackingType(context, params);
        case SET_LABEL_COMMAND:
          return setLabel(context, params);
        case FIX_ALL_COMMAND:
          return fixAllCommand(context, params);
        default:
          return { applied: false, reason: `unknown command ${params.command}` };
      }
    }),
  );
}

async function analysisOf(context: ServerContext, uri: unknown) {
  const document = typeof uri === 'string' ? context.documents.get(uri) : undefined;
  return document && context.analyses.current(document);
}

async function setTrackingType(context: ServerContext, params: ExecuteCommandParams): Promise<CommandResult> {
  const [uri, linkId, typeArgument, label] = params.arguments ?? [];
  const analysis = await analysisOf(context, uri);
  if (!analysis) return { applied: false, reason: 'the document is not an open email template' };
  const link = analysis.template.links.find((candidate) => candidate.id === linkId);
  if (!link || !isTypeable(link)) return { applied: false, reason: `no link ${String(linkId)} that can carry a tracking type` };
  const type = isTrackingType(typeArgument) ? typeArgument : await askType(context, displayUrl(link), link.tracking.type);
  if (!type) return { applied: false, reason: 'no tracking type chosen' };
  const change: { type: TrackingType; label?: string | null } = { type };
  if (typeof label === 'string' || label === null) change.label = label;
  const edits = setTracking(analysis.template.text, link, change, { style: analysis.options.attributeStyle });
  if (edits.length === 0) return { applied: true }; // already as asked
  const result = await context.connection.workspace.applyEdit({ label: `Set tracking type: ${TRACKING_TYPE_TITLES[type]}`, edit: workspaceEdit(context, analysis, coreEdits(analysis, edits)) });
  return result.applied ? { applied: true } : { applied: false, reason: result.failureReason ?? 'the client did not apply the edit' };
}

/** LSP has no quick pick: window/showMessageRequest with one button per type is the portable choice. */
async function askType(context: ServerContext, url: string, current: TrackingType): Promise<TrackingType | undefined> {
  const actions: MessageActionItem[] = TRACKING_TYPES.map((type) => ({ title: `${TRACKING_TYPE_TITLES[type]}${type === current ? ' (current)' : ''}` }));
  const chosen = await context.connection.window.showInformationMessage(`Linktrace: tracking type of ${url}`, ...actions);
  const index = chosen ? actions.findIndex((action) => action.title === chosen.title) : -1;
  return index >= 0 ? TRACKING_TYPES[index] : undefined;
}

async function fixAllCommand(context: ServerContext, params: ExecuteCommandParams): Promise<CommandResult> {
  const analysis = await analysisOf(context, params.arguments?.[0]);
  if (!analysis) return { applied: false, reason: 'the document is not an open email template' };
  const edits = fixAllEdits(analysis);
  if (edits.length === 0) return { applied: false, reason: 'no safe fixes to apply' };
  const result = await context.connection.workspace.applyEdit({ label: 'Fix all safe Linktrace problems', edit: workspaceEdit(context, analysis, edits) });
  return result.applied ? { applied: true } : { applied: false, reason: result.failureReason ?? 'the client did not apply the edit' };
}
