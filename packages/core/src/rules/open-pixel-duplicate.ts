// More than one open pixel in a message: every open is logged twice (or by two systems that
// disagree), which inflates open rates and makes reports unreliable.
import type { Link, Rule, Span } from '../types';
import { attributeNamed, linkSpan } from './helpers-tracking';

/** Platform tokens that write an open pixel: listmonk `{{ TrackView }}`, Mautic `{tracking_pixel}`. */
const PIXEL_TOKEN = /^TrackView$|^tracking_pixel$/;
/** URL words that mark a hand-written 1x1 image as an open beacon rather than a layout spacer. */
const BEACON_URL = /\b(?:open|opens|track|tracking|pixel|beacon)\b|\/(?:o|t|r|open)\.(?:gif|png)\b|\/wf\/open\b|\/r\/\?id=/i;
const SPACER_URL = /spacer|blank|clear\.gif|transparent|placehold/i;

interface Pixel {
  span: Span;
  what: string;
}

const rule: Rule = {
  id: 'open-pixel-duplicate',
  defaultSeverity: 'warning',
  description: 'More than one open pixel ({{ TrackView }}, {tracking_pixel}, a 1x1 tracking image): every open is counted twice.',
  check(context) {
    const { template } = context;
    if (template.format !== 'html') return;
    const pixels: Pixel[] = [];
    const tokens = new Set(template.segments.filter((segment) => PIXEL_TOKEN.test(segment.expression)));
    for (const segment of tokens) pixels.push({ span: segment, what: template.text.slice(segment.start, segment.end) });
    for (const link of template.links) {
      if (link.kind !== 'image' || !isBeaconImage(link)) continue;
      // `<img src="{tracking_pixel}">` is the token's pixel, already counted.
      if (link.segments.some((segment) => tokens.has(segment))) continue;
      pixels.push({ span: linkSpan(link), what: 'a 1x1 tracking image' });
    }
    if (pixels.length < 2) return;
    pixels.sort((a, b) => a.span.start - b.span.start);
    const first = pixels[0]!;
    const firstLine = template.positionAt(first.span.start).line;
    for (const pixel of pixels.slice(1)) {
      context.report({
        span: pixel.span,
        message: `Another open pixel (${pixel.what}); the message already has one (${first.what}, line ${firstLine}): each open would be counted twice. Keep a single open pixel.`,
      });
    }
  },
};
export default rule;

/** A 1x1 (or 0x0) image whose URL is personalized or names itself a tracker. */
export function isBeaconImage(link: Link): boolean {
  if (!isTiny(link)) return false;
  if (SPACER_URL.test(link.raw)) return false;
  return link.segments.length > 0 || BEACON_URL.test(link.raw);
}

function isTiny(link: Link): boolean {
  const width = attributeNamed(link, 'width');
  const height = attributeNamed(link, 'height');
  if (width && height) return tinyNumber(width.value) && tinyNumber(height.value);
  const style = attributeNamed(link, 'style')?.value.toLowerCase() ?? '';
  return /(?:^|[;\s])width\s*:\s*[01](?:px)?\b/.test(style) && /(?:^|[;\s])height\s*:\s*[01](?:px)?\b/.test(style);
}

function tinyNumber(value: string): boolean {
  return /^\s*[01](?:px)?\s*$/i.test(value);
}
