// `<a href="{{action_url}}">{{action_url}}</a>`: the link text is the same personalization as the
// href, so the recipient reads the real address while the tracked href points at the platform's
// redirect domain. That mismatch is what spam filters score as phishing (Postmark: "do not use URLs
// as the display text for links"). tracked-url-as-text sees literal addresses; this rule sees the
// personalized ones, where the text only becomes a URL at send time.
import { setTracking } from '../tracking';
import type { Link, Rule } from '../types';
import { attributeStyleOf } from './helpers-markup';
import { excerpt, segmentAt, trimmedSpan } from './helpers-url';

const rule: Rule = {
  id: 'link-text-repeats-url',
  defaultSeverity: 'warning',
  scope: { tracking: ['source', 'rendered'] },
  description: 'A tracked link whose text repeats its own personalized URL (`<a href="{{url}}">{{url}}</a>`): the shown address and the rewritten href differ, which filters treat as phishing.',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      if (link.kind !== 'link' || link.tracking.type !== 'tracked') continue;
      if (!opensWithPersonalization(link)) continue;
      const shown = comparable(link.text);
      if (shown === '' || !targetsOf(link).includes(shown)) continue;
      const { platform } = context.template;
      // As tracked-url-as-text: data-tracking / _type is written only where the platform (or Linktrace) reads it.
      const edits = platform.typesLinks || !platform.noTrack ? setTracking(text, link, { type: 'never' }, { style: attributeStyleOf(link) }) : [];
      context.report({
        span: trimmedSpan(link),
        linkId: link.id,
        message: `The link text repeats the link's URL ${excerpt(link.text)}: recipients read the real address, but ${platform.name} rewrites the href to its tracking domain, and spam filters treat that mismatch as phishing. Use descriptive text (e.g. "Reset your password"), or ${platform.noTrack ? `keep the link out of click tracking (${platform.noTrack})` : 'keep the link out of click tracking'}.`,
        ...(edits.length ? { fix: { description: 'Set the tracking type to Never', edits, safe: false } } : {}),
      });
    }
  },
};
export default rule;

/**
 * The spellings of the address the link opens, for comparison with its text: the value as written,
 * and for listmonk's tracked forms the URL inside (`{{ TrackLink "https://x/" }}`,
 * `{{ TrackLink .Subscriber.Attribs.url }}`, `{{ .Subscriber.Attribs.url }}@TrackLink`).
 */
function targetsOf(link: Link): string[] {
  const raw = link.raw.trim();
  const targets = [comparable(raw)];
  if (raw.endsWith(TRACKLINK_SUFFIX)) targets.push(comparable(raw.slice(0, -TRACKLINK_SUFFIX.length)));
  const only = link.segments.length === 1 ? link.segments[0]! : undefined;
  const call = only && raw.length === only.end - only.start ? TRACKLINK_CALL.exec(only.expression) : null;
  if (call) {
    const argument = call[1]!.trim();
    const quoted = /^(["`])(.*)\1$/.exec(argument);
    targets.push(comparable(quoted ? quoted[2]! : `{{${argument}}}`));
  }
  return targets;
}

const TRACKLINK_SUFFIX = '@TrackLink';
const TRACKLINK_CALL = /^TrackLink\s([^]+)$/;

function opensWithPersonalization(link: Link): boolean {
  const span = trimmedSpan(link);
  return span.end > span.start && segmentAt(link, span.start) !== undefined;
}

/**
 * One spelling of a URL or a text for comparison: no whitespace (`{{ url }}` is `{{url}}`), the
 * unescaped output `{{{url}}}` read as `{{url}}`, `&amp;` as `&`. Linear: fixed-text replacements.
 */
function comparable(value: string): string {
  return value.replace(/\s+/g, '').replaceAll('{{{', '{{').replaceAll('}}}', '}}').replace(/&amp;/gi, '&');
}
