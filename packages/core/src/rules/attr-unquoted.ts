// An unquoted URL attribute ends at the first space or `>`: a personalization value that
// contains one (a name, a city, a product title) silently cuts the URL in half.
import type { Rule } from '../types';
import { excerpt } from './helpers-markup';

const rule: Rule = {
  id: 'attr-unquoted',
  defaultSeverity: 'warning',
  description: 'An unquoted URL attribute (`href=https://...`): a space or `>` inserted by personalization cuts the URL',
  check(context) {
    for (const link of context.template.links) {
      const attribute = link.urlAttribute;
      if (!attribute || !attribute.hasValue || attribute.quote !== '' || attribute.value === '') continue;
      const quote = !attribute.value.includes('"') ? '"' : !attribute.value.includes("'") ? "'" : undefined;
      const personalized = link.segments.length > 0;
      context.report({
        span: attribute.valueSpan,
        linkId: link.id,
        message: personalized
          ? `The ${attribute.name} value ${excerpt(attribute.value)} is not quoted and holds personalization: a value with a space, quote or > ends the attribute and breaks the link for that recipient. Put the value in quotes.`
          : `The ${attribute.name} value ${excerpt(attribute.value)} is not quoted: editing it or adding personalization later easily breaks it, and some platforms' link detection only sees quoted URLs. Put the value in quotes.`,
        ...(quote
          ? {
              fix: {
                description: `Quote the ${attribute.name} value with ${quote}`,
                edits: [
                  { start: attribute.valueSpan.start, end: attribute.valueSpan.start, newText: quote },
                  { start: attribute.valueSpan.end, end: attribute.valueSpan.end, newText: quote },
                ],
                // What personalization outputs is unknown here: quoting changes how its output is cut.
                safe: !personalized,
              },
            }
          : {}),
      });
    }
  },
};
export default rule;
