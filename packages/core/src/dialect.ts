// Which personalization dialect a template is written in: the signals of each dialect (its
// delimiters and habits), counted in one pass over the text, capped so a signal-dense text stays
// cheap. The same pass can collect every position where a segment opener starts, for the
// tokenizer in personalization.ts.
import type { Dialect } from './types';
import { countWork, countedExec } from './work-meter';

/** Where a personalization segment may start; personalization.ts reads the segment from there. */
export const OPENERS_BASE = /<%|\{\{|\{%|\*\||\{[a-z]|\[[A-Za-z]/g;

const DIALECT_SIGNALS: [Dialect, RegExp][] = [
  ['campaign', /<%[=@]|<%\s|escapeUrl\(|recipient\./g],
  ['sendgrid', /<%asm_|\[Unsubscribe|\[Sender_|\[Weblink\]/g],
  ['mailchimp', /\*\|[A-Z0-9_:]+\|\*/g],
  ['mautic', /\{(?:contactfield=|unsubscribe_url\}|webview_url\}|tracking_pixel\})/g],
  // Go templates read like listmonk's: `{{ define "x" }}`, `{{ template "x" . }}`, `{{ L.T "k" }}`, `{{ index . "k" }}`, `{{ .Field }}`.
  ['listmonk', /\{\{-?\s{0,4}(?:TrackLink|TrackView|UnsubscribeURL|MessageURL|OptinURL)\b|@TrackLink|\.Subscriber\.|\.Campaign\.|\{\{-?\s{0,4}(?:define|template|block)\s{1,4}"|\{\{-?\s{0,4}(?:L\.Ts?|index)\s|\{\{-?\s{0,4}\$?\.[A-Z]/g],
  ['liquid', /\{%-?\s*(?:if|for|assign|capture|unless|case|endif|endfor|set|include|render)\b|\|\s*(?:default|escape|url_encode|upcase|downcase)\b/g],
  ['handlebars', /\{\{[#/^]|\{\{\{|\{%=|\{\{\s*profile\./g],
];

/** Each signal, anchored (sticky), to tell which dialects match where the union below found something. */
const STICKY_SIGNALS: [Dialect, RegExp][] = DIALECT_SIGNALS.map(([dialect, signal]) => [dialect, new RegExp(signal.source, 'y')]);
/** Every signal in one pattern: one pass over the text instead of one per dialect. */
const ANY_SIGNAL = new RegExp(DIALECT_SIGNALS.map(([, signal]) => signal.source).join('|'), 'g');
/** The same, plus the segment openers, for `scanPersonalization`. */
const ANY_SIGNAL_OR_OPENER = new RegExp(`${ANY_SIGNAL.source}|${OPENERS_BASE.source}`, 'g');
const STICKY_OPENER = new RegExp(OPENERS_BASE.source, 'y');
const MAX_SCORE = 1000;
const MAX_EXAMINED = 8000;

/** Every opener position from `from` on, as the scoring loop would have found them. */
function collectOpeners(text: string, from: number, openers: number[]): void {
  const opener = new RegExp(OPENERS_BASE.source, 'g');
  opener.lastIndex = from;
  let match: RegExpExecArray | null;
  while ((match = countedExec(opener, text)) !== null) {
    openers.push(match.index);
    opener.lastIndex = match.index + 1;
  }
}

/** The dialect whose delimiters the text uses most; `plain` when it has none. */
export function detectDialect(text: string): Dialect {
  return dialectOf(text, scoreSignals(text));
}

/**
 * Each dialect's score: its signals' non-overlapping matches, as a separate scan per dialect would
 * count them, capped at MAX_SCORE. With `openers`, also every position where a segment opener matches.
 */
export function scoreSignals(text: string, openers?: number[]): number[] {
  const scores = new Array<number>(STICKY_SIGNALS.length).fill(0);
  const nextAllowed = new Array<number>(STICKY_SIGNALS.length).fill(0);
  const pattern = openers ? ANY_SIGNAL_OR_OPENER : ANY_SIGNAL;
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  for (let examined = 0; (match = countedExec(pattern, text)) !== null; examined++) {
    const at = match.index;
    if (examined === MAX_EXAMINED) {
      // The first few thousand decide the dialect; the rest of a dense text is only read for openers.
      if (openers) collectOpeners(text, at, openers);
      break;
    }
    for (let i = 0; i < STICKY_SIGNALS.length; i++) {
      if (at < nextAllowed[i]! || scores[i]! >= MAX_SCORE) continue;
      const signal = STICKY_SIGNALS[i]![1];
      signal.lastIndex = at;
      const matched = signal.test(text);
      countWork(matched ? signal.lastIndex - at : 1);
      if (!matched) continue;
      scores[i]!++;
      nextAllowed[i] = signal.lastIndex;
    }
    if (openers) {
      STICKY_OPENER.lastIndex = at;
      if (STICKY_OPENER.test(text)) openers.push(at);
    }
    // Signals of different dialects may overlap (`{{{ TrackLink`): look again one character on.
    pattern.lastIndex = at + 1;
  }
  return scores;
}

export function dialectOf(text: string, scores: readonly number[]): Dialect {
  let best: Dialect = 'plain';
  let bestScore = 0;
  STICKY_SIGNALS.forEach(([dialect], i) => {
    if (scores[i]! > bestScore) {
      best = dialect;
      bestScore = scores[i]!;
    }
  });
  if (best === 'plain' && text.includes('{{')) return 'handlebars';
  return best;
}
