// `javascript:`, `vbscript:`, `data:` and `file:` links run script, embed content or point at the
// reader's disk: email clients strip or block them, spam filters score them as phishing, and no
// platform tracks them. Obfuscated spellings (`JaVa&#x09;script:`) are what attackers and filters
// both know, so they are decoded the way a browser would before checking.
import type { Rule } from '../types';
import { clickableLiteralLinks } from './helpers-url';

const UNSAFE = /^(javascript|vbscript|livescript|data|file):/;
/** Only the start of a value can hold the scheme; an obfuscated one is longer, not unbounded. */
const PREFIX_LENGTH = 512;
const OBFUSCATION = /[&\x00-\x20]/;
const NAMED: Record<string, string> = { tab: '\t', newline: '\n', colon: ':', nbsp: ' ' };

const rule: Rule = {
  id: 'url-scheme-unsafe',
  defaultSeverity: 'error',
  description: 'A `javascript:`, `vbscript:`, `data:` or `file:` link (also when obfuscated with case, whitespace or entities): blocked by clients, flagged as phishing.',
  check(context) {
    const { text } = context.template;
    for (const [link, span] of clickableLiteralLinks(context.template.links)) {
      const head = text.slice(span.start, Math.min(span.end, span.start + 16));
      // Without references or control characters up front, the scheme is what it looks like.
      const seen = OBFUSCATION.test(head) ? schemeAsBrowsersRead(text.slice(span.start, Math.min(span.end, span.start + PREFIX_LENGTH))) : head.toLowerCase();
      const scheme = UNSAFE.exec(seen);
      if (!scheme) continue;
      context.report({
        span,
        linkId: link.id,
        message: `A ${scheme[1]}: link: email clients block it, spam filters treat it as phishing, and it cannot be tracked. Link to an https:// page instead.`,
      });
    }
  },
};
export default rule;

/**
 * What a browser sees at the start of the value: character references decoded, tabs and line
 * breaks dropped (the URL parser removes them anywhere), control characters and spaces trimmed
 * from the start, lower-cased.
 */
function schemeAsBrowsersRead(value: string): string {
  const decoded = value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (entity, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? entity;
    const digits = (hex ?? decimal!).replace(/^0+/, '');
    const code = digits.length > 8 ? Infinity : parseInt(digits || '0', hex !== undefined ? 16 : 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
  return decoded.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+/, '').toLowerCase();
}
