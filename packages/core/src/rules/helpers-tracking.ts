// Shared by the tracking, opt-out, pixel, mirror-page, VML and link-limit rules (and helpers-url):
// where to point a finding about a link or an attribute, and how to find one attribute or take it
// out without leaving a gap.
import type { Attribute, Link, Span, TextEdit } from '../types';

/** The link's URL value, or its whole start tag when the value is empty (`href=""`), so the span is visible. */
export function linkSpan(link: Link): Span {
  return link.valueSpan.end > link.valueSpan.start ? link.valueSpan : link.tagSpan;
}

export { attributeNamed } from '../tracking';

/** The whole attribute as written: `name`, `name=value` or `name="value"` with its quotes (the closing one when present). */
export function attributeSpan(text: string, attribute: Attribute): Span {
  if (!attribute.hasValue) return attribute.nameSpan;
  const closed = attribute.quote !== '' && text.charAt(attribute.valueSpan.end) === attribute.quote;
  return { start: attribute.nameSpan.start, end: attribute.valueSpan.end + (closed ? 1 : 0) };
}

/** The attribute's value when it has one to show, else the whole attribute. */
export function attributeValueSpan(text: string, attribute: Attribute): Span {
  return attribute.valueSpan.end > attribute.valueSpan.start ? attribute.valueSpan : attributeSpan(text, attribute);
}

/** Deletes an attribute together with the whitespace before it, so `<a href="x" y="z">` becomes `<a href="x">`. */
export function attributeRemoval(text: string, attribute: Attribute): TextEdit {
  const span = attributeSpan(text, attribute);
  let start = span.start;
  while (start > 0 && isSpace(text.charCodeAt(start - 1))) start--;
  return { start, end: span.end, newText: '' };
}

/** A URL that goes nowhere: empty, blank or the `#` placeholder. */
export function isPlaceholderUrl(link: Link): boolean {
  const value = link.raw.trim();
  return value === '' || value === '#';
}

/** Whether a value carries personalization, which a static attribute like a label or type cannot. */
export function hasTemplateCode(value: string): boolean {
  return /<%|\{\{|\{%|\*\|/.test(value);
}

/** Link text shortened for a message. */
export function quoteText(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

/**
 * A plain data path as Journey Optimizer accepts it inside a URL: `profile.person.name.firstName`,
 * `context.journey.events.123.id`, `this.url`, `../x`, `items.[0]`; no helper, argument or operator.
 */
const SIMPLE_PATH = /^(?:\.\.\/)*[\w$@-]+(?:\.(?:[\w$@-]+|\[[^\]]*\]))*$/;

export function isSimplePath(expression: string): boolean {
  return SIMPLE_PATH.test(expression);
}
