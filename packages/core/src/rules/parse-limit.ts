import { MAX_CONDITIONAL_COMMENT_DEPTH, MAX_OPEN_LINK_ELEMENTS, MAX_UNCLOSED_SEGMENTS } from '../links';
import type { Rule, UnparsedRegion } from '../types';

const MESSAGES: Record<UnparsedRegion['reason'], string> = {
  'conditional-comment-depth': `Conditional comments are nested more than ${MAX_CONDITIONAL_COMMENT_DEPTH} deep: links from here on inside them are not checked. Close each <!--[if ...]> with <![endif]--> before opening the next.`,
  'unclosed-delimiters': `More than ${MAX_UNCLOSED_SEGMENTS} personalization delimiters are left unclosed: from here on they are read as plain text and not reported one by one. Close each one (template-delimiter-unbalanced lists the first ${MAX_UNCLOSED_SEGMENTS}).`,
  'link-nesting-depth': `More than ${MAX_OPEN_LINK_ELEMENTS} links (<a>, <button>, VML shapes) are open inside each other here: from this one on their text is not read, so labels and "view online" checks miss it. Close each link element.`,
};

/** Reports where a template nests deeper than the parser follows: what lies there goes unchecked. */
const rule: Rule = {
  id: 'parse-limit',
  description: 'Conditional comments or link elements nested so deep, or so many unclosed delimiters, that the linter stops following them; what lies there is not checked.',
  defaultSeverity: 'warning',
  check({ template, report }) {
    const reported = new Set<UnparsedRegion['reason']>();
    // The first place of each kind is enough: the fix is the same everywhere.
    for (const region of template.unparsed) {
      if (reported.has(region.reason)) continue;
      reported.add(region.reason);
      report({ span: { start: region.span.start, end: region.span.start }, message: MESSAGES[region.reason] });
    }
  },
};

export default rule;
