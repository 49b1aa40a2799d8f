// SARIF 2.1.0 for code scanning (GitHub, Azure DevOps): every registered rule as a
// reportingDescriptor, each finding as a result with a physical location, unreadable files as
// tool execution notifications.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type Finding, type Severity } from '@linktrace/core';
import { VERSION } from '../version';
import { displayPath } from './display-path';
import type { Formatter, LintFileResult } from './result';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const SRCROOT = 'SRCROOT';
/** The rule pages (docs/rules/ID.md) in the Linktrace repository; the VS Code extension links the same pages. */
export const RULE_DOCS_BASE_URL = 'https://github.com/linktrace/linktrace/blob/main/docs/rules/';

export const formatSarif: Formatter = (results, { cwd, extraRules }) => {
  const described = [...RULES, ...(extraRules ?? [])];
  const ruleIndex = new Map(described.map((rule, i) => [rule.id, i]));
  const rules = described.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.description },
    // A code-scanning page is read on another machine than the one that ran the lint: the rule's page in the repository.
    helpUri: `${RULE_DOCS_BASE_URL}${encodeURIComponent(rule.id)}.md`,
    help: { text: `${rule.description} See docs/rules/${rule.id}.md.` },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  }));
  const artifact = (file: string) => {
    const shown = displayPath(file, cwd);
    return shown === file ? { uri: pathToFileURL(file).href } : { uri: shown.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  };
  const sarifResults = results.flatMap((result) => result.findings.map((finding) => toResult(finding, result, artifact(result.filePath), ruleIndex)));
  const notifications = results.filter((result) => result.problem).map((result) => ({
    level: 'error',
    message: { text: `${displayPath(result.filePath, cwd)}: ${result.problem}` },
    locations: [{ physicalLocation: { artifactLocation: artifact(result.filePath) } }],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'linktrace', version: VERSION, rules } },
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
      columnKind: 'utf16CodeUnits',
      invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
      results: sarifResults,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};


function toResult(finding: Finding, result: LintFileResult, artifactLocation: object, ruleIndex: Map<string, number>) {
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{
      physicalLocation: {
        artifactLocation,
        region: {
          startLine: finding.line,
          startColumn: finding.column,
          endLine: finding.endLine,
          endColumn: finding.endColumn,
          charOffset: finding.start,
          charLength: finding.end - finding.start,
          ...(result.source !== undefined ? { snippet: { text: result.source.slice(finding.start, finding.end) } } : {}),
        },
      },
    }],
    ...(finding.fix?.safe && finding.fix.edits.length ? {
      fixes: [{
        description: { text: finding.fix.description },
        artifactChanges: [{
          artifactLocation,
          replacements: finding.fix.edits.map((edit) => ({
            deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
            insertedContent: { text: edit.newText },
          })),
        }],
      }],
    } : {}),
  };
}

