// Tracking logs as a file: JSON (an array of logs, as the daemon stores them) or CSV (RFC 4180,
// one row per log). Spreadsheet apps run cells that start with = + - @ as formulas, and logged
// fields are attacker-controlled, so such cells get a leading apostrophe.
import type { TrackingLog } from '@linktrace/core';

export type ExportFormat = 'csv' | 'json';

export const CSV_COLUMNS = ['seq', 'at', 'type', 'deliveryId', 'recipientId', 'linkId', 'label', 'url', 'userAgent', 'machine'] as const;

export function exportFormatOf(fileName: string): ExportFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatLogs(logs: readonly TrackingLog[], format: ExportFormat): string {
  if (format === 'json') return JSON.stringify(logs, null, 2) + '\n';
  const lines = [CSV_COLUMNS.join(',')];
  for (const log of logs) lines.push(CSV_COLUMNS.map((column) => csvCell(log[column])).join(','));
  return lines.join('\r\n') + '\r\n';
}
