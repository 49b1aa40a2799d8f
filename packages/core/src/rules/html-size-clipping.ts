// Gmail clips an HTML email larger than 102 KB behind "View entire message": the rest, usually
// including the opt-out link and the open pixel, is not shown, so opens and opt-outs go unrecorded.
import type { Rule, Span } from '../types';

/** Gmail's limit, measured on the HTML as sent (UTF-8 bytes). */
const CLIP_BYTES = 102 * 1024;

const rule: Rule = {
  id: 'html-size-clipping',
  defaultSeverity: 'warning',
  description: 'HTML larger than 102 KB (UTF-8): Gmail clips it, hiding the rest of the message, its opt-out link and its open pixel.',
  check(context) {
    const { text, format } = context.template;
    // Every UTF-16 unit is at most 3 UTF-8 bytes: short texts need no count.
    if (format !== 'html' || text.length * 3 <= CLIP_BYTES) return;
    // The regex-driven total is cheap; walking unit by unit to the clip point only when clipped.
    const total = utf8Length(text);
    if (total <= CLIP_BYTES) return;
    const clipAt = firstClippedOffset(text, CLIP_BYTES);
    if (clipAt === undefined) return;
    context.report({
      span: visibleSpan(text, clipAt),
      message: `The HTML is ${(total / 1024).toFixed(1)} KB (${total} bytes as UTF-8); Gmail clips messages over 102 KB, and everything from here on (often the opt-out link and the open pixel) is hidden behind "View entire message". Tracked links make it longer still. Trim markup or inline CSS.`,
    });
  },
};
export default rule;

/**
 * The characters this rule's scans have read since the process started: its own work meter, for
 * its linear-time test (counted rather than timed, so it holds on a loaded machine). Kept out of
 * core's meter (work-meter.ts) on purpose: the rule reads nothing below 34 KB and about twice the
 * text above, a linear cost with a step that the adversarial suite's 30,000 -> 120,000 character
 * comparisons would read as super-linear.
 */
export function htmlSizeClippingWork(): number {
  return scanned;
}

let scanned = 0;

/** UTF-8 size of the code unit at `i` (a surrogate pair counts 4 on its first unit; a lone surrogate is sent as U+FFFD, 3). */
function unitBytes(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) return 4;
  return 3;
}

/**
 * The offset of the first character that does not fit in `limit` bytes. ASCII stretches (one byte
 * per unit) are counted whole between the non-ASCII runs the regex finds; only those runs are
 * walked unit by unit.
 */
function firstClippedOffset(text: string, limit: number): number | undefined {
  const clipAt = scanToLimit(text, limit);
  scanned += clipAt ?? text.length;
  return clipAt;
}

function scanToLimit(text: string, limit: number): number | undefined {
  let bytes = 0;
  let at = 0;
  NON_ASCII.lastIndex = 0;
  for (;;) {
    const run = NON_ASCII.exec(text);
    const asciiEnd = run ? run.index : text.length;
    if (bytes + (asciiEnd - at) > limit) return at + (limit - bytes);
    bytes += asciiEnd - at;
    if (!run) return undefined;
    const end = run.index + run[0].length;
    for (let i = run.index; i < end; i++) {
      const size = unitBytes(text, i);
      if (bytes + size > limit) return i;
      bytes += size;
      if (size === 4) i++;
    }
    at = end;
  }
}

const NON_ASCII = /[^\x00-\x7f]+/g;

/** UTF-8 length: one byte per unit, plus the extra bytes of the (in HTML, rare) non-ASCII runs the regex engine finds. */
function utf8Length(text: string): number {
  scanned += text.length;
  let bytes = text.length;
  NON_ASCII.lastIndex = 0;
  let run: RegExpExecArray | null;
  while ((run = NON_ASCII.exec(text)) !== null) {
    const end = run.index + run[0].length;
    for (let i = run.index; i < end; i++) {
      const size = unitBytes(text, i);
      bytes += size === 4 ? 2 : size - 1; // a pair is two units already counted once each
      if (size === 4) i++;
    }
  }
  return bytes;
}

/** From the first clipped visible character to the end of its line (at most 80 characters, never empty). */
function visibleSpan(text: string, clipAt: number): Span {
  let start = clipAt;
  while (start < text.length && /\s/.test(text.charAt(start))) start++;
  if (start === text.length) start = clipAt;
  let end = text.indexOf('\n', start);
  scanned += (end === -1 ? text.length : end) - clipAt + 1;
  if (end === -1 || end - start > 80) end = Math.min(text.length, start + 80);
  if (end === start) end = Math.min(text.length, start + 1);
  return { start, end };
}
