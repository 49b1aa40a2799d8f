// Invariants every parse and lint result must hold, whatever the input: exact link ranges,
// findings inside the text with line/column that agree with their offsets, segments in range.
import type { Finding, Template } from '@linktrace/core';
import { positionFinder } from './link-counter';

/** Problems found in a parse (empty when every invariant holds). */
export function templateProblems(text: string, template: Template): string[] {
  const problems: string[] = [];
  const at = positionFinder(text);
  const inText = (start: number, end: number): boolean =>
    Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length;
  for (const segment of template.segments) {
    if (!inText(segment.start, segment.end)) problems.push(`segment ${segment.open} at [${segment.start}, ${segment.end}) outside the text (length ${text.length})`);
  }
  template.links.forEach((link, index) => {
    const { start, end } = link.valueSpan;
    if (link.id !== `L${index + 1}`) problems.push(`link ${index} has id ${link.id}`);
    if (!inText(start, end)) problems.push(`${link.id} value span [${start}, ${end}) outside the text (length ${text.length})`);
    else if (text.slice(start, end) !== link.raw) {
      problems.push(`${link.id} raw ${JSON.stringify(link.raw.slice(0, 60))} != text.slice(${start}, ${end}) ${JSON.stringify(text.slice(start, end).slice(0, 60))}`);
    }
    if (!inText(link.tagSpan.start, link.tagSpan.end)) problems.push(`${link.id} tag span [${link.tagSpan.start}, ${link.tagSpan.end}) outside the text`);
    else if (link.kind !== 'text-url' && !(link.tagSpan.start <= start && end <= link.tagSpan.end)) {
      problems.push(`${link.id} value [${start}, ${end}) not inside its tag [${link.tagSpan.start}, ${link.tagSpan.end})`);
    }
    const expectedStart = at(start);
    const expectedEnd = at(end);
    if (link.start.line !== expectedStart.line || link.start.column !== expectedStart.column) {
      problems.push(`${link.id} start ${link.start.line}:${link.start.column}, expected ${expectedStart.line}:${expectedStart.column}`);
    }
    if (link.end.line !== expectedEnd.line || link.end.column !== expectedEnd.column) {
      problems.push(`${link.id} end ${link.end.line}:${link.end.column}, expected ${expectedEnd.line}:${expectedEnd.column}`);
    }
    for (const segment of link.segments) {
      if (segment.start < start || segment.start >= end) problems.push(`${link.id} segment at ${segment.start} outside its value [${start}, ${end})`);
    }
    for (const [part, span] of Object.entries(link.url.spans)) {
      if (span && !inText(span.start, span.end)) problems.push(`${link.id} url ${part} span [${span.start}, ${span.end}) outside the text`);
    }
  });
  return problems;
}

/** Problems in a lint result (empty when every invariant holds). */
export function findingProblems(text: string, findings: readonly Finding[]): string[] {
  const problems: string[] = [];
  const at = positionFinder(text);
  for (const finding of findings) {
    const label = `${finding.ruleId} [${finding.start}, ${finding.end})`;
    if (/^internal error/.test(finding.message)) problems.push(`${finding.ruleId} threw: ${finding.message}`);
    if (!(Number.isInteger(finding.start) && Number.isInteger(finding.end) && 0 <= finding.start && finding.start <= finding.end && finding.end <= text.length)) {
      problems.push(`${label} not a range inside the text (length ${text.length})`);
      continue;
    }
    const start = at(finding.start);
    const end = at(finding.end);
    if (finding.line !== start.line || finding.column !== start.column) problems.push(`${label} at ${finding.line}:${finding.column}, expected ${start.line}:${start.column}`);
    if (finding.endLine !== end.line || finding.endColumn !== end.column) problems.push(`${label} ends ${finding.endLine}:${finding.endColumn}, expected ${end.line}:${end.column}`);
    if (!['error', 'warning', 'info'].includes(finding.severity)) problems.push(`${label} severity ${finding.severity}`);
    for (const edit of finding.fix?.edits ?? []) {
      if (!(0 <= edit.start && edit.start <= edit.end && edit.end <= text.length)) problems.push(`${label} fix edit [${edit.start}, ${edit.end}) outside the text`);
    }
  }
  return problems;
}
