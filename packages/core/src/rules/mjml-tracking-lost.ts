// A tracking type or label on an MJML component that the compiled email will not carry. MJML
// components render only the attributes they know (strict validation rejects the others), so
// `data-tracking` on an mj-button never reaches the <a>; and a `linktrace-*` class token reaches it
// only through a selector of <mj-html-attributes>. Either way the platform sees an untyped link:
// an opt-out counted as a click, a "never" link tracked.
import { isMjmlElement, MJML_LABEL_CLASS_PREFIX, mjmlClassType, mjmlUnmappedClasses, readMjmlHead, type MjmlHead } from '../mjml';
import { setTracking } from '../tracking';
import type { Link, Rule, RuleContext } from '../types';
import { attributeSpan } from './helpers-tracking';

const rule: Rule = {
  id: 'mjml-tracking-lost',
  defaultSeverity: 'error',
  description: 'A tracking type or label on an MJML component that the compiled email loses: an attribute MJML does not render (data-tracking on mj-button), or a linktrace-* css-class token no <mj-html-attributes> selector maps.',
  check(context) {
    let head: MjmlHead | undefined;
    for (const link of context.template.links) {
      if (link.kind !== 'link' || !isMjmlElement(link.tag)) continue;
      head ??= readMjmlHead(context.template.text);
      checkAttributes(context, link);
      // A partial without <mjml> (an mj-include) is typed by the head of the file that includes it.
      if (head.rootOpenEnd !== undefined || head.headOpenEnd !== undefined) checkClasses(context, link, head);
    }
  },
};
export default rule;

function checkAttributes(context: RuleContext, link: Link): void {
  const { tracking } = link;
  const type = tracking.typeAttribute && tracking.typeAttribute.name !== 'css-class' ? tracking.typeAttribute : undefined;
  const label = tracking.labelAttribute && tracking.labelAttribute.name !== 'css-class' ? tracking.labelAttribute : undefined;
  const dropped = type ?? label;
  if (!dropped) return;
  const change = { ...(type ? { type: tracking.type } : {}), ...(label && tracking.label !== undefined ? { label: tracking.label } : {}) };
  const what = [type, label].filter((attribute) => attribute !== undefined).map((attribute) => attribute.name).join(' and ');
  context.report({
    span: attributeSpan(context.template.text, dropped),
    linkId: link.id,
    message: `<${link.tag}> does not render ${what}: MJML's strict validation rejects it and the compiled email's link is untyped. Type it with css-class="linktrace-${tracking.type}"${label ? ' and a label class' : ''}, mapped in <mj-html-attributes>.`,
    fix: { description: `Write the ${what} as css-class tokens mapped in <mj-html-attributes>`, edits: setTracking(context.template.text, link, change), safe: true },
  });
}

function checkClasses(context: RuleContext, link: Link, head: MjmlHead): void {
  for (const token of mjmlUnmappedClasses(link, head)) {
    const type = mjmlClassType(token.value);
    const carried = type ? `data-tracking="${type}"` : `data-label="${link.tracking.label ?? ''}"`;
    const change = type ? { type: link.tracking.type } : { label: link.tracking.label ?? token.value.slice(MJML_LABEL_CLASS_PREFIX.length) };
    context.report({
      span: token.valueSpan,
      linkId: link.id,
      message: `No <mj-html-attributes> selector maps ${token.value}: the compiled email's link will not carry ${carried}. Add the selector to <mj-head>.`,
      fix: { description: `Map ${token.value} in <mj-html-attributes>`, edits: setTracking(context.template.text, link, change), safe: true },
    });
  }
}
