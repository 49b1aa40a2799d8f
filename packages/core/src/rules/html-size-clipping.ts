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
    const { clipAt, total } = measure(text, CLIP_BYTES);
    if (clipAt === undefined) return;
    context.report({
      span: visibleSpan(text, clipAt),
      message: `The HTML is ${(total / 1024).toFixed(1)} KB (${total} bytes as UTF-8); Gmail clips messages over 102 KB, and everything from here on (often the opt-out link and the open pixel) is hidden behind "View entire message". Tracked links make it longer still. Trim markup or inline CSS.`,
    });
  },
};
export default rule;

/**
 * One pass over the UTF-16 text: its UTF-8 length, and the offset of the first character that does
 * not fit in `limit` bytes (undefined when all fit). Lone surrogates are sent as U+FFFD, three bytes.
 */
function measure(text: string, limit: number): { clipAt: number | undefined; total: number } {
  let bytes = 0;
  let clipAt: number | undefined;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    let size: number;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) size = 4;
    else size = 3;
    if (clipAt === undefined && bytes + size > limit) clipAt = i;
    bytes += size;
    if (size === 4) i++;
  }
  return { clipAt, total: bytes };
}

/** From the first clipped visible character to the end of its line (at most 80 characters, never empty). */
function visibleSpan(text: string, clipAt: number): Span {
  let start = clipAt;
  while (start < text.length && /\s/.test(text.charAt(start))) start++;
  if (start === text.length) start = clipAt;
  let end = text.indexOf('\n', start);
  if (end === -1 || end - start > 80) end = Math.min(text.length, start + 80);
  if (end === start) end = Math.min(text.length, start + 1);
  return { start, end };
}
