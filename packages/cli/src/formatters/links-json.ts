// `linktrace links --format json`: the inventory for scripts, with the ids and tracking sources
// the editor and the daemon use.
import type { Template } from '@linktrace/core';

export function formatLinksJson(filePath: string, template: Template): string {
  const inventory = {
    filePath,
    dialect: template.dialect,
    platform: { id: template.platform.id, name: template.platform.name, tracking: template.platform.tracking, reason: template.platformReason },
    message: { kind: template.messageKind, reason: template.messageKindReason, whole: template.wholeMessage },
    format: template.format,
    settings: template.settings,
    links: template.links.map((link) => ({
      linkId: link.id,
      kind: link.kind,
      tag: link.tag,
      attribute: link.attribute,
      url: link.raw,
      line: link.start.line,
      column: link.start.column,
      endLine: link.end.line,
      endColumn: link.end.column,
      type: link.tracking.type,
      source: link.tracking.source,
      ...(link.tracking.label !== undefined ? { label: link.tracking.label } : {}),
      text: link.text,
      ...(link.inConditionalComment ? { inConditionalComment: true } : {}),
      ...(link.inLoop ? { inLoop: true } : {}),
    })),
  };
  return `${JSON.stringify(inventory, null, 2)}\n`;
}
