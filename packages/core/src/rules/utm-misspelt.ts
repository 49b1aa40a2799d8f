// `utm_campain`, `UTM_Source`, `utm-medium`: analytics tools match campaign parameter names
// exactly (and case-sensitively), so a near miss is an unknown parameter and the visit is unattributed.
import type { Rule } from '../types';
import { intendedUtmNames, knownUtmNames } from '../utm';

const rule: Rule = {
  id: 'utm-misspelt',
  defaultSeverity: 'warning',
  description: 'A query parameter that looks like a misspelt UTM parameter (`utm_campain`, `UTM_Source`, `utm-medium`)',
  check(context) {
    const known = knownUtmNames(context.options.utm);
    for (const link of context.template.links) {
      if (link.kind === 'image') continue;
      const present = new Set(link.url.params.map((param) => param.name));
      for (const param of link.url.params) {
        const intended = intendedUtmNames(param.name, known);
        if (!intended.length) continue;
        const [only] = intended;
        const fixable = intended.length === 1 && !present.has(only!);
        context.report({
          span: param.nameSpan,
          linkId: link.id,
          message: `"${param.name}" is not a campaign parameter analytics tools read; did you mean ${intended.map((name) => `"${name}"`).join(' or ')}?${intended.length === 1 && present.has(only!) ? ` The link already has "${only}": remove one of them.` : ''}`,
          ...(intended.length === 1 ? {
            fix: { description: `Rename "${param.name}" to "${only}"`, edits: [{ start: param.nameSpan.start, end: param.nameSpan.end, newText: only! }], safe: fixable },
          } : {}),
        });
      }
    }
  },
};
export default rule;
