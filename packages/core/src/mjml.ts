// MJML: which mj-* elements carry URLs, and how their tracking type and label are written so that
// MJML keeps them. MJML's strict validation rejects unknown attributes (`data-tracking` on an
// mj-button), and its components render only the attributes they know, so the type cannot sit on
// the element as in HTML. What MJML does keep is `css-class` (rendered on the element's wrapper or
// on its <a>) and `<mj-html-attributes>` in <mj-head>, which adds HTML attributes to whatever a CSS
// selector matches in the rendered output. So a link is typed with class tokens:
//
//   <mj-button href="…" css-class="linktrace-opt-out linktrace-label-footer-unsubscribe">
//
// and the head maps each token to the attribute the rendered <a> must carry:
//
//   <mj-selector path=".linktrace-opt-out a, a.linktrace-opt-out">
//     <mj-html-attribute name="data-tracking">opt-out</mj-html-attribute></mj-selector>
//
// (`.x a` reaches the <a> inside the td/div that mj-button, mj-image, mj-social-element and
// mj-carousel-image put the class on; `a.x` the <a> of mj-navbar-link, which gets the class itself.)
// A label's token is a key; its text lives in the head, so any label survives, spaces included.
import { Tokenizer } from 'htmlparser2';
import type { Attribute, Link, LinkKind, Span, Template, TextEdit, TrackingType } from './types';
import { countWork } from './work-meter';

/** URL attributes of MJML components (HTML inside mj-text and mj-raw is parsed as HTML). */
export const MJML_URL_ATTRIBUTES: readonly [string, readonly { attribute: string; kind: LinkKind }[]][] = [
  ['mj-button', [{ attribute: 'href', kind: 'link' }]],
  ['mj-image', [{ attribute: 'src', kind: 'image' }, { attribute: 'href', kind: 'link' }]],
  ['mj-social-element', [{ attribute: 'href', kind: 'link' }, { attribute: 'src', kind: 'image' }]],
  ['mj-navbar-link', [{ attribute: 'href', kind: 'link' }]],
  ['mj-carousel-image', [{ attribute: 'src', kind: 'image' }, { attribute: 'href', kind: 'link' }, { attribute: 'thumbnails-src', kind: 'image' }]],
];

/** MJML components whose content is the link's text. */
export const MJML_TEXT_COLLECTING: readonly string[] = ['mj-button', 'mj-social-element', 'mj-navbar-link'];

const CLASS_PREFIX = 'linktrace-';
export const MJML_LABEL_CLASS_PREFIX = 'linktrace-label-';
const LABEL_CLASS_PREFIX = MJML_LABEL_CLASS_PREFIX;
const TYPE_BY_CLASS: ReadonlyMap<string, TrackingType> = new Map([
  ['linktrace-tracked', 'tracked'],
  ['linktrace-opt-out', 'opt-out'],
  ['linktrace-mirror-page', 'mirror-page'],
  ['linktrace-never', 'never'],
]);

export function isMjmlElement(tag: string): boolean {
  return tag.startsWith('mj-');
}

/** The class token that types a link `type`, e.g. `linktrace-opt-out`. */
export function mjmlTypeClass(type: TrackingType): string {
  return CLASS_PREFIX + type;
}

/** The type a class token stands for (`linktrace-never` → never), if it is a type token. */
export function mjmlClassType(token: string): TrackingType | undefined {
  return TYPE_BY_CLASS.get(token);
}

/** What the MJML head says about tracking classes, and where new selectors would go. */
export interface MjmlHead {
  /**
   * Class token → HTML attribute → value as written, from the `<mj-selector>`s whose path names the
   * token (the first one to set an attribute wins).
   */
  byClass: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Offset of the first `</mj-html-attributes>`: new selectors go before it. */
  htmlAttributesClose?: number;
  /** Offset just after `<mj-head …>`. */
  headOpenEnd?: number;
  /** Offset just after `<mjml …>`. */
  rootOpenEnd?: number;
}

