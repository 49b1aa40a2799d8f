// What `check-links` did for every link, not only the problems: a table for people (like the
// link list of Mailpit's link check) and JSON with every hop for scripts.
import type { LinkResult } from '@linktrace/daemon';
import { displayPath } from './display-path';

export interface FileLinkResults {
  filePath: string;
  results: readonly LinkResult[];
}

/** `200`, `404`, `tls`, `timeout`, `not checked`, `invalid`: what became of one URL, in a word. */
export function outcomeWord(result: LinkResult): string {
  if (result.invalid) return 'invalid';
  if (result.notChecked !== undefined) return 'not checked';
  const check = result.check;
  if (!check) return '-';
  if (check.problem) return check.problem.kind === 'one-time' || check.problem.kind === 'blocked' ? 'not checked' : check.problem.kind;
  return `${check.method === 'HEAD' ? 'HEAD ' : ''}${check.status ?? '-'}`;
}

export function formatLinkResultsTable(files: readonly FileLinkResults[], cwd: string): string {
  const out: string[] = [];
  for (const file of files) {
    out.push(displayPath(file.filePath, cwd));
    if (!file.results.length) {
      out.push('  No web links.', '');
      continue;
    }
    const rows = [['LINE:COL', 'RECIPIENT', 'RESULT', 'TIME', 'URL'], ...file.results.map(row)];
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((cells) => cells[i]!.length)));
    for (const cells of rows) out.push(`  ${[...cells.slice(0, 4).map((cell, i) => (i === 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))), cells[4]].join('  ')}`.trimEnd());
    out.push('');
  }
  return out.join('\n');
}

function row(result: LinkResult): string[] {
  const check = result.check;
  const time = check ? `${check.hops.reduce((sum, hop) => sum + hop.ms, 0)} ms` : '';
  const redirected = check && check.finalUrl !== check.url ? ` → ${check.finalUrl} (${check.hops.length - 1} redirect${check.hops.length === 2 ? '' : 's'})` : '';
  const why = result.notChecked !== undefined ? ` (${result.notChecked})` : check?.problem ? ` (${check.problem.message})` : '';
  return [`${result.line}:${result.column}`, result.recipientId ?? 'all', outcomeWord(result), time, `${oneLine(result.url ?? '-')}${redirected}${why}`];
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]/g, (c) => (c === '\t' ? '\\t' : '\\n'));
}

export function formatLinkResultsJson(files: readonly FileLinkResults[]): string {
  return `${JSON.stringify(files.map((file) => ({ filePath: file.filePath, links: file.results })), null, 2)}\n`;
}
