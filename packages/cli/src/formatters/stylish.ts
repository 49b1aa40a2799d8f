// The human format, laid out like ESLint's "stylish": findings grouped by file, then a total.
import type { Finding } from '@linktrace/core';
import { displayPath } from './display-path';
import type { Formatter } from './result';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const formatStylish: Formatter = (results, { cwd }) => {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const result of results) {
    if (!result.findings.length) continue;
    out.push(displayPath(result.filePath, cwd));
    const rows = result.findings.map((finding) => [`${finding.line}:${finding.column}`, finding.severity, oneLine(finding.message), finding.ruleId]);
    // Messages are sentences of very different lengths: align place and severity, not the rule id.
    const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) out.push(`  ${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}  ${row[3]}`);
    out.push('');
    for (const finding of result.findings) {
      if (finding.severity === 'error') {
        errors++;
        if (isFixable(finding)) fixableErrors++;
      } else if (finding.severity === 'warning') {
        warnings++;
        if (isFixable(finding)) fixableWarnings++;
      } else infos++;
    }
  }
  const total = errors + warnings + infos;
  if (total) {
    const mark = errors ? '✖' : '⚠';
    out.push(`${mark} ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}${infos ? `, ${infos} info` : ''})`);
    if (fixableErrors || fixableWarnings) {
      out.push(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`);
    }
    out.push('');
  }
  return out.join('\n');
};

function isFixable(finding: Finding): boolean {
  return finding.fix?.safe === true && finding.fix.edits.length > 0;
}

/** Keeps one finding per line even when a message quotes a URL with a line break in it. */
function oneLine(message: string): string {
  return message.replace(/\r\n|\r|\n/g, '\\n').replace(/\t/g, '\\t');
}