/** The last head read, by its text: every fix of one lint run re-reads the same document's head. */
let lastRead: { text: string; head: MjmlHead } | undefined;

/**
 * Reads `<mjml>`, `<mj-head>` and the selectors of `<mj-html-attributes>`. Only the part before
 * `<mj-body` is tokenized: the head always precedes the body, and the body can be large.
 */
export function readMjmlHead(text: string): MjmlHead {
  if (lastRead?.text !== text) lastRead = { text, head: readHead(text) };
  return lastRead.head;
}

function readHead(text: string): MjmlHead {
  const bodyStart = text.indexOf('<mj-body');
  const source = bodyStart === -1 ? text : text.slice(0, bodyStart);
  countWork(source.length);
  const byClass = new Map<string, Map<string, string>>();
  const head: MjmlHead = { byClass };
  let tagName = '';
  let attributeName = '';
  let attributeValue = '';
  let tagAttributes = new Map<string, string>();
  let selector: { path: string; attributes: Map<string, string> } | undefined;
  let htmlAttributeName: string | undefined;
  let htmlAttributeValue = '';
  let insideHtmlAttributes = false;

  const tokenizer = new Tokenizer({ decodeEntities: false }, {
    onopentagname(start, end) {
      tagName = source.slice(start, end).toLowerCase();
      tagAttributes = new Map();
    },
    onattribname(start, end) {
      attributeName = source.slice(start, end).toLowerCase();
      attributeValue = '';
    },
    onattribdata(start, end) {
      attributeValue += source.slice(start, end);
    },
    onattribentity() {},
    onattribend() {
      if (!tagAttributes.has(attributeName)) tagAttributes.set(attributeName, attributeValue);
    },
    onopentagend(endIndex) {
      openTag(endIndex, false);
    },
    onselfclosingtag(endIndex) {
      openTag(endIndex, true);
    },
    onclosetag(start, end) {
      const name = source.slice(start, end).toLowerCase();
      if (name === 'mj-html-attribute' && selector && htmlAttributeName !== undefined) {
        if (!selector.attributes.has(htmlAttributeName)) selector.attributes.set(htmlAttributeName, htmlAttributeValue.trim());
        htmlAttributeName = undefined;
      } else if (name === 'mj-selector' && selector) {
        for (const token of classesInPath(selector.path)) {
          const values = byClass.get(token) ?? new Map<string, string>();
          byClass.set(token, values);
          for (const [attribute, value] of selector.attributes) if (!values.has(attribute)) values.set(attribute, value);
        }
        selector = undefined;
      } else if (name === 'mj-html-attributes' && insideHtmlAttributes) {
        insideHtmlAttributes = false;
        head.htmlAttributesClose ??= start - 2;
      }
    },
    ontext(start, end) {
      if (htmlAttributeName !== undefined) htmlAttributeValue += source.slice(start, end);
    },
    ontextentity() {},
    oncomment() {},
    oncdata() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {},
  });

  function openTag(endIndex: number, selfClosing: boolean): void {
    const after = endIndex + 1;
    if (tagName === 'mjml') head.rootOpenEnd ??= after;
    else if (tagName === 'mj-head') head.headOpenEnd ??= after;
    else if (tagName === 'mj-html-attributes') insideHtmlAttributes = !selfClosing;
    else if (tagName === 'mj-selector' && insideHtmlAttributes) {
      const path = tagAttributes.get('path');
      selector = path !== undefined && !selfClosing ? { path, attributes: new Map() } : undefined;
    } else if (tagName === 'mj-html-attribute' && selector && !selfClosing) {
      htmlAttributeName = tagAttributes.get('name')?.toLowerCase();
      htmlAttributeValue = '';
    }
  }

  tokenizer.write(source);
  tokenizer.end();
  return head;
}

