// `linktrace links` for people: one aligned row per link, then counts per tracking type.
import { TRACKING_TYPES, type Link, type Template } from '@linktrace/core';
import { displayPath } from './display-path';

export function formatLinksTable(filePath: string, template: Template, cwd: string): string {
  const { settings } = template;
  const out = [
    `${displayPath(filePath, cwd)} (dialect: ${template.dialect}, format: ${template.format}, opens: ${onOff(settings.opens)}, clicks: ${onOff(settings.clicks)})`,
    `platform: ${template.platform.name} (${template.platformReason})`,
    `message: ${template.messageKind}${template.wholeMessage ? '' : ' (a partial: no message-level checks)'} (${template.messageKindReason})`,
    '',
  ];
  if (!template.links.length) {
    out.push('No links.', '');
    return out.join('\n');
  }
  const rows = [['LINE:COL', 'TAG', 'TYPE', 'LABEL', 'URL'], ...template.links.map(linkRow)];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) out.push([...row.slice(0, 4).map((cell, i) => cell.padEnd(widths[i]!)), row[4]].join('  ').trimEnd());
  const counts = TRACKING_TYPES.map((type) => [type, template.links.filter((link) => link.tracking.type === type).length] as const)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${n} ${type}`);
  out.push('', `${template.links.length} link${template.links.length === 1 ? '' : 's'}: ${counts.join(', ')}`, '');
  return out.join('\n');
}

function linkRow(link: Link): string[] {
  return [
    `${link.start.line}:${link.start.column}`,
    link.tag,
    link.tracking.source === 'untrackable' && link.tracking.type === 'never' ? 'never (untrackable)' : link.tracking.type,
    link.tracking.label ? visible(link.tracking.label) : '-',
    link.raw ? visible(link.raw) : '(empty)',
  ];
}

const onOff = (on: boolean) => (on ? 'on' : 'off');

/** Control characters (a line break inside a URL) shown escaped so each link stays on one row. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
