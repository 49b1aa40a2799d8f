// The tracked form of a template: each tracked link's URL becomes its redirect, opt-out and
// mirror links their pages, and one open pixel goes before </body>. Everything else is
// byte-for-byte as written.
import type { Link, Template, TrackedUrls } from './types';

export function renderTracked(template: Template, urls: TrackedUrls): string {
  const { text } = template;
  const parts: string[] = [];
  let at = 0;
  for (const link of template.links) {
    const replacement = replacementFor(link, template, urls);
    if (replacement === undefined || link.valueSpan.start < at) continue;
    const value = template.format === 'html' ? escapeForAttribute(replacement, link.quote) : replacement;
    parts.push(text.slice(at, link.valueSpan.start), value);
    at = link.valueSpan.end;
  }
  parts.push(text.slice(at));
  const rendered = parts.join('');
  if (!template.settings.opens || !urls.openPixel || template.format !== 'html') return rendered;
  return insertOpenPixel(rendered, urls.openPixel);
}

function replacementFor(link: Link, template: Template, urls: TrackedUrls): string | undefined {
  if (link.kind === 'image') return undefined;
  switch (link.tracking.type) {
    case 'tracked':
      return template.settings.clicks ? urls.click(link) : undefined;
    case 'opt-out':
      return urls.optOut;
    case 'mirror-page':
      return urls.mirrorPage;
    default:
      return undefined;
  }
}

const BODY_END = /<\/body\s*>/gi;

function insertOpenPixel(html: string, pixelUrl: string): string {
  const pixel = `<img src="${escapeForAttribute(pixelUrl, '"')}" width="1" height="1" alt="" border="0" style="display:block;width:1px;height:1px;border:0">`;
  let last = -1;
  BODY_END.lastIndex = 0;
  for (let match = BODY_END.exec(html); match; match = BODY_END.exec(html)) last = match.index;
  return last === -1 ? html + pixel : html.slice(0, last) + pixel + html.slice(last);
}

function escapeForAttribute(value: string, quote: string): string {
  let escaped = value.replace(/&/g, '&amp;');
  if (quote !== "'") escaped = escaped.replace(/"/g, '&quot;');
  if (quote !== '"') escaped = escaped.replace(/'/g, '&#39;');
  if (quote === '') escaped = escaped.replace(/[\s>]/g, (c) => encodeURIComponent(c));
  return escaped;
}