/** A class token of a `css-class` value, as an attribute of its own so findings can point at it. */
function classTokens(cssClass: Attribute): Attribute[] {
  const tokens: Attribute[] = [];
  const { value } = cssClass;
  let at = 0;
  while (at < value.length) {
    while (at < value.length && isSpace(value.charCodeAt(at))) at++;
    const start = at;
    while (at < value.length && !isSpace(value.charCodeAt(at))) at++;
    if (at > start) {
      const offset = cssClass.valueSpan.start;
      tokens.push({ ...cssClass, value: value.slice(start, at), valueSpan: { start: offset + start, end: offset + at } });
    }
  }
  return tokens;
}

/** Class tokens named in a selector path (`.linktrace-opt-out a, a.linktrace-opt-out`). */
function classesInPath(path: string): Set<string> {
  const classes = new Set<string>();
  for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', dot + 1)) {
    let end = dot + 1;
    while (end < path.length && /[\w-]/.test(path.charAt(end))) end++;
    if (end > dot + 1) classes.add(path.slice(dot + 1, end));
  }
  return classes;
}

/** The head attribute value a class token maps to (`data-tracking`, `data-label`), if any selector maps it. */
function headValue(head: MjmlHead | undefined, token: string, attribute: string): string | undefined {
  return head?.byClass.get(token)?.get(attribute);
}

export interface MjmlTyping {
  type?: TrackingType;
  /** The class token that set the type. */
  typeAttribute?: Attribute;
  label?: string;
  /** The class token that set the label. */
  labelAttribute?: Attribute;
}

/**
 * The type and label an mj-* element's class tokens give it. The type token says it alone; a label
 * token's text is the one the head maps it to (the key itself when the head does not map it:
 * `mjmlUnmappedClasses` reports that the compiled email will not carry it).
 */
export function readMjmlTyping(link: Link, head: MjmlHead | undefined): MjmlTyping {
  const cssClass = link.attributes.find((attribute) => attribute.name === 'css-class');
  const typing: MjmlTyping = {};
  if (!cssClass) return typing;
  for (const token of classTokens(cssClass)) {
    const type = TYPE_BY_CLASS.get(token.value);
    if (type && !typing.type) {
      typing.type = type;
      typing.typeAttribute = token;
    } else if (token.value.startsWith(LABEL_CLASS_PREFIX) && token.value.length > LABEL_CLASS_PREFIX.length && typing.label === undefined) {
      typing.label = headValue(head, token.value, 'data-label') ?? token.value.slice(LABEL_CLASS_PREFIX.length);
      typing.labelAttribute = token;
    }
  }
  return typing;
}

/** Tracking class tokens of the link that no `<mj-html-attributes>` selector maps: MJML's output drops them. */
export function mjmlUnmappedClasses(link: Link, head: MjmlHead | undefined): Attribute[] {
  const cssClass = link.attributes.find((attribute) => attribute.name === 'css-class');
  if (!cssClass) return [];
  return classTokens(cssClass).filter((token) => {
    const type = TYPE_BY_CLASS.get(token.value);
    if (type) return headValue(head, token.value, 'data-tracking') !== type;
    return token.value.startsWith(LABEL_CLASS_PREFIX) && headValue(head, token.value, 'data-label') === undefined;
  });
}

/**
 * The minimal edits that type and/or label an mj-* element (null removes the label): class tokens
 * on `css-class` (created after the URL attribute when missing), attributes MJML would reject
 * (`conflicting`, e.g. data-tracking) removed, and the head selectors the new tokens need added to
 * `<mj-html-attributes>`, creating it, and `<mj-head>`, when missing. A fragment without `<mjml>`
 * (an mj-include partial) gets the tokens only: the including file holds the head.
 */
