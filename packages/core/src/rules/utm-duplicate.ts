// The same campaign parameter twice in one URL: analytics tools keep one of them (Google Analytics
// the first), so the second is at best noise and at worst the value the author meant.
import type { Rule } from '../types';
import { parameterRemoval } from '../utm';

const rule: Rule = {
  id: 'utm-duplicate',
  defaultSeverity: 'warning',
  description: 'A UTM parameter appears twice in the same URL; analytics tools keep only one of the values',
  check(context) {
    const text = context.template.text;
    for (const link of context.template.links) {
      if (link.kind === 'image') continue;
      const first = new Map<string, { value: string }>();
      for (const param of link.url.params) {
        if (!/^utm_/i.test(param.name)) continue;
        const key = param.name.toLowerCase();
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, param);
          continue;
        }
        const same = earlier.value === param.value;
        const removal = parameterRemoval(text, param);
        context.report({
          span: param.nameSpan,
          linkId: link.id,
          message: same
            ? `"${param.name}" appears twice with the same value: remove the second one.`
            : `"${param.name}" appears twice, as "${earlier.value}" and "${param.value}": analytics tools keep only one (Google Analytics the first). Keep the value you mean.`,
          ...(removal ? {
            fix: { description: `Remove the second "${param.name}"`, edits: [{ ...removal, newText: '' }], safe: same },
          } : {}),
        });
      }
    }
  },
};
export default rule;
