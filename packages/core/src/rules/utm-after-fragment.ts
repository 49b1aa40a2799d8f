// `https://shop.example.com/#offers?utm_source=news`: everything after `#` stays in the browser
// and is never sent to the server, and analytics tools read campaign parameters from the query
// only, so these parameters are lost.
import type { Rule } from '../types';
import { appendToQuery, fragmentUtmTail } from '../utm';

const rule: Rule = {
  id: 'utm-after-fragment',
  defaultSeverity: 'warning',
  description: 'UTM parameters written after the `#` of a URL, where analytics tools never see them',
  check(context) {
    for (const link of context.template.links) {
      if (link.kind === 'image') continue;
      const tail = fragmentUtmTail(link);
      const fragment = link.url.spans.fragment;
      if (!tail || !fragment) continue;
      const movable = tail.pairs.every((pair) => /^utm_/i.test(pair.name));
      // Hash-routed apps (`#/page?utm_source=x`) may read them there; moving them is a choice, not a fix.
      const hashRoute = /^[/!]/.test(tail.kept);
      const inQuery = new Set(link.url.params.map((param) => param.name.toLowerCase()));
      const clash = tail.pairs.some((pair) => inQuery.has(pair.name.toLowerCase()));
      const hashAt = fragment.start - 1;
      const append = appendToQuery(link, tail.pairs.map((pair) => pair.written));
      const kept = tail.kept === '' ? '' : `#${tail.kept}`;
      context.report({
        span: { start: tail.start, end: fragment.end },
        linkId: link.id,
        message: `Campaign parameters after "#" never reach the server and analytics tools ignore them: move ${tail.pairs.map((pair) => `"${pair.name}"`).join(', ')} into the query, before the "#".`,
        ...(movable ? {
          fix: {
            description: 'Move the parameters before the "#"',
            // One edit from the query's end (the `#`) to the URL's end, so nothing else can overlap it.
            edits: [{ start: hashAt, end: fragment.end, newText: `${append.newText}${kept}` }],
            safe: !hashRoute && !clash,
          },
        } : {}),
      });
    }
  },
};
export default rule;