export function setMjmlTracking(
  text: string,
  link: Link,
  change: { type?: TrackingType; label?: string | null },
  conflicting: readonly string[],
): TextEdit[] {
  if (!link.urlAttribute) return [];
  const head = readMjmlHead(text);
  const cssClass = link.attributes.find((attribute) => attribute.name === 'css-class');
  const tokens = cssClass ? classTokens(cssClass) : [];
  const edits: TextEdit[] = [];
  const removedTokens: Attribute[] = [];
  const addedTokens: string[] = [];
  const selectors: string[] = [];

  if (change.type !== undefined) {
    const wanted = mjmlTypeClass(change.type);
    const kept = tokens.find((token) => token.value === wanted);
    for (const token of tokens) if (token !== kept && TYPE_BY_CLASS.has(token.value)) removedTokens.push(token);
    if (!kept) addedTokens.push(wanted);
    for (const attribute of link.attributes) if (conflicting.includes(attribute.name)) edits.push(attributeRemoval(text, attribute));
    if (headValue(head, wanted, 'data-tracking') !== change.type) selectors.push(selectorFor(wanted, 'data-tracking', change.type));
  }

  if (change.label !== undefined) {
    const labelTokens = tokens.filter((token) => token.value.startsWith(LABEL_CLASS_PREFIX));
    for (const attribute of link.attributes) if (attribute.name === 'data-label' || attribute.name === '_label') edits.push(attributeRemoval(text, attribute));
    if (change.label === null || change.label.trim() === '') {
      for (const token of labelTokens) removedTokens.push(token);
    } else {
      const written = escapeContent(change.label);
      const key = labelClassFor(change.label, head, written);
      const kept = labelTokens.find((token) => token.value === key);
      for (const token of labelTokens) if (token !== kept) removedTokens.push(token);
      if (!kept) addedTokens.push(key);
      if (headValue(head, key, 'data-label') !== written) selectors.push(selectorFor(key, 'data-label', written));
    }
  }

  for (const edit of classEdits(text, link, cssClass, tokens, new Set(removedTokens), addedTokens)) edits.push(edit);
  const headEdit = selectors.length ? headInsertion(text, head, selectors) : undefined;
  if (headEdit) edits.push(headEdit);
  return edits.sort((a, b) => a.start - b.start);
}

/** `linktrace-label-<slug>`; a slug another label already maps to gets a number, so keys stay one-to-one. */
function labelClassFor(label: string, head: MjmlHead, written: string): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40).replace(/-$/, '') || 'link';
  for (let n = 1; ; n++) {
    const key = LABEL_CLASS_PREFIX + slug + (n === 1 ? '' : `-${n}`);
    countWork(1);
    const mapped = headValue(head, key, 'data-label');
    if (mapped === undefined || mapped === written) return key;
  }
}

function selectorFor(token: string, attribute: string, value: string): string {
  return `<mj-selector path=".${token} a, a.${token}"><mj-html-attribute name="${attribute}">${value}</mj-html-attribute></mj-selector>`;
}

/** Token removals in place (with the space before, or after for the first) and new tokens appended. */
function classEdits(text: string, link: Link, cssClass: Attribute | undefined, tokens: readonly Attribute[], removed: ReadonlySet<Attribute>, added: readonly string[]): TextEdit[] {
  const quote = link.quote === "'" ? "'" : '"';
  if (!cssClass) {
    if (!added.length) return [];
    const urlAttribute = link.urlAttribute!;
    const after = urlAttribute.valueSpan.end + (urlAttribute.quote ? 1 : 0);
    return [{ start: after, end: after, newText: ` css-class=${quote}${added.join(' ')}${quote}` }];
  }
  const edits: TextEdit[] = [];
  const remaining = tokens.filter((token) => !removed.has(token));
  for (const token of removed) {
    let { start, end } = token.valueSpan;
    if (start > cssClass.valueSpan.start) while (start > cssClass.valueSpan.start && isSpace(text.charCodeAt(start - 1))) start--;
    else while (end < cssClass.valueSpan.end && isSpace(text.charCodeAt(end))) end++;
    edits.push({ start, end, newText: '' });
  }
  if (added.length) {
    const end = cssClass.valueSpan.end;
    const newText = (remaining.length ? ' ' : '') + added.join(' ');
    if (!cssClass.hasValue) edits.push({ start: cssClass.nameSpan.start, end: cssClass.nameSpan.end, newText: `css-class=${quote}${added.join(' ')}${quote}` });
    else if (cssClass.quote === '' && !remaining.length) edits.push({ start: cssClass.valueSpan.start, end, newText: `${quote}${added.join(' ')}${quote}` });
    else if (cssClass.quote === '') edits.push({ start: cssClass.valueSpan.start, end, newText: `${quote}${text.slice(cssClass.valueSpan.start, end)}${newText}${quote}` });
    else edits.push({ start: end, end, newText });
  }
  return edits;
}

