// A raw `&` in a URL attribute followed by the name of an HTML character reference: `?a=1&copy=2`
// is read as `?a=1©=2` by every parser when nothing follows the name, and by many email clients
// and platform tools (older HTML parsers) even when `=` or a letter follows.
import type { Rule } from '../types';
import { staticValue } from './helpers-markup';

/** HTML's character references that are recognised without a `;` (name: code point in hex). */
const LEGACY_ENTITIES: ReadonlyMap<string, string> = new Map(
  ('AElig:c6 AMP:26 Aacute:c1 Acirc:c2 Agrave:c0 Aring:c5 Atilde:c3 Auml:c4 COPY:a9 Ccedil:c7 ETH:d0 Eacute:c9 Ecirc:ca Egrave:c8 '
    + 'Euml:cb GT:3e Iacute:cd Icirc:ce Igrave:cc Iuml:cf LT:3c Ntilde:d1 Oacute:d3 Ocirc:d4 Ograve:d2 Oslash:d8 Otilde:d5 Ouml:d6 '
    + 'QUOT:22 REG:ae THORN:de Uacute:da Ucirc:db Ugrave:d9 Uuml:dc Yacute:dd aacute:e1 acirc:e2 acute:b4 aelig:e6 agrave:e0 amp:26 '
    + 'aring:e5 atilde:e3 auml:e4 brvbar:a6 ccedil:e7 cedil:b8 cent:a2 copy:a9 curren:a4 deg:b0 divide:f7 eacute:e9 ecirc:ea egrave:e8 '
    + 'eth:f0 euml:eb frac12:bd frac14:bc frac34:be gt:3e iacute:ed icirc:ee iexcl:a1 igrave:ec iquest:bf iuml:ef laquo:ab lt:3c macr:af '
    + 'micro:b5 middot:b7 nbsp:a0 not:ac ntilde:f1 oacute:f3 ocirc:f4 ograve:f2 ordf:aa ordm:ba oslash:f8 otilde:f5 ouml:f6 para:b6 '
    + 'plusmn:b1 pound:a3 quot:22 raquo:bb reg:ae sect:a7 shy:ad sup1:b9 sup2:b2 sup3:b3 szlig:df thorn:fe times:d7 uacute:fa ucirc:fb '
    + 'ugrave:f9 uml:a8 uuml:fc yacute:fd yen:a5 yuml:ff')
    .split(' ')
    .map((pair) => {
      const [name, hex] = pair.split(':') as [string, string];
      return [name, String.fromCodePoint(parseInt(hex, 16))];
    }),
);
const LONGEST_NAME = 6;

const rule: Rule = {
  id: 'url-ampersand',
  defaultSeverity: 'warning',
  description: 'A raw `&` in a URL that HTML can read as a character reference (`?a=1&copy=2` becomes `?a=1©=2`): write `&amp;`',
  check(context) {
    for (const link of context.template.links) {
      if (link.kind === 'text-url' || !link.raw.includes('&')) continue;
      const value = staticValue(link);
      // listmonk registers `url@TrackLink` from the raw source, where `&amp;` would stay literal.
      const rawSourceUrl = /@TrackLink\s*$/.test(link.raw);
      for (let at = value.indexOf('&'); at !== -1; at = value.indexOf('&', at + 1)) {
        const name = legacyEntityAt(value, at + 1);
        if (!name) continue;
        const next = value.charAt(at + 1 + name.length);
        if (next === ';') continue; // a complete reference, written on purpose
        const start = link.valueSpan.start + at;
        const character = LEGACY_ENTITIES.get(name)!;
        // HTML5 leaves `&copy=` and `&copyx` alone in attributes; anything else (end, `&`, `/`...) is decoded.
        const decodedByBrowsers = next === '' || !/[A-Za-z0-9=]/.test(next);
        const message = decodedByBrowsers
          ? `Browsers read "&${name}" in this URL as the character "${character}", so the link opens a different URL. If "${name}" is a parameter, write "&amp;${name}".`
          : `"${written(value, at)}" can be read as "${character}${written(value, at).slice(1 + name.length)}" by email clients and platform tools with older HTML parsers, which breaks that parameter. Write "&amp;${name}".`;
        context.report({
          span: { start, end: start + 1 + name.length },
          linkId: link.id,
          message,
          fix: {
            description: `Write "&${name}" as "&amp;${name}"`,
            edits: [{ start, end: start + 1, newText: '&amp;' }],
            // Where HTML5 already reads a literal `&`, `&amp;` spells the same URL; elsewhere it changes what browsers open.
            safe: !decodedByBrowsers && !rawSourceUrl,
          },
        });
      }
    }
  },
};
export default rule;

/** The parameter as written from the `&` at `at`: its name and the `=` after it. */
function written(value: string, at: number): string {
  let end = at + 1;
  while (end < value.length && end - at < 40 && /[\w.~-]/.test(value.charAt(end))) end++;
  if (value.charAt(end) === '=') end++;
  return value.slice(at, end);
}

/** The longest character-reference name that `value` starts with at `from`, if any. */
function legacyEntityAt(value: string, from: number): string | undefined {
  for (let length = Math.min(LONGEST_NAME, value.length - from); length >= 2; length--) {
    const candidate = value.slice(from, from + length);
    if (LEGACY_ENTITIES.has(candidate)) return candidate;
  }
  return undefined;
}
