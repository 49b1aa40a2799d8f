// `href = "..."` is valid HTML, but platforms that find links with a pattern such as `href="`
// (tracking rewriters, ESP link scanners) skip it, so the link is silently not tracked.
import type { Rule } from '../types';

const rule: Rule = {
  id: 'attr-spaced-equals',
  defaultSeverity: 'warning',
  description: 'Whitespace around `=` in a URL attribute (`href = "..."`): pattern-based link trackers miss the link',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      const attribute = link.urlAttribute;
      if (!attribute || !attribute.spacedEquals) continue;
      const valueStart = attribute.valueSpan.start - (attribute.quote ? 1 : 0);
      const between = text.slice(attribute.nameSpan.end, valueStart);
      const written = text.slice(attribute.nameSpan.start, attribute.nameSpan.end);
      context.report({
        span: { start: attribute.nameSpan.start, end: valueStart },
        linkId: link.id,
        message: `Spaces around "=" in ${JSON.stringify(`${written}${between}`)}: link trackers that look for ${written}=" may not see this link and leave it untracked. Write ${written}= with no spaces.`,
        // HTML ignores whitespace around `=`, so removing it cannot change the parse.
        ...(/^\s*=\s*$/.test(between)
          ? { fix: { description: `Remove the spaces around "=" after ${written}`, edits: [{ start: attribute.nameSpan.end, end: valueStart, newText: '=' }], safe: true } }
          : {}),
      });
    }
  },
};
export default rule;
