// Changing a link's tracking type or label: core's setTracking edits, applied as one WorkspaceEdit
// so the change is a single undo step.
import * as vscode from 'vscode';
import { setTracking, type TrackingType } from '@linktrace/core';
import type { Analysis } from './documents';
import { linkById } from './templateLinks';

export interface TrackingChange {
  type?: TrackingType;
  /** A new label; null or '' removes it; undefined leaves it as it is. */
  label?: string | null;
}

/** The edit for the change, or undefined when the link is gone or nothing would change. */
export function trackingEdit(analysis: Analysis, linkId: string, change: TrackingChange): vscode.WorkspaceEdit | undefined {
  const link = linkById(analysis, linkId);
  if (!link) return undefined;
  const { document } = analysis;
  const edits = setTracking(analysis.template.text, link, change, { style: analysis.options.attributeStyle });
  if (edits.length === 0) return undefined;
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
  }
  return workspaceEdit;
}
