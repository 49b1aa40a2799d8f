// listmonk tracks a link by registering its URL as a fixed string (`{{ TrackLink "url" }}`, or the
// `url@TrackLink` shorthand that becomes it). Template expressions inside that string are never
// evaluated, and built-in URLs such as {{ UnsubscribeURL }} break ("Invalid UUID"): the recipient
// gets a dead link (listmonk issue #667).
import type { Link, Rule, RuleContext, Segment } from '../types';

const SHORTHAND = '@TrackLink';
/** listmonk's own per-subscriber URLs: already working links, never to be wrapped in TrackLink. */
const BUILTIN_URL = /^\.?(?:UnsubscribeURL|MessageURL|OptinURL|ManageURL|ArchiveURL)\b/;
const TRACKLINK_CALL = /^TrackLink\b/;

const rule: Rule = {
  id: 'listmonk-tracklink',
  defaultSeverity: 'error',
  scope: { platforms: ['listmonk'] },
  description: 'listmonk TrackLink (url@TrackLink or {{ TrackLink "url" }}) on a URL with template expressions or on a built-in URL such as {{ UnsubscribeURL }}, which breaks the link.',
  check(context) {
    for (const link of context.template.links) {
      if (link.kind === 'link') checkShorthand(context, link);
    }
    for (const segment of context.template.segments) {
      if (TRACKLINK_CALL.test(segment.expression)) checkCall(context, segment);
    }
  },
};
export default rule;

function checkShorthand(context: RuleContext, link: Link): void {
  const value = link.raw.trimEnd();
  if (!value.endsWith(SHORTHAND) || link.segments.length === 0) return;
  const suffixStart = link.valueSpan.start + value.length - SHORTHAND.length;
  const first = link.segments[0]!;
  const builtin = BUILTIN_URL.test(first.expression);
  const removal = { description: `Remove ${SHORTHAND}`, edits: [{ start: suffixStart, end: suffixStart + SHORTHAND.length, newText: '' }], safe: false };
  context.report({
    span: { start: link.valueSpan.start, end: suffixStart + SHORTHAND.length },
    message: builtin
      ? `${SHORTHAND} on listmonk's built-in ${first.expression.replace(/^\./, '')}: listmonk cannot track it and the link breaks ("Invalid UUID"). Remove ${SHORTHAND}; listmonk already knows this link.`
      : `${SHORTHAND} on a URL with template expressions: listmonk registers the URL as written, so the expressions are never filled in and every recipient gets the same broken link. Use a fixed URL, or remove ${SHORTHAND}.`,
    linkId: link.id,
    fix: removal,
  });
}

/** `{{ TrackLink "url" }}`: the argument must be a fixed string without `{{ }}`. */
function checkCall(context: RuleContext, segment: Segment): void {
  const { text } = context.template;
  const nameEnd = text.indexOf('TrackLink', segment.start) + 'TrackLink'.length;
  let at = nameEnd;
  while (at < segment.end && (text.charAt(at) === ' ' || text.charAt(at) === '\t')) at++;
  if (text.charAt(at) !== '"' && text.charAt(at) !== '`') {
    const argument = segment.expression.replace(TRACKLINK_CALL, '').trim();
    if (argument === '') return;
    context.report({
      span: segment,
      message: BUILTIN_URL.test(argument.replace(/^\(/, ''))
        ? `TrackLink on listmonk's built-in ${argument}: listmonk cannot track it and the link breaks ("Invalid UUID"). Write the built-in on its own: {{ ${argument.replace(/^\(|\)$/g, '').replace(/^\./, '')} }}.`
        : `TrackLink on a template variable (${argument}): listmonk can only track a fixed URL string such as {{ TrackLink "https://example.com/page" }}.`,
    });
    return;
  }
  // Read the string literal from the text itself: a `{{` inside it leaves the segment unclosed.
  const quote = text.charAt(at);
  // The literal ends at its quote or its line; the line's end is not searched for up front, which
  // on a one-line template would scan to the end of the text once per TrackLink.
  let close = at + 1;
  let limit = text.length;
  while (close < text.length) {
    const char = text.charAt(close);
    if (char === '\n') {
      limit = close;
      break;
    }
    if (char === quote) break;
    const escaped = char === '\\' && quote === '"';
    if (escaped && text.charAt(close + 1) === '\n') limit = close + 1;
    close += escaped ? 2 : 1;
    if (limit !== text.length) break;
  }
  const url = text.slice(at + 1, Math.min(close, limit));
  if (!url.includes('{{')) return;
  const builtin = /\{\{-?\s*(\.?(?:UnsubscribeURL|MessageURL|OptinURL|ManageURL|ArchiveURL))\b/.exec(url);
  context.report({
    span: { start: at + 1, end: at + 1 + url.length },
    message: builtin
      ? `TrackLink on listmonk's built-in ${builtin[1]!.replace(/^\./, '')}: listmonk cannot track it and the link breaks ("Invalid UUID"). Write the built-in on its own.`
      : 'TrackLink on a URL with template expressions: the {{ }} inside the quoted URL are never filled in, so every recipient gets the same broken link. Use a fixed URL, or drop TrackLink.',
  });
}
