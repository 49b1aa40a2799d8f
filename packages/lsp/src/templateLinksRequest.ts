// linktrace/templateLinks and linktrace/linkAt (see protocol.ts): a template's links and findings
// for an editor's own views (VS Code's Links view, commands on the link under the cursor), from the
// same cached analysis as diagnostics and CodeLens. Payloads are validated both ways.
import type { Link, Template } from '@linktrace/core';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import { guarded, type ServerContext } from './context';
import { isTypeable, linkAtOffset } from './linkDisplay';
import {
  LinkAtRequest,
  TemplateLinksRequest,
  validateLinkAtParams,
  validateTemplateLinksParams,
  type LinkAtResult,
  type TemplateLink,
  type TemplateLinksResult,
} from './protocol';
import { toRange } from './ranges';

/** "Checked for Adobe Campaign (found <%= ...) · marketing message". */
export function platformLine(template: Template): string {
  const kind = template.messageKind === 'unknown' ? 'message kind unknown' : `${template.messageKind} message`;
  return `Checked for ${template.platform.name} (${template.platformReason}) · ${kind}`;
}

export function templateLink(analysis: Analysis, link: Link): TemplateLink {
  const alt = link.kind === 'image' ? link.attributes.find((attribute) => attribute.name === 'alt')?.value : undefined;
  return {
    id: link.id,
    kind: link.kind,
    tag: link.tag,
    raw: link.raw,
    text: link.text,
    ...(alt !== undefined ? { alt } : {}),
    typeable: isTypeable(link),
    personalized: link.segments.length > 0,
    tracking: { type: link.tracking.type, source: link.tracking.source, ...(link.tracking.label !== undefined ? { label: link.tracking.label } : {}) },
    line: link.start.line,
    range: toRange(analysis.snapshot, link.valueSpan),
    tagRange: toRange(analysis.snapshot, link.tagSpan),
  };
}

export function templateLinksResult(analysis: Analysis): TemplateLinksResult {
  const { template } = analysis;
  return {
    uri: analysis.uri,
    version: analysis.version,
    format: analysis.format,
    platform: platformLine(template),
    links: template.links.map((link) => templateLink(analysis, link)),
    findings: analysis.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      range: toRange(analysis.snapshot, finding),
      ...(finding.linkId !== undefined ? { linkId: finding.linkId } : {}),
      ...(finding.fix ? { fix: { description: finding.fix.description, safe: finding.fix.safe } } : {}),
    })),
    lintOptions: analysis.options.lint,
  };
}

/** A payload that fails validation is answered with InvalidParams, naming what is wrong. */
function validParams<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    throw new ResponseError(ErrorCodes.InvalidParams, (error as Error).message);
  }
}

export function registerTemplateLinks(context: ServerContext): void {
  const analysisOf = async (uri: string) => {
    const document = context.documents.get(uri);
    return document && context.analyses.current(document);
  };

  context.connection.onRequest(TemplateLinksRequest, (raw) => {
    const params = validParams(() => validateTemplateLinksParams(raw));
    return guarded(context, TemplateLinksRequest.method, null as TemplateLinksResult | null, async () => {
      const analysis = await analysisOf(params.textDocument.uri);
      return analysis ? templateLinksResult(analysis) : null;
    });
  });

  context.connection.onRequest(LinkAtRequest, (raw) => {
    const params = validParams(() => validateLinkAtParams(raw));
    return guarded(context, LinkAtRequest.method, null as LinkAtResult | null, async () => {
      const analysis = await analysisOf(params.textDocument.uri);
      if (!analysis) return null;
      const { links } = analysis.template;
      const link = params.linkId !== undefined
        ? links.find((candidate) => candidate.id === params.linkId)
        : linkAtOffset(links, analysis.snapshot.offsetAt(params.position!));
      return link ? { uri: analysis.uri, version: analysis.version, link: templateLink(analysis, link) } : null;
    });
  });
}
