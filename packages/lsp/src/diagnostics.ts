// Findings as diagnostics. Pulled (textDocument/diagnostic) when the client supports it, else
// pushed: at once on open and on a change after a quiet spell, after a short pause during a burst
// of changes. Every change re-arms the timer, the run lints the document's latest version, and a
// result that is no longer the latest is dropped rather than published: the last edit is always
// the one linted. A maximum wait keeps diagnostics coming during fast, continuous typing. An
// internal error becomes one diagnostic.
import { internalErrorFinding, INTERNAL_ERROR_RULE, type Finding, type Severity } from '@linktrace/core';
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LOG_ANALYSES, type Analysis } from './analysis';
import { describeError, type ServerContext } from './context';
import { toRange } from './ranges';

export const DIAGNOSTIC_SOURCE = 'linktrace';
export const RULE_DOCS_BASE_URL = 'https://github.com/linktrace/linktrace/blob/main/docs/rules/';
export const INTERNAL_ERROR_CODE = INTERNAL_ERROR_RULE;
/** While edits keep coming faster than the debounce, diagnostics still arrive this often. */
const MAX_WAIT_MS = 250;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a diagnostic carries for code actions: the rule, so a fix is found again from the analysis. */
export interface DiagnosticData {
  ruleId: string;
  linkId?: string;
}

export function toDiagnostic(analysis: Analysis, finding: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, ...(finding.linkId ? { linkId: finding.linkId } : {}) };
  return {
    range: toRange(analysis.snapshot, finding),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: `${RULE_DOCS_BASE_URL}${encodeURIComponent(finding.ruleId)}.md` },
    message: finding.message,
    data,
  };
}

/** The one diagnostic shown when linting failed (core's internal-error finding): the user sees that, and why, instead of silence. */
export function internalErrorDiagnostic(error: unknown): Diagnostic {
  const finding = internalErrorFinding(error, 'the Linktrace language server');
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: finding.message,
  };
}

export interface LintResult {
  version: number;
  /** Undefined when the document is not a template (nothing to report). */
  diagnostics: Diagnostic[] | undefined;
}

/** The diagnostics of the document's current version. Never throws: a failure is reported as a diagnostic. */
export async function lintDocument(context: ServerContext, document: TextDocument, isCancelled: () => boolean = () => false): Promise<LintResult | 'cancelled'> {
  const version = document.version;
  try {
    const analysis = await context.analyses.current(document);
    if (!analysis) return { version, diagnostics: undefined };
    if (isCancelled()) return 'cancelled';
    return { version: analysis.version, diagnostics: analysis.findings.map((finding) => toDiagnostic(analysis, finding)) };
  } catch (error) {
    context.connection.console.error(`linktrace: linting ${document.uri} failed: ${describeError(error)}`);
    return { version, diagnostics: [internalErrorDiagnostic(error)] };
  }
}

export function diagnosticCapabilities(context: ServerContext): Partial<ServerCapabilities> {
  if (!usesPull(context)) return {};
  return { diagnosticProvider: { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: false, workspaceDiagnostics: false } };
}

function usesPull(context: ServerContext): boolean {
  return context.client.textDocument?.diagnostic !== undefined;
}

export interface DiagnosticsFeature {
  /** Settings or a config file changed: every open document's diagnostics are redone. */
  refreshAll(): void;
  dispose(): void;
}

export function registerDiagnostics(context: ServerContext): DiagnosticsFeature {
  const { connection, documents } = context;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** When the first change not yet published arrived, per document (for the maximum wait). */
  const waitingSince = new Map<string, number>();
  /** When each document last changed, to tell a lone keystroke from a burst. */
  const lastChange = new Map<string, number>();
  /** Bumped per run: a run that finds a newer one started drops its result. */
  const runs = new Map<string, number>();
  /** With LINKTRACE_LSP_STATS=1: when each document's latest change arrived, to log the server's own latency. */
  const arrived = new Map<string, number>();

  const cancel = (uri: string) => {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
  };

  const publish = async (uri: string) => {
    cancel(uri);
    waitingSince.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    const run = (runs.get(uri) ?? 0) + 1;
    runs.set(uri, run);
    // The open document is updated in place: its version now is captured, to notice newer ones.
    const version = document.version;
    const stale = () => runs.get(uri) !== run || documents.get(uri)?.version !== version;
    const result = await lintDocument(context, document, stale);
    // A newer version arrived: its own scheduled run publishes instead (the last edit always has one).
    if (result === 'cancelled' || stale() || result.version !== version) return;
    void connection.sendDiagnostics({ uri, version: result.version, diagnostics: result.diagnostics ?? [] });
    if (LOG_ANALYSES && arrived.has(uri)) {
      connection.console.log(`linktrace published ${uri} v${version}: ${(performance.now() - arrived.get(uri)!).toFixed(2)} ms after the change arrived`);
      arrived.delete(uri);
    }
  };

  const schedule = (uri: string) => {
    cancel(uri);
    const now = Date.now();
    const quietBefore = now - (lastChange.get(uri) ?? 0) >= context.settings().debounceMs;
    lastChange.set(uri, now);
    if (quietBefore && !waitingSince.has(uri)) {
      // Leading edge: a keystroke after a quiet spell is linted at once (next turn, so changes of
      // the same batch land together); only a burst waits for its pause.
      timers.set(uri, setTimeout(() => void publish(uri), 0));
      return;
    }
    const since = waitingSince.get(uri) ?? now;
    waitingSince.set(uri, since);
    const delay = Math.max(0, Math.min(context.settings().debounceMs, since + MAX_WAIT_MS - now));
    timers.set(uri, setTimeout(() => void publish(uri), delay));
  };

  /** Documents whose didOpen was just handled: TextDocuments fires onDidChangeContent for an open too. */
  const justOpened = new Set<string>();
  documents.onDidOpen(({ document }) => {
    justOpened.add(document.uri);
    if (!usesPull(context)) void publish(document.uri);
  });
  documents.onDidChangeContent(({ document }) => {
    if (justOpened.delete(document.uri)) return;
    if (LOG_ANALYSES) arrived.set(document.uri, performance.now());
    if (!usesPull(context)) schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    cancel(document.uri);
    justOpened.delete(document.uri);
    waitingSince.delete(document.uri);
    lastChange.delete(document.uri);
    runs.delete(document.uri);
    arrived.delete(document.uri);
    context.analyses.forget(document.uri);
    if (!usesPull(context)) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const resultId = `${context.analyses.generation}:${document.version}`;
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    const result = await lintDocument(context, document, () => token.isCancellationRequested);
    if (result === 'cancelled') throw new ResponseError(LSPErrorCodes.ServerCancelled, 'a newer version of the document is being linted', { retriggerRequest: true });
    return { kind: DocumentDiagnosticReportKind.Full, resultId: `${context.analyses.generation}:${result.version}`, items: result.diagnostics ?? [] };
  });

  return {
    refreshAll() {
      if (usesPull(context)) {
        if (context.client.workspace?.diagnostics?.refreshSupport) void connection.languages.diagnostics.refresh();
        return;
      }
      for (const document of documents.all()) void publish(document.uri);
    },
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
