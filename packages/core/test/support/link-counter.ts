// An independent reference scanner for URL attributes, written from the HTML tokenizer rules and
// NOT from links.ts, so the corpus test can check the link model against a second opinion.
// It is deliberately simple (no entities, no error recovery beyond what HTML itself specifies) and
// is meant for well-formed real templates, not for fuzz input.

/** Tag -> the attributes that make it a link or image (MJML components carry several). */
const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  area: ['href'],
  'v:roundrect': ['href'],
  'v:rect': ['href'],
  'v:oval': ['href'],
  'v:shape': ['href'],
  button: ['href'], // Inky (Foundation for Emails)
  img: ['src'],
  'mj-button': ['href'],
  'mj-image': ['src', 'href'],
  'mj-social-element': ['href', 'src'],
  'mj-navbar-link': ['href'],
  'mj-carousel-image': ['src', 'href', 'thumbnails-src'],
};

/** Elements whose content is raw text: no tags inside until the matching end tag. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes']);

export interface ReferenceLink {
  tag: string;
  attribute: string;
  /** Offsets of the value without quotes. */
  start: number;
  end: number;
  /** Inside an Outlook conditional comment `<!--[if ...]> ... <![endif]-->`. */
  conditional: boolean;
}

/** Blanks personalization (`{{ }}`, `{{{ }}}`, `{% %}`, `<% %>`) to 'x', keeping every offset. */
export function blankPersonalization(text: string): string {
  return text.replace(/\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|<%[\s\S]*?%>/g, (match) => 'x'.repeat(match.length));
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** Every URL attribute of the listed tags, in document order. */
export function referenceLinks(text: string): ReferenceLink[] {
  const source = blankPersonalization(text);
  const found: ReferenceLink[] = [];
  scan(source, 0, source.length, false, found);
  return found;
}

function scan(s: string, from: number, to: number, conditional: boolean, out: ReferenceLink[]): void {
  let i = from;
  while (i < to) {
    const lt = s.indexOf('<', i);
    if (lt === -1 || lt >= to) return;
    i = lt + 1;
    const next = s.charAt(i);
    if (s.startsWith('!--', i)) {
      // A comment runs to the first '-->'. Conditional comments hold markup Outlook renders.
      const close = s.indexOf('-->', i + 3);
      const end = close === -1 || close >= to ? to : close;
      const body = i + 3;
      if (s.startsWith('[if', body)) {
        const markup = s.indexOf(']>', body);
        if (markup !== -1 && markup < end) scan(s, markup + 2, end, true, out);
      }
      i = close === -1 || close >= to ? to : close + 3;
    } else if (next === '!' || next === '?' || next === '/') {
      // Declarations, processing instructions, end tags: nothing inside matters.
      const close = s.indexOf('>', i);
      i = close === -1 || close >= to ? to : close + 1;
    } else if (isLetter(next)) {
      i = readTag(s, i, to, conditional, out);
    }
  }
}

/** Reads a start tag whose name begins at `i`; returns where scanning continues. */
function readTag(s: string, i: number, to: number, conditional: boolean, out: ReferenceLink[]): number {
  let at = i;
  while (at < to && !isSpace(s.charAt(at)) && s.charAt(at) !== '/' && s.charAt(at) !== '>') at++;
  const name = s.slice(i, at).toLowerCase();
  const wanted = Object.hasOwn(URL_ATTRIBUTES, name) ? URL_ATTRIBUTES[name] : undefined;
  const matches: ReferenceLink[] = [];
  for (;;) {
    while (at < to && (isSpace(s.charAt(at)) || s.charAt(at) === '/')) at++;
    if (at >= to) return to; // a tag cut off by the end of input is not a tag
    if (s.charAt(at) === '>') break;
    const nameStart = at;
    at++; // the first character of a name may be anything (even '=')
    while (at < to && !isSpace(s.charAt(at)) && !'/>='.includes(s.charAt(at))) at++;
    const attribute = s.slice(nameStart, at).toLowerCase();
    let valueStart = at;
    let valueEnd = at;
    let probe = at;
    while (probe < to && isSpace(s.charAt(probe))) probe++;
    if (s.charAt(probe) === '=') {
      probe++;
      while (probe < to && isSpace(s.charAt(probe))) probe++;
      const quote = s.charAt(probe);
      if (quote === '"' || quote === "'") {
        const close = s.indexOf(quote, probe + 1);
        valueStart = probe + 1;
        valueEnd = close === -1 || close >= to ? to : close;
        at = valueEnd + 1;
      } else {
        valueStart = probe;
        while (probe < to && !isSpace(s.charAt(probe)) && s.charAt(probe) !== '>') probe++;
        valueEnd = probe;
        at = probe;
      }
    }
    if (wanted?.includes(attribute) && !matches.some((m) => m.attribute === attribute)) matches.push({ tag: name, attribute, start: valueStart, end: valueEnd, conditional });
  }
  out.push(...matches);
  at++; // past '>'
  if (RAW_TEXT.has(name)) {
    const endTag = new RegExp(`</${name.replace(/[^a-z0-9]/g, '\\$&')}`, 'gi');
    endTag.lastIndex = at;
    const close = endTag.exec(s)?.index ?? -1;
    return close === -1 || close >= to ? to : close;
  }
  return at;
}

/**
 * 1-based line and column of offsets, from the text's own newline positions (independent of the
 * core's LineIndex): line = 1 + newlines before the offset, column = offset - last line start + 1.
 */
export function positionFinder(text: string): (offset: number) => { line: number; column: number } {
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines.push(i);
  return (offset) => {
    // count of newlines strictly before offset
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    const lineStart = low === 0 ? 0 : newlines[low - 1]! + 1;
    return { line: low + 1, column: offset - lineStart + 1 };
  };
}
