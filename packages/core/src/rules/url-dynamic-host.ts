// Trackers register a link by its fixed domain and rewrite it into a redirect; personalization in
// the scheme or host (`https://<%= c %>.x.com/`, `{{base_url}}/reset`) leaves them nothing fixed
// to register, so the link goes out untracked or broken, and no one can check where it leads.
import type { Link, Rule, Segment, Span } from '../types';
import { staticValue } from './helpers-markup';
import { excerpt, isClickable, isTypedNever, isWhollyPersonalization, trimmedSpan } from './helpers-url';

const SCHEME_CHARS = /^[A-Za-z0-9+.\-\0]+$/;

const rule: Rule = {
  id: 'url-dynamic-host',
  defaultSeverity: 'error',
  scope: { tracking: ['source'] },
  description: 'Personalization in the scheme or host of a URL (`https://<%= c %>.x.com/`): the link cannot be tracked; keep the domain fixed.',
  check(context) {
    for (const link of context.template.links) {
      if (!isClickable(link) || link.segments.length === 0 || link.tracking.source === 'builtin' || isTypedNever(link)) continue;
      if (isWhollyPersonalization(link)) continue; // url-fully-dynamic's case
      const offending = dynamicOrigin(link);
      if (offending.length === 0) continue;
      const span: Span = { start: offending[0]!.start, end: Math.min(offending[offending.length - 1]!.end, link.valueSpan.end) };
      const written = offending.map((segment) => context.template.text.slice(segment.start, Math.min(segment.end, link.valueSpan.end))).join(' ');
      context.report({
        span,
        linkId: link.id,
        message: `The scheme or host of this URL comes from personalization (${excerpt(written)}): ${context.template.platform.name} registers links from the template source and cannot register one without a fixed domain, so it is not tracked, and where it leads cannot be checked. Write the domain in the template and personalize only the path or query.`,
      });
    }
  },
};
export default rule;

/** Segments that decide the scheme or the host; [] when both are written literally. */
function dynamicOrigin(link: Link): Segment[] {
  const base = link.valueSpan.start;
  const masked = staticValue(link);
  const trimmed = trimmedSpan(link);
  const from = trimmed.start - base;
  const to = trimmed.end - base;
  let originEnd: number;
  const separator = masked.indexOf('://', from);
  if (separator > from && separator < to && SCHEME_CHARS.test(masked.slice(from, separator))) {
    originEnd = authorityEnd(masked, separator + 3, to);
  } else if (masked.startsWith('//', from)) {
    originEnd = authorityEnd(masked, from + 2, to);
  } else {
    // No scheme written: only a value that opens with an output (`{{base_url}}/x`) gets its origin from it.
    const first = link.segments[0]!;
    if (first.start !== trimmed.start || (first.kind !== 'output' && first.kind !== 'raw-output')) return [];
    originEnd = authorityEnd(masked, from, to);
  }
  // Template logic choosing between literal hosts leaves each host written out; values do not.
  return link.segments.filter((segment) => (segment.kind === 'output' || segment.kind === 'raw-output') && segment.start - base < originEnd && segment.end - base > from);
}

function authorityEnd(masked: string, from: number, to: number): number {
  for (let at = from; at < to; at++) {
    const char = masked.charAt(at);
    if (char === '/' || char === '?' || char === '#' || char === '\\') return at;
  }
  return to;
}
