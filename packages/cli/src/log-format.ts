// Tracking logs printed to a terminal. Logged fields (user agent, URL) come from whoever sent
// the request, so control characters never reach the terminal raw.
import type { TrackingLog } from '@linktrace/core';

// C0 and C1 controls (C1 includes CSI, U+009B), the JavaScript line separators and the bidi
// controls that reorder what follows them (U+202E shows "moc.elpmaxe" as "example.com").
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One log as a JSON line that no terminal interprets: controls JSON.stringify keeps raw are escaped too. */
export function formatLogJson(log: TrackingLog): string {
  return JSON.stringify(log).replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Attacker-controlled text made safe to print: every control character shows as '?'. */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '?');
}

const TYPE_NAMES: Record<TrackingLog['type'], string> = { open: 'open', click: 'click', mirror: 'mirror', optout: 'opt-out' };

/** One human-readable line per log: time (UTC), seq, type, recipient, label, URL, machine flag. */
export function formatLogLine(log: TrackingLog): string {
  const time = log.at.length >= 19 ? log.at.slice(11, 19) : log.at;
  const columns = [
    time.padEnd(8),
    `#${log.seq}`.padStart(6),
    TYPE_NAMES[log.type].padEnd(7),
    printable(log.recipientId).padEnd(10),
    printable(log.label ?? '-').padEnd(14),
    printable(log.url ?? ''),
  ];
  const line = columns.join('  ').trimEnd();
  return log.machine ? `${line}  [machine: ${printable(log.machine)}]` : line;
}

export const LOG_LINE_HEADER = ['time', '   seq', 'type   ', 'recipient ', 'label         ', 'url'].map((c, i) => (i === 0 ? c.padEnd(8) : c)).join('  ');
