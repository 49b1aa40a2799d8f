// Journey Optimizer rewrites every tracked URL when the message is published, and only simple
// `{{path}}` tokens survive: helpers and blocks inside the URL come out broken or untracked.
import type { Rule, Segment } from '../types';
import { isSimplePath, quoteText } from './helpers-tracking';

const rule: Rule = {
  id: 'ajo-url-expression',
  defaultSeverity: 'error',
  scope: { platforms: ['journey-optimizer'] },
  description: 'Journey Optimizer / Handlebars helpers or blocks ({{#if}}, {{helper arg}}) inside a URL, where only simple {{path}} tokens are allowed.',
  check(context) {
    for (const link of context.template.links) {
      if (link.kind !== 'link') continue;
      const offending = link.segments.filter(isExpression);
      if (offending.length === 0) continue;
      const first = offending[0]!;
      const last = offending[offending.length - 1]!;
      const text = context.template.text;
      const shown = offending.slice(0, 3).map((segment) => quoteText(text.slice(segment.start, segment.end), 30)).join(', ');
      context.report({
        span: { start: first.start, end: last.end },
        message: `${describe(offending)} inside the URL (${shown}${offending.length > 3 ? ', …' : ''}): Journey Optimizer only tracks URLs whose personalization is simple {{path}} tokens. ${advice(offending)}`,
        linkId: link.id,
      });
    }
  },
};
export default rule;

/** A Handlebars segment that is more than a data path: a block, comment, partial or helper call. */
function isExpression(segment: Segment): boolean {
  if (segment.dialect !== 'handlebars' || !segment.closed) return false;
  if (segment.kind === 'code') return true;
  return !isSimplePath(segment.expression);
}

function describe(segments: readonly Segment[]): string {
  const blocks = segments.some((segment) => segment.kind === 'code');
  const helpers = segments.some((segment) => segment.kind !== 'code');
  return blocks && helpers ? 'Blocks and helper calls' : blocks ? 'A conditional or block' : 'A helper call';
}

function advice(segments: readonly Segment[]): string {
  return segments.some((segment) => segment.kind === 'code')
    ? 'Put the condition around the whole link (one <a> per case) so each URL is fixed.'
    : 'Compute the value beforehand (a profile or context attribute) and write it as {{path}}.';
}