/** Adds selectors to `<mj-html-attributes>`, or creates it (and `<mj-head>`) at the top of the document. */
function headInsertion(text: string, head: MjmlHead, selectors: readonly string[]): TextEdit | undefined {
  if (head.htmlAttributesClose !== undefined) {
    const close = head.htmlAttributesClose;
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    const indent = text.slice(lineStart, close);
    if (/^[ \t]*$/.test(indent)) {
      return { start: lineStart, end: lineStart, newText: selectors.map((selector) => `${indent}  ${selector}\n`).join('') };
    }
    return { start: close, end: close, newText: selectors.join('') };
  }
  const block = (indent: string): string =>
    `\n${indent}<mj-html-attributes>\n${selectors.map((selector) => `${indent}  ${selector}\n`).join('')}${indent}</mj-html-attributes>`;
  if (head.headOpenEnd !== undefined) {
    const indent = indentOfLine(text, head.headOpenEnd);
    return { start: head.headOpenEnd, end: head.headOpenEnd, newText: block(`${indent}  `) };
  }
  if (head.rootOpenEnd !== undefined) {
    const indent = `${indentOfLine(text, head.rootOpenEnd)}  `;
    return { start: head.rootOpenEnd, end: head.rootOpenEnd, newText: `\n${indent}<mj-head>${block(`${indent}  `)}\n${indent}</mj-head>` };
  }
  return undefined;
}

function indentOfLine(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let end = lineStart;
  while (end < offset && (text.charAt(end) === ' ' || text.charAt(end) === '\t')) end++;
  return text.slice(lineStart, end);
}

/** Deletes an attribute with the whitespace before it. */
function attributeRemoval(text: string, attribute: Attribute): TextEdit {
  let start = attribute.nameSpan.start;
  while (start > 0 && isSpace(text.charCodeAt(start - 1))) start--;
  const end = attribute.hasValue ? attribute.valueSpan.end + (attribute.quote && text.charAt(attribute.valueSpan.end) === attribute.quote ? 1 : 0) : attribute.nameSpan.end;
  return { start, end, newText: '' };
}

/** MJML copies mj-html-attribute content into a double-quoted attribute as it is: escape it for one. */
function escapeContent(value: string): string {
  return value.replace(/&(?!#?\w+;)/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

/**
 * The ranges of `<mj-navbar base-url="...">` ... `</mj-navbar>`, in one pass over the text: MJML
 * writes the base-url in front of each of their links' href. Empty when no mj-navbar-link exists.
 */
export function mjmlNavbarsWithBaseUrl(template: Template): Span[] {
  if (!template.links.some((link) => link.tag === 'mj-navbar-link')) return [];
  const { text } = template;
  const spans: Span[] = [];
  for (let at = text.indexOf('<mj-navbar'); at !== -1; at = text.indexOf('<mj-navbar', at + 1)) {
    if (text.charAt(at + 10) === '-') continue; // <mj-navbar-link
    const tagEnd = text.indexOf('>', at);
    if (tagEnd === -1) break;
    const end = text.indexOf('</mj-navbar>', tagEnd);
    if (/\sbase-url\s*=/.test(text.slice(at, tagEnd))) spans.push({ start: at, end: end === -1 ? text.length : end });
    if (end === -1) break;
    at = end;
  }
  return spans;
}

/** Whether `link` is an mj-navbar-link inside one of `navbars`. */
export function underBaseUrl(link: Link, navbars: readonly Span[]): boolean {
  return link.tag === 'mj-navbar-link' && navbars.some((navbar) => navbar.start < link.tagSpan.start && link.tagSpan.start < navbar.end);
}
