// Adobe Campaign inserts `<%= recipient.x %>` as-is: a value holding `&`, `#`, `=`, `+` or a space
// breaks the query string, and the tracking redirect passes the broken URL on. `escapeUrl()`
// percent-encodes the value for a URL.
import type { Rule, Segment } from '../types';

/** Calls that already encode for a URL. */
const ENCODER_CALL = /^(?:escapeUrl|encodeURIComponent|escape)\s*\(/;

const rule: Rule = {
  id: 'url-param-unescaped',
  defaultSeverity: 'warning',
  scope: { platforms: ['campaign'] },
  description: 'Adobe Campaign: a personalized query value not wrapped in `escapeUrl()` breaks the URL when the value holds `&`, `#` or spaces.',
  check(context) {
    for (const link of context.template.links) {
      // Params and segments are both in source order: one walk over each.
      let next = 0;
      for (const param of link.url.params) {
        while (next < link.segments.length && link.segments[next]!.start < param.valueSpan.start) next++;
        for (; next < link.segments.length && link.segments[next]!.start < param.valueSpan.end; next++) {
          const segment = link.segments[next]!;
          if (segment.end > param.valueSpan.end || !needsEscaping(segment)) continue;
          context.report({
            span: { start: segment.start, end: segment.end },
            linkId: link.id,
            message: `The query value ${segment.open} ${segment.expression} ${segment.close} is inserted unencoded: a value with &, #, = or a space breaks the URL. Wrap it: ${segment.open} escapeUrl(${segment.expression}) ${segment.close}.`,
            fix: {
              description: 'Wrap the value in escapeUrl()',
              edits: [{ start: segment.start, end: segment.end, newText: `${segment.open} escapeUrl(${segment.expression}) ${segment.close}` }],
              // Safe only if the value was not already URL-encoded some other way: escaping twice would change it.
              safe: false,
            },
          });
        }
      }
    }
  },
};
export default rule;

function needsEscaping(segment: Segment): boolean {
  return segment.dialect === 'campaign' && segment.closed && (segment.kind === 'output' || segment.kind === 'raw-output')
    && segment.expression !== '' && !isWholeEncoderCall(segment.expression);
}

/** `escapeUrl(x)` encodes; `escapeUrl(a) + b` leaves `b` raw, so the call must span the whole expression. */
function isWholeEncoderCall(expression: string): boolean {
  const call = ENCODER_CALL.exec(expression);
  if (!call) return false;
  let depth = 0;
  let quote = '';
  for (let at = call[0].length - 1; at < expression.length; at++) {
    const char = expression.charAt(at);
    if (quote) {
      if (char === '\\') at++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')' && --depth === 0) {
      return expression.slice(at + 1).trim().replace(/;$/, '') === '';
    }
  }
  return false;
}
