// The template for the hot-clicks view: each tracked link's start tag gets
// data-linktrace-link="<delivery link id>", found through core's parse of the same text (the
// delivery's link table names core's ids as sourceId). The webview positions its overlays on
// those attributes. Ids are checked against the id pattern, so the inserted text is inert.
import { isId, parseTemplate, type DeliveryLinkRecord, type Dialect } from '@linktrace/core';
import { LINK_ATTRIBUTE } from './messages';

export function markTrackedLinks(template: string, links: readonly DeliveryLinkRecord[], dialect?: string): string {
  const parsed = parseTemplate(template, { dialect: (dialect as Dialect | 'auto' | undefined) ?? 'auto' });
  const bySource = new Map(parsed.links.map((link) => [link.id, link]));
  const inserts: { at: number; text: string }[] = [];
  for (const record of links) {
    if (record.type !== 'tracked' || !isId(record.linkId)) continue;
    const link = bySource.get(record.sourceId);
    if (!link || link.kind !== 'link' || link.tag.startsWith('v:')) continue;
    const at = link.tagSpan.start + 1 + link.tag.length;
    if (template.slice(link.tagSpan.start + 1, at).toLowerCase() !== link.tag) continue;
    inserts.push({ at, text: ` ${LINK_ATTRIBUTE}="${record.linkId}"` });
  }
  inserts.sort((a, b) => b.at - a.at);
  let marked = template;
  for (const insert of inserts) marked = marked.slice(0, insert.at) + insert.text + marked.slice(insert.at);
  return marked;
}
