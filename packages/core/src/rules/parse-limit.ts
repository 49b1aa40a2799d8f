import type { Rule } from '../types';

/** Reports the parts of a template nested too deep to parse: their links go unchecked. */
const rule: Rule = {
  id: 'parse-limit',
  description: 'Conditional comments nested so deep that the linter stops following them; links inside are not checked.',
  defaultSeverity: 'warning',
  check({ template, report }) {
    for (const region of template.unparsed) {
      report({
        span: { start: region.span.start, end: region.span.start },
        message: 'Conditional comments are nested deeper than linktrace follows: links from here on inside them are not checked. Close each <!--[if ...]> with <![endif]--> before opening the next.',
      });
    }
  },
};

export default rule;
