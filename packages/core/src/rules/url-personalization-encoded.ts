// Personalization that a build step percent-encoded (`%7B%7B%20name%20%7D%7D` for `{{ name }}`):
// editors, inliners and URL builders encode `{`, `%`, `<`, `*` and `|` in attributes. The platform
// no longer sees a template expression, so every recipient gets the same literal, broken URL, and
// a tracker registers that literal as the link.
import type { Link, Rule } from '../types';
import { excerpt } from './helpers-url';

/**
 * Encoded openers of every dialect: `{{` `{%` (Handlebars, Liquid, Go), `<%` (Campaign, SendGrid),
 * `*|` (Mailchimp; with only the pipes encoded, `*%7CEMAIL%7C*`, the whole tag must be there, since
 * `*%7C` alone can be a search query), `{token` (Mautic's own names only: a lone `%7B` is JSON in a query), `[Tag`
 * (SendGrid's built-in tags). Alternatives of fixed text: linear on any input.
 */
const ENCODED_OPENER = /%7B%7B|%7B%25|%3C%25|%2A%7C|\*%7C[A-Za-z0-9_:]{1,60}%7C\*|%7B(?:contactfield|leadfield|ownerfield|pagelink|assetlink|formfield|dynamiccontent|unsubscribe_url|unsubscribe_text|webview_url|webview_text|tracking_pixel)|%5B(?:Unsubscribe|Sender_|Weblink)/i;

/** The encoded closer of each encoded opener (upper case), and what the pair stands for. */
const PAIRS: { opener: string; closer: string; written: string }[] = [
  { opener: '%7B%7B', closer: '%7D%7D', written: '{{' },
  { opener: '%7B%25', closer: '%25%7D', written: '{%' },
  { opener: '%3C%25', closer: '%25%3E', written: '<%' },
  { opener: '%2A%7C', closer: '%7C%2A', written: '*|' },
  { opener: '*%7C', closer: '%7C*', written: '*|' },
  { opener: '%5B', closer: '%5D', written: '[' },
  { opener: '%7B', closer: '%7D', written: '{' },
];

/** An expression is short: look this far for its encoded closer. */
const MAX_EXPRESSION = 300;

const rule: Rule = {
  id: 'url-personalization-encoded',
  defaultSeverity: 'error',
  description: 'Personalization percent-encoded by a build step (`%7B%7B`, `%7Bcontactfield`, `%3C%25`, `%2A%7C`): the platform sends it literally and the tracker registers the literal URL.',
  check(context) {
    for (const link of context.template.links) {
      const found = ENCODED_OPENER.exec(link.raw);
      if (!found) continue;
      const start = found.index;
      const upper = link.raw.slice(start, start + MAX_EXPRESSION + 6).toUpperCase();
      const pair = PAIRS.find((candidate) => upper.startsWith(candidate.opener))!;
      const closerAt = upper.indexOf(pair.closer, pair.opener.length);
      const end = start + (closerAt === -1 ? found[0].length : closerAt + pair.closer.length);
      const encoded = link.raw.slice(start, end);
      const decoded = closerAt === -1 ? undefined : decode(encoded);
      const span = { start: link.valueSpan.start + start, end: link.valueSpan.start + end };
      context.report({
        span,
        linkId: link.id,
        message: `${JSON.stringify(excerpt(encoded))} is personalization percent-encoded (${JSON.stringify(pair.opener)} is "${pair.written}"): the platform does not see an expression, so every recipient gets this literal URL and the tracker registers it as the link. Write the expression unencoded${decoded ? ` (${excerpt(decoded)})` : ''}, and check the step that encoded it.`,
        ...(decoded !== undefined && canWrite(decoded, link)
          ? { fix: { description: `Write ${excerpt(decoded)}`, edits: [{ ...span, newText: decoded }], safe: false } }
          : {}),
      });
    }
  },
};
export default rule;

function decode(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** The decoded expression must not end the attribute or the tag it is written in. */
function canWrite(decoded: string, link: Link): boolean {
  if (/[\r\n]/.test(decoded)) return false;
  if (link.quote !== '') return !decoded.includes(link.quote);
  return link.kind === 'text-url' ? !/\s/.test(decoded) : !/[\s>"'`=]/.test(decoded);
}
