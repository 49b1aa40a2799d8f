// An opening delimiter without its closer (`<%= x `, `{{ x`, `{% if`): the template engine either
// fails the whole message or swallows everything up to the next closer, links included.
import type { Rule, RuleContext, Segment } from '../types';
import { excerpt } from './helpers-markup';

const CLOSER: Record<string, string> = { '<%==': '%>', '<%=': '%>', '<%@': '%>', '<%': '%>', '{{{': '}}}', '{{': '}}', '{%=': '%}', '{%': '%}' };

const rule: Rule = {
  id: 'template-delimiter-unbalanced',
  defaultSeverity: 'error',
  description: 'A personalization delimiter that is never closed (`<%= x` without `%>`, `{{ x` without `}}`, `{%` without `%}`), or a stray `%>`',
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
