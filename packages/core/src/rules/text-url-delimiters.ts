// In a plain-text part, nothing but the surrounding characters says where a URL ends. Adobe Campaign
// only detects (and tracks) text URLs reliably between ( ), [ ], { } (or < >), and every mail client
// may glue a following `.`, `;` or `)` to the URL and open a broken address.
import type { Rule } from '../types';
import { excerpt, isWhollyPersonalized } from './helpers-markup';

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
/**
 * Characters a mail client's link detection may take as part of the URL when they follow it
 * (a final `.`, `,`, `!` or `?` is dropped by every common linkifier).
 */
const GLUED = /[;:)\]}>]/;

const rule: Rule = {
  id: 'text-url-delimiters',
  defaultSeverity: 'warning',
  scope: { tracking: ['source', 'rendered'] },
  description: 'A URL in a plain-text part not enclosed in `( )`, `[ ]`, `{ }` or `< >`: Campaign may not track it and mail clients may glue punctuation to it',
  check(context) {
    const { text, dialect } = context.template;
    const campaign = dialect === 'campaign';
    for (const link of context.template.links) {
      if (link.kind !== 'text-url' || isWhollyPersonalized(link)) continue;
      const { start, end } = link.valueSpan;
      const before = text.charAt(start - 1);
      const after = text.charAt(end);
      if (PAIRS[before] !== undefined && PAIRS[before] === after) continue;
      const glued = after !== '' && GLUED.test(after);
      if (!campaign && !glued) continue;
      context.report({
        span: link.valueSpan,
        linkId: link.id,
        message: glued
          ? `The URL ${excerpt(link.raw)} is followed by "${after}": mail clients may take it as part of the address, and the link breaks. Enclose the URL in [ ], ( ), { } or < >.`
          : `The URL ${excerpt(link.raw)} is not enclosed in delimiters: Adobe Campaign finds text-part URLs reliably only between ( ), [ ] or { }, so this one may not be tracked. Enclose it, for example [${link.raw}].`,
        fix: {
          description: 'Enclose the URL in [ ]',
          edits: [
            { start, end: start, newText: '[' },
            { start: end, end, newText: ']' },
          ],
          // The visible text of the message changes (brackets appear): the author decides.
          safe: false,
        },
      });
    }
  },
};
export default rule;
