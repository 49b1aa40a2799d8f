// An opening delimiter without its closer (`<%= x `, `{{ x`, `{% if`): the template engine either
// fails the whole message or swallows everything up to the next closer, links included.
import type { Rule, RuleContext, Segment, Span } from '../types';
import { excerpt } from './helpers-markup';

const CLOSER: Record<string, string> = { '<%==': '%>', '<%=': '%>', '<%@': '%>', '<%': '%>', '{{{': '}}}', '{{': '}}', '{%=': '%}', '{%': '%}' };

const rule: Rule = {
  id: 'template-delimiter-unbalanced',
  defaultSeverity: 'error',
  description: 'A personalization delimiter that is never closed (`<%= x` without `%>`, `{{ x` without `}}`, `{%` without `%}`), or a stray closer (`%>`, a lone `}}` or `%}`, an extra `}` after `%}`)',
  check(context) {
    const { text, segments } = context.template;
    for (const segment of segments) {
      if (segment.closed) continue;
      const closer = CLOSER[segment.open] ?? segment.close;
      const end = Math.max(segment.start + segment.open.length, trimmedEnd(text, segment.start, segment.end));
      context.report({
        span: { start: segment.start, end },
        message: `"${segment.open}" is never closed with "${closer}" before the next "${segment.open.slice(0, 2)}" or the end of the line: the template engine reads ${excerpt(text.slice(segment.start, end), 40)} and what follows as one expression. Add "${closer}".`,
      });
    }
    reportStrayCampaignClosers(text, segments, context.report);
    reportStrayCurlyClosers(text, segments, context.report);
  },
};
export default rule;

function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  return end;
}

/**
 * `%>` outside every segment closes nothing: usually the `<` or `%` of its opener was lost.
 * `width=100%>` (an unquoted percentage before the tag's `>`) is HTML, so a digit before `%` is skipped.
 */
function reportStrayCampaignClosers(text: string, segments: readonly Segment[], report: RuleContext['report']): void {
  let cursor = 0;
  for (let at = text.indexOf('%>'); at !== -1; at = text.indexOf('%>', at + 2)) {
    while (cursor < segments.length && segments[cursor]!.end <= at) cursor++;
    const segment = segments[cursor];
    if (segment && segment.start <= at) continue;
    if (/[0-9]/.test(text.charAt(at - 1))) continue;
    report({
      span: { start: at, end: at + 2 },
      severity: 'warning',
      message: 'This "%>" closes no "<%": the rest of the expression is printed as text. Restore the opening "<%" (or "<%=") or remove the "%>".',
    });
  }
}

/**
 * Closers of the curly dialects outside every segment: a lone `}}` or `%}` whose opener was lost
 * (`Hello name}}`), and extra braces right after a segment (`{% capture x %}}`, `{{ x }}}`), which
 * the engine prints as text. CSS (`@media{.a{b:c}}`), scripts, code samples and ordinary comments
 * use braces of their own and are skipped; a single `}` in text not after a segment is prose, not a closer.
 */
function reportStrayCurlyClosers(text: string, segments: readonly Segment[], report: RuleContext['report']): void {
  const skipped = nonTemplateBlocks(text);
  const closers = /%\}|\}+/g;
  let cursor = 0;
  let block = 0;
  let match: RegExpExecArray | null;
  while ((match = closers.exec(text)) !== null) {
    let start = match.index;
    const end = start + match[0].length;
    while (block < skipped.length && skipped[block]!.end <= start) block++;
    if (block < skipped.length && skipped[block]!.start <= start) {
      // Nothing in the block counts: go on at its end. No run of closers reaches past it (a block
      // ends with `-->`, before `</style` and the like, or at the end of the text).
      closers.lastIndex = Math.max(closers.lastIndex, skipped[block]!.end);
      continue;
    }
    while (cursor < segments.length && segments[cursor]!.end <= start) cursor++;
    const inside = segments[cursor];
    if (inside && inside.start <= start) {
      // A run of braces may begin inside a segment's closer and go on past it: `{{ x }}}`.
      if (match[0] === '%}' || inside.end >= end) continue;
      start = inside.end;
    }
    const before = segments[cursor] && segments[cursor]!.end === start ? segments[cursor] : segments[cursor - 1];
    const follows = before !== undefined && before.end === start && before.closed && before.close.endsWith('}');
    if (follows && isRawBlockTag(text, before)) continue;
    if (follows) {
      // `{{event_properties.${order_id}}}` (Braze): the expression opened a brace of its own, and
      // the first brace after the segment's closer is that brace's. Only the surplus is stray.
      start += Math.max(0, openBraces(text, before));
      if (start >= end) continue;
      report({
        span: { start, end },
        severity: 'warning',
        message: `${excerpt(text.slice(start, end))} after ${excerpt(text.slice(before.start, before.end), 40)} closes nothing: the engine prints it as text. Remove it.`,
        fix: { description: 'Remove the extra brace', edits: [{ start, end, newText: '' }], safe: false },
      });
    } else if (match[0] === '%}') {
      if (/[0-9]/.test(text.charAt(start - 1))) continue; // `width=100%}`-like text, not a tag closer
      report({
        span: { start, end },
        severity: 'warning',
        message: 'This "%}" closes no "{%": the rest of the tag is printed as text. Restore the opening "{%" or remove the "%}".',
      });
    } else if (end - start >= 2) {
      report({
        span: { start, end },
        severity: 'warning',
        message: `This ${excerpt(text.slice(start, end))} closes no "{{": the expression before it is printed as text. Restore the opening "{{" or remove the ${excerpt(text.slice(start, end))}.`,
      });
    }
  }
}

/** Braces the expression opens and does not close itself: `${order_id` in `{{event_properties.${order_id}}`. */
function openBraces(text: string, segment: Segment): number {
  let depth = 0;
  for (let at = segment.start + segment.open.length; at < segment.end - segment.close.length; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x7b /* { */) depth++;
    else if (char === 0x7d /* } */ && depth > 0) depth--;
  }
  return depth;
}

/** Handlebars raw blocks `{{{{raw}}}}` / `{{{{/raw}}}}` are read as `{{{` segments, their fourth brace left over. */
function isRawBlockTag(text: string, segment: Segment): boolean {
  return segment.open === '{{{' && text.charAt(segment.start + 3) === '{';
}

/** The end tag of each element nonTemplateBlocks skips, compiled once (a template may hold many such blocks). */
const BLOCK_CLOSERS = new Map(['style', 'script', 'pre', 'code'].map((name) => [name, new RegExp(`</${name}`, 'gi')]));

/** `<style>`, `<script>`, `<pre>` and `<code>` elements and ordinary comments (not `<!--[if mso]>` ones), in order. */
function nonTemplateBlocks(text: string): Span[] {
  const blocks: Span[] = [];
  const openers = /<(style|script|pre|code)(?=[\s/>])|<!--/gi;
  let match: RegExpExecArray | null;
  while ((match = openers.exec(text)) !== null) {
    const start = match.index;
    let end: number;
    if (match[1] !== undefined) {
      const closer = BLOCK_CLOSERS.get(match[1].toLowerCase())!;
      closer.lastIndex = openers.lastIndex;
      const found = closer.exec(text);
      end = found ? found.index : text.length;
    } else {
      if (text.startsWith('[if', openers.lastIndex)) continue; // conditional comments hold real markup
      const close = text.indexOf('-->', openers.lastIndex);
      end = close === -1 ? text.length : close + 3;
    }
    blocks.push({ start, end });
    openers.lastIndex = Math.max(end, openers.lastIndex);
  }
  return blocks;
}
