// The platform registers each link of the source once. A link written inside a template loop
// (`<% for (...) { %>`, `{{#each}}`, `{% for %}`, `{{ range }}`) becomes many links in the email
// that share one tracking entry, and a URL computed by a script (`getURL()`, `document.write`) is
// not seen as a link at all: their clicks cannot be told apart or are not counted.
import type { Rule, Segment } from '../types';
import { isClickable, isTypedNever, reportSpan } from './helpers-url';

const SCRIPT_CALL = /\b(?:getURL|document\.write|write)\s*\(/;

const rule: Rule = {
  id: 'url-script-generated',
  defaultSeverity: 'error',
  scope: { tracking: ['source'] },
  description: 'A link written by a template loop or a script call (`getURL()`): its clicks cannot be tracked one link at a time.',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      if (!isClickable(link) || isTypedNever(link) || link.tracking.source === 'untrackable') continue;
      const script = link.segments.find(isScriptCall);
      if (script) {
        context.report({
          span: { start: script.start, end: Math.min(script.end, link.valueSpan.end) },
          linkId: link.id,
          message: `This URL is computed by a script call (${script.expression.slice(0, 40)}): ${context.template.platform.name} registers links from the template source and does not see this one as a link, so it is not tracked. Write the URL in the href with personalization only in its path or query.`,
        });
      } else if (link.inLoop) {
        context.report({
          span: reportSpan(text, link),
          linkId: link.id,
          message: 'This link is written inside a template loop: every copy in the email shares one tracked link, so reports cannot tell which item was clicked. If per-item clicks matter, write the items out as separate links; otherwise silence this rule on the line.',
        });
      }
    }
  },
};
export default rule;

function isScriptCall(segment: Segment): boolean {
  return segment.dialect === 'campaign' && SCRIPT_CALL.test(segment.expression);
}
