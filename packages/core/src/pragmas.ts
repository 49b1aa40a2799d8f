// `<!-- linktrace ... -->` comments: message-level settings and rule suppressions written by
// the author in the template itself.
import { PLATFORM_IDS, type MessageKind, type PlatformId } from './platforms/index';
import { DIALECTS, type Dialect, type Pragmas } from './types';
import type { LineIndex } from './position';

const PRAGMA = /<!--\s*linktrace(-disable-next-line|-disable|-enable)?(?=[\s-])([^]*?)-->/g;

export function readPragmas(text: string, lines: LineIndex): Pragmas {
  const pragmas: Pragmas = { settings: {}, disabledFrom: [], disabledLines: [] };
  if (!text.includes('linktrace')) return pragmas;
  PRAGMA.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = PRAGMA.exec(text)) !== null) {
    const directive = match[1];
    const words = match[2]!.split(/[\s,]+/).filter(Boolean);
    const rules = words.length ? words : ['*'];
    if (directive === '-disable-next-line') {
      const line = lines.positionAt(match.index + match[0].length).line + 1;
      for (const rule of rules) pragmas.disabledLines.push({ rule, line });
    } else if (directive === '-disable') {
      for (const rule of rules) pragmas.disabledFrom.push({ rule, offset: match.index });
    } else if (directive === '-enable') {
      // Re-enabling ends every earlier disable of those rules.
      pragmas.disabledFrom = pragmas.disabledFrom.map((entry) =>
        rules.includes('*') || rules.includes(entry.rule) ? { ...entry, until: match!.index } : entry,
      );
    } else {
      for (const word of words) readSetting(word, pragmas);
    }
  }
  return pragmas;
}

function readSetting(word: string, pragmas: Pragmas): void {
  const [key, value] = word.split('=');
  const on = value === 'on' || value === 'true';
  const off = value === 'off' || value === 'false';
  if ((key === 'opens' || key === 'clicks') && (on || off)) pragmas.settings[key] = on;
  if (key === 'dialect' && (DIALECTS as readonly string[]).includes(value ?? '')) pragmas.dialect = value as Dialect;
  if (key === 'platform' && (PLATFORM_IDS as readonly string[]).includes(value ?? '')) pragmas.platform = value as PlatformId;
  if ((key === 'messageKind' || key === 'message') && (value === 'marketing' || value === 'transactional')) pragmas.messageKind = value as MessageKind;
}

/** Whether a finding of `ruleId` at `offset` (on 1-based `line`) is silenced by a pragma. */
export function isSuppressed(pragmas: Pragmas, ruleId: string, offset: number, line: number): boolean {
  for (const entry of pragmas.disabledLines) {
    if (entry.line === line && (entry.rule === '*' || entry.rule === ruleId)) return true;
  }
  for (const entry of pragmas.disabledFrom) {
    if ((entry.rule === '*' || entry.rule === ruleId) && offset >= entry.offset && offset < (entry.until ?? Infinity)) return true;
  }
  return false;
}
